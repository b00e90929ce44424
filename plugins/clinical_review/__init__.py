from .clinical_review import PROVIDES, as_date, next_review_for, register, review_articles
