from .editorial_report import (
    EditorialReport,
    inbound_links,
    latest,
    own_text_table,
    register,
    report_table,
)
