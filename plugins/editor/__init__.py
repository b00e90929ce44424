from .editor import (
    EDITOR_CSP,
    block_templates,
    content_security_policy,
    editor_config,
    headers_policies,
    people_choices,
    policy_text,
    register,
    service_choices,
    settings_for,
)
