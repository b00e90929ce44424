from .structured_data import (
    faq_from_html,
    graph_for,
    page_meta_for,
    register,
    serialize,
    settings_for,
)
