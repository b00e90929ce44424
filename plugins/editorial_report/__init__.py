from .editorial_report import EditorialReport, inbound_links, latest, register, report_table
