from .postprocess import (
    Document,
    Pass,
    asset_url,
    finish_file,
    postprocess_html,
    precompress_folder,
    register,
    settings_for,
    write_if_changed,
)
from .render_cache import dependency_record, sources_of
