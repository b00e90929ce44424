from .guardrails import Problem, register, report, reported_problems  # noqa: F401
