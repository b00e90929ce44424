from .guardrails import Problem, plugin_settings, register, report, reported_problems  # noqa: F401
