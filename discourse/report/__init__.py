"""The HTML report: notebooks executed with papermill and rendered offline.

=========================  ==================================================
:func:`render_report`      execute the notebooks, write one page each, the
                           index and the run manifest (``render.py``: the
                           parameters, the corpus, the manifest, the steps)
``execute.py``             running one notebook: papermill, a kernel on local
                           sockets, cell errors, provenance and cache logs
:func:`make_offline`       the pages: no scripts, no network; style, nav,
                           manifest block, index page (``html.py``)
:func:`open_corpus`,       what the notebooks call: the corpus from a
:func:`section`,           parameter, sections that skip with a reason,
:func:`save_table`,        tables kept as CSV (``notebook.py``)
:func:`show_table`,
:func:`shown_dates`
``defaults``               notebook defaults from the corpus; UNGDC_PARAMS
                           (``defaults.py``)
=========================  ==================================================

The command line for it is :mod:`discourse.cli.report`.
"""

from __future__ import annotations

from . import defaults
from .defaults import UNGDC_PARAMS
from .html import make_offline
from .notebook import (
    data_dir,
    open_corpus,
    require_dates,
    save_provenance,
    save_table,
    section,
    show_provenance,
    show_table,
    shown_dates,
)
from .render import (
    DEFAULT_SOURCES,
    DEFAULT_YEARS,
    ORDER,
    ReportResult,
    declared_parameters,
    discover_notebooks,
    notebooks_dir,
    parse_set,
    parse_sources,
    parse_years,
    render_report,
)

__all__ = [
    "DEFAULT_SOURCES",
    "DEFAULT_YEARS",
    "ORDER",
    "ReportResult",
    "UNGDC_PARAMS",
    "defaults",
    "data_dir",
    "declared_parameters",
    "discover_notebooks",
    "make_offline",
    "notebooks_dir",
    "open_corpus",
    "parse_set",
    "parse_sources",
    "parse_years",
    "render_report",
    "require_dates",
    "save_provenance",
    "save_table",
    "section",
    "show_provenance",
    "show_table",
    "shown_dates",
]
