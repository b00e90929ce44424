from .guardrails import Problem, plugin_settings, register, report  # noqa: F401
