from .editorial_report import (
    PROVIDES,
    EditorialReport,
    latest,
    links_in_written_site,
    register,
    report_table,
)
