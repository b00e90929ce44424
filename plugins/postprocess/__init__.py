from .postprocess import (  # noqa: F401
    Document, add_step, asset_url, live, live_session, postprocess_html, register, settings_for,
)
