from site_core import (
              Problem,
              plugin_settings,
              report,
              reported_problems,
)

from .github import annotation, step_summary
from .guardrails import PROVIDES, is_strict, register

# Plugins whose handlers of the same signals must run before this one's (ARCHITECTURE.md).
AFTER = {"*": "its last check on finalized counts the problems of every other step, "
              "rendering and compressing included"}
