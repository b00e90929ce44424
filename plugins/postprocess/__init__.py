from .postprocess import (
    Document,
    Pass,
    add_step,
    asset_url,
    finish_file,
    live,
    live_session,
    postprocess_html,
    precompress_folder,
    register,
    render_last,
    settings_for,
    write_if_changed,
)
from .render_cache import dependency_record, sources_of
