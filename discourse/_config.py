"""Settings read from the environment, and where the shipped data files are.

Every ``DISCOURSE_*`` environment variable is named here, and every file
the package ships (frame lexicons, source tables, notebooks) is found
through :func:`data_folder`, so a newcomer has one place to look.

==========================  ==================================================
``DISCOURSE_CACHE``         the cache folder (default: the user cache folder)
``DISCOURSE_CACHE_LOG``     a file each cache write is logged to (the report)
``DISCOURSE_MIRROR``        a local folder holding the UNGDC archive
``DISCOURSE_NOTEBOOKS``     the report's notebooks (default: the shipped ones)
``DISCOURSE_REPORT_DATA``   where a report notebook saves its tables
==========================  ==================================================
"""

from __future__ import annotations

from pathlib import Path

CACHE_ENV = "DISCOURSE_CACHE"
CACHE_LOG_ENV = "DISCOURSE_CACHE_LOG"
MIRROR_ENV = "DISCOURSE_MIRROR"
NOTEBOOKS_ENV = "DISCOURSE_NOTEBOOKS"
REPORT_DATA_ENV = "DISCOURSE_REPORT_DATA"

#: The source checkout: the folder that holds ``discourse/``, ``corpus/`` and ``notebooks/``.
CHECKOUT = Path(__file__).resolve().parents[1]


def data_folder(name: str) -> Path:
    """A folder of shipped data: ``"frames"``, ``"sources"`` (under ``corpus/``) or ``"notebooks"``."""
    if name == "notebooks":
        return CHECKOUT / "notebooks"
    return CHECKOUT / "corpus" / name
