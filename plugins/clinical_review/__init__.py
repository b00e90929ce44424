from .clinical_review import as_date, next_review_for, register, review_articles
