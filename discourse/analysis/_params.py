"""Marker for old parameter spellings kept for one release (see :func:`discourse._validation.renamed`).

An old keyword defaults to :data:`OLD`, so "not given" is told apart from
every real value (``None`` included). When the new keyword has a real
default, pass ``OLD`` in its place while it still holds that default::

    n = renamed("keyness", "top", "n", top, OLD if n == 100 else n, default=OLD)

``renamed`` is called in the public function itself, so its warning
points at the caller's line.
"""

from __future__ import annotations


class _Old:
    def __repr__(self) -> str:
        return "<deprecated>"


OLD = _Old()
