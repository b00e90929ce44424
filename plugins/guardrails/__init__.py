from .guardrails import Problem, register, report  # noqa: F401
