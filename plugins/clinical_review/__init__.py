from .clinical_review import next_review_for, register  # noqa: F401
