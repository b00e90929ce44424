from .editorial_report import (
    EditorialReport,
    links_in_written_site,
    register,
    report_table,
)
