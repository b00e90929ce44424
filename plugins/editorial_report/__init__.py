from .editorial_report import (
    PROVIDES,
    EditorialReport,
    latest,
    links_in_written_site,
    own_text_table,
    register,
    report_table,
)
