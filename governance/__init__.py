"""Governance: `invoke governance`, run weekly by .github/workflows/governance.yml.

review.py lists reviews overdue or due soon, articles with no reviewer and links
that fail, as Markdown for the job summary and one GitHub issue; links.py checks
external links politely. Neither is a Pelican plugin: they read what a build
reports (the editorial report's rows and the content objects).
"""
