"""Settings read from the environment, and where the shipped data files are.

Every ``DISCOURSE_*`` environment variable is named here, and every file
the package ships (frame lexicons, source tables, notebooks) is found
through :func:`data_folder`, so a newcomer has one place to look.

The shipped files live inside the package, in ``discourse/data/`` (so a
wheel carries them); in a source checkout ``corpus/frames``,
``corpus/sources`` and ``notebooks`` are symbolic links into that folder.

==========================  ==================================================
``DISCOURSE_CACHE``         the cache folder (default: the user cache folder)
``DISCOURSE_CACHE_LOG``     a file each cache write is logged to (the report)
``DISCOURSE_MIRROR``        a local folder holding the UNGDC archive
``DISCOURSE_NOTEBOOKS``     the report's notebooks (default: the shipped ones)
``DISCOURSE_REPORT_DATA``   where a report notebook saves its tables
==========================  ==================================================
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

CACHE_ENV = "DISCOURSE_CACHE"
CACHE_LOG_ENV = "DISCOURSE_CACHE_LOG"
MIRROR_ENV = "DISCOURSE_MIRROR"
NOTEBOOKS_ENV = "DISCOURSE_NOTEBOOKS"
REPORT_DATA_ENV = "DISCOURSE_REPORT_DATA"

#: The shipped data folders, by name: folder inside ``discourse/data/``.
DATA_FOLDERS = ("frames", "sources", "notebooks", "targets")


def data_folder(name: str) -> Path:
    """A folder of shipped data: ``"frames"``, ``"sources"`` or ``"notebooks"``.

    The folder is inside the installed package (``discourse/data/NAME``),
    found through :mod:`importlib.resources`, whether ``discourse`` is
    installed from a wheel or editable from a checkout.
    """
    if name not in DATA_FOLDERS:
        raise ValueError(
            f"name={name!r} is not a shipped data folder; known: {', '.join(map(repr, DATA_FOLDERS))}"
        )
    folder = files("discourse") / "data" / name
    # an installed (not zipped) package is a folder on disk, so callers get a real Path
    if not isinstance(folder, Path):
        raise RuntimeError(
            f"discourse is not installed as files on disk (its data is {folder!r}); "
            "install it with pip into a normal environment, not as a zip"
        )
    return folder
