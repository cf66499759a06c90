"""Error types raised by ``discourse``.

Every error names what was wrong (file, line, field or value) and what
would fix it. All inherit from :class:`DiscourseError`, so a caller can
catch the whole family; each also inherits the matching built-in type
(``ValueError``, ``OSError``) so generic handlers keep working.

=====================  ===================================================
``DiscourseError``     base class of everything below
``ReaderError``        a corpus file cannot be read: bad JSON, bad bytes,
                       missing field, duplicate ids (``ValueError``)
``ParameterError``     a bad argument to a public function (``ValueError``)
``LexiconError``       a frame lexicon file is malformed (``ValueError``)
``DataError``          not enough data for an honest answer: too few
                       documents or tokens, an empty vocabulary
                       (``ValueError``)
``FetchError``         a dataset download failed: HTTP error, checksum
                       mismatch, truncated body, no connection (``OSError``)
``CacheError``         the cache folder cannot be used (``OSError``)
``NotFittedError``     a model used before ``fit`` (a ``ParameterError``,
                       so a ``ValueError``, and an ``AttributeError``)
``ReportError``        a notebook of the report failed (``RuntimeError``)
``WorkerError``        a worker process died while running tasks; names
                       the function and the tasks (``RuntimeError``)
=====================  ===================================================
"""

from __future__ import annotations


class DiscourseError(Exception):
    """Base class of all errors raised by ``discourse``."""


class ReaderError(DiscourseError, ValueError):
    """A corpus file cannot be read as asked; the message names file and place."""


class ParameterError(DiscourseError, ValueError):
    """A public function got a bad argument; the message names it and the fix."""


class LexiconError(DiscourseError, ValueError):
    """A frame lexicon is malformed; the message names file and line."""


class DataError(DiscourseError, ValueError):
    """The data are too small or too sparse for the requested analysis."""


class FetchError(DiscourseError, OSError):
    """A download failed or produced a file that does not verify."""


class CacheError(DiscourseError, OSError):
    """The cache folder cannot be used."""


class NotFittedError(ParameterError, AttributeError):
    """A model was used before ``fit``; call ``fit(corpus)`` first."""


class ReportError(DiscourseError, RuntimeError):
    """A notebook failed while rendering the report (names the notebook, cell and error)."""

    def __init__(self, message: str, *, notebook: str, cell: int | None = None):
        super().__init__(message)
        self.notebook = notebook
        self.cell = cell

    def __reduce__(self):  # keyword arguments: pickled whole (from a report's worker process)
        return _report_error, (str(self), self.notebook, self.cell)


def _report_error(message: str, notebook: str, cell: int | None) -> ReportError:
    return ReportError(message, notebook=notebook, cell=cell)


class WorkerError(DiscourseError, RuntimeError):
    """A worker process died (killed, out of memory, a crash in compiled code) during a map.

    The message names the function and the tasks that were in flight; an
    exception raised by the task itself is re-raised as it is instead.
    """


def known(values, *, limit: int = 12) -> str:
    """Format some allowed values for an error message: ``'a', 'b', … (40 in all)``."""
    values = sorted(map(str, values))
    shown = ", ".join(repr(v) for v in values[:limit])
    if len(values) > limit:
        shown += f", … ({len(values)} in all)"
    return shown
