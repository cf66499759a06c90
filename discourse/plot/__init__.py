"""Charts: matplotlib, data in, Axes out.

Every function takes a tidy DataFrame (as returned by the analysis
functions) and ``ax=None``, draws on that Axes (or a new figure's) inside
the house style, and returns the Axes. Nothing here calls ``plt.show()``
or ``savefig`` or changes global settings.

The charts live in one module per analysis (``framing``, ``compare``,
``topics``, ``embeddings``); every public chart is also reachable here:
``discourse.plot.rate_heatmap(...)``.
"""

from __future__ import annotations

import importlib

_MODULES = ("framing", "compare", "topics", "embeddings")


def __getattr__(name: str):
    if not name.startswith("_"):
        for mod in _MODULES:
            try:
                m = importlib.import_module(f".{mod}", __name__)
            except ModuleNotFoundError:
                continue
            if name in getattr(m, "__all__", ()):
                return getattr(m, name)
    raise AttributeError(f"discourse.plot has no chart {name!r}")


def __dir__():
    names = set()
    for mod in _MODULES:
        try:
            names |= set(importlib.import_module(f".{mod}", __name__).__all__)
        except ModuleNotFoundError:
            continue
    return sorted(names)
