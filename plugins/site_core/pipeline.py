"""The pipeline's order, checked: PLUGINS is the order of every signal's handlers.

Pelican connects each plugin's handlers when it registers the plugin, in the
order of PLUGINS, and a signal calls its handlers in the order they were
connected. So where one plugin's handler must run after another's on the same
signal, the plugin says so in its package: ``AFTER = {"other": "why"}``
(``"*"``: after every other plugin). ``order_problems`` reads those
declarations and says, for each one PLUGINS breaks, what goes wrong.
"""

from __future__ import annotations

import importlib


def short_name(plugin: str) -> str:
    return plugin.rsplit(".", 1)[-1]


def declared_after(plugin: str) -> dict[str, str]:
    """The plugin package's AFTER declaration ({} for plugins that declare none)."""
    try:
        module = importlib.import_module(plugin)
    except ImportError:
        return {}
    return dict(getattr(module, "AFTER", {}) or {})


def order_problems(plugins: list[str], declarations=declared_after) -> list[str]:
    """One sentence for each declared dependency that the order of ``plugins`` breaks."""
    names = [short_name(plugin) for plugin in plugins]
    problems = []
    for position, plugin in enumerate(plugins):
        for other, why in declarations(plugin).items():
            if other == "*":
                later = names[position + 1:]
                if later:
                    problems.append(f"{names[position]} must be the last of PLUGINS ({why}), "
                                    f"but {', '.join(later)} come after it")
            elif other in names and names.index(other) > position:
                problems.append(f"{names[position]} must come after {other} in PLUGINS: {why}")
    return problems
