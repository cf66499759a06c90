"""A griffe extension for the docs build: Sphinx roles in docstrings shown as code.

The package's numpydoc docstrings use Sphinx cross-reference roles
(``:func:`discourse.keyness```, ``:class:`~discourse.errors.DataError```)
and reST's ``Text::`` before a literal block. mkdocstrings renders
Markdown, where those would show as raw markup, so this extension rewrites
them in the loaded docstrings (the source files are not touched):

* ``:role:`name``` → ```name```; ``:role:`~a.b.c``` → ```c```
  (``func``, ``meth``, ``class``, ``mod``, ``attr``, ``data``, ``exc``,
  ``obj``, ``const``; with or without a ``py:`` domain);
* a paragraph ending in ``::`` ends in ``:`` (the indented block after it
  is still rendered as code).

Configured in ``mkdocs.yml`` under the python handler's ``extensions``.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:func|meth|class|mod|attr|data|exc|obj|const):`(~?)([^`]+)`")
LITERAL = re.compile(r"(\S)::[ \t]*$", re.M)


def _role(m: re.Match) -> str:
    tilde, target = m.groups()
    return f"`{target.rsplit('.', 1)[-1] if tilde else target}`"


def convert(text: str) -> str:
    """Docstring text with Sphinx roles as inline code and ``::`` as ``:``."""
    return LITERAL.sub(r"\1:", ROLE.sub(_role, text))


class SphinxRoles(griffe.Extension):
    """Rewrite each object's docstring when griffe loads it."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = convert(obj.docstring.value)
