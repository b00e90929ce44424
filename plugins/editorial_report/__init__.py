from .editorial_report import EditorialReport, inbound_links, register, report_table
