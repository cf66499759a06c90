"""Shared pytest fixtures. Each section belongs to one area; keep sections self-contained."""

from __future__ import annotations

import datetime as _core_dt

# ============================================================================
# UNGDC / datasets / sources fixtures (owner: datasets; tests/test_ungdc.py,
# tests/test_fetch.py, tests/test_sources.py)
# ============================================================================
import io as _ungdc_io
import os as _core_os
import tarfile as _ungdc_tarfile
import tempfile as _core_tempfile
from pathlib import Path as _UngdcPath

import pytest as _ungdc_pytest
from paths import SHARED_CORPORA

#: The read-only real UNGDC mirror beside the repository (never write into it).
SHARED_UNGDC = SHARED_CORPORA / "ungdc"

#: Members of the synthetic archive: name → bytes. Seven are kept as speeches
#: (UNGDC_SYNTHETIC_KEPT); one is empty and two are not speeches.
UNGDC_SYNTHETIC_MEMBERS: dict[str, bytes] = {
    "TXT/Session 74 - 2019/CHN_74_2019.txt": b"China speaks of external interference.\n",
    "TXT/Session 74 - 2019/EU_74_2019.txt": b"The European Union supports multilateralism.\n",
    "TXT/Session 74 - 2019/USA_74_2019.txt": b"The United States speaks of freedom.\n",
    "TXT/Session 75 - 2020/CHN_75_2020.txt": b"Unilateral coercion must end.\n",
    "TXT/Session 75 - 2020/FRA_75_2020.txt": b"  \n\n",  # empty speech
    "TXT/Session 75 - 2020/SYR_75_2020.txt": b"Syria rejects isolation \xff here.\n",  # one bad byte
    "TXT/Session 75 - 2020/USA_75_2020.txt": "Peace through strength — caf\u00e9.\n".encode(),
    "TXT/Session 76 - 2021/USA_76_2021.txt": b"Diplomacy is back.\n",
    "TXT/Session 76 - 2021/notes.txt": b"not a speech\n",  # unrecognised name
    "TXT/Session 76 - 2021/._USA_76_2021.txt": b"\x00\x05\x16\x07",  # macOS junk
}
UNGDC_SYNTHETIC_KEPT = {
    "CHN_74_2019",
    "EU_74_2019",
    "USA_74_2019",
    "CHN_75_2020",
    "SYR_75_2020",
    "USA_75_2020",
    "USA_76_2021",
}
UNGDC_SYNTHETIC_SPEAKERS = [
    ("Year", "Session", "ISO Code", "Country", "Name of Person Speaking", "Post", None),
    (2020, 75, "USA", "United States of America", "Mr. Donald Trump ", "President", None),
    (2020, 75, "CHN ", "China", "Mr. Xi Jinping", "President", None),
    (2019, 74, "CHN", "China", "Mr. Wang Yi", None, None),
    (2019, 74, "CHN", "China", "Mr. Wang Yi", "Foreign Minister", None),  # duplicate row
    (1987, 42, None, "League of Arab States", "Mr. Maksoud", None, None),  # no code
]


def write_ungdc_archive(path, members=None):
    """Write a small archive in the official layout (directories included)."""
    members = UNGDC_SYNTHETIC_MEMBERS if members is None else members
    path = _UngdcPath(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    dirs = sorted({"TXT"} | {m.rsplit("/", 1)[0] for m in members if "/" in m})
    with _ungdc_tarfile.open(path, "w:gz") as tar:
        for d in dirs:
            info = _ungdc_tarfile.TarInfo(d)
            info.type = _ungdc_tarfile.DIRTYPE
            info.mode = 0o755
            tar.addfile(info)
        for name, data in members.items():
            info = _ungdc_tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, _ungdc_io.BytesIO(data))
    return path


def write_speakers_xlsx(path, rows=None):
    """Write a tiny Speakers_by_session.xlsx with the real file's columns."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in UNGDC_SYNTHETIC_SPEAKERS if rows is None else rows:
        ws.append(list(row))
    wb.create_sheet("Sheet2")
    wb.save(path)
    return _UngdcPath(path)


@_ungdc_pytest.fixture
def ungdc_synthetic():
    """The synthetic UNGDC data and its writers, as one namespace."""
    from types import SimpleNamespace

    return SimpleNamespace(
        members=UNGDC_SYNTHETIC_MEMBERS,
        kept=UNGDC_SYNTHETIC_KEPT,
        speakers=UNGDC_SYNTHETIC_SPEAKERS,
        write_archive=write_ungdc_archive,
        write_speakers=write_speakers_xlsx,
    )


@_ungdc_pytest.fixture
def ungdc_cache(tmp_path, monkeypatch):
    """An empty DISCOURSE_CACHE in tmp_path; DISCOURSE_MIRROR unset."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("DISCOURSE_CACHE", str(cache))
    monkeypatch.delenv("DISCOURSE_MIRROR", raising=False)
    return cache


@_ungdc_pytest.fixture
def ungdc_folder(tmp_path):
    """A folder like the Dataverse dataset: UNGDC_2019-2021.tgz + Speakers_by_session.xlsx."""
    folder = tmp_path / "ungdc-src"
    write_ungdc_archive(folder / "UNGDC_2019-2021.tgz")
    write_speakers_xlsx(folder / "Speakers_by_session.xlsx")
    return folder


@_ungdc_pytest.fixture(scope="session")
def shared_ungdc():
    """The real UNGDC mirror (read only); the test is skipped where it is absent."""
    if not (SHARED_UNGDC / "UNGDC_1946-2023.tgz").is_file():
        _ungdc_pytest.skip(
            f"the real UNGDC mirror is not at {SHARED_UNGDC} (needs ../shared/corpora)"
        )
    return SHARED_UNGDC


# ============================================================================
# end of UNGDC / datasets / sources fixtures
# ============================================================================


# ============================================================================
# Core fixtures (owner: core; corpus, tokens, cache). Every test session gets
# its own cache folder (DISCOURSE_TEST_CACHE reuses one across sessions for
# local speed), charts use the Agg backend, and figures are closed after
# each test.
# ============================================================================
_core_os.environ.setdefault("MPLBACKEND", "Agg")
_core_os.environ["DISCOURSE_CACHE"] = _core_os.environ.get(
    "DISCOURSE_TEST_CACHE"
) or _core_tempfile.mkdtemp(prefix="discourse-test-cache-")


@_ungdc_pytest.fixture(autouse=True)
def _core_close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@_ungdc_pytest.fixture
def tiny_corpus():
    """Six short documents from three sources over three years (a synthetic fixture)."""
    from discourse import Corpus, Document

    d = _core_dt.date
    docs = [
        Document(
            "chn-2019",
            "China opposes external interference and unilateral coercion.",
            "CHN",
            d(2019, 9, 24),
        ),
        Document(
            "chn-2020",
            "Sovereignty and non-interference. External interference must stop!",
            "CHN",
            d(2020, 9, 22),
        ),
        Document(
            "syr-2019",
            "Syria will not accept isolation. The isolation is unjust.",
            "SYR",
            d(2019, 9, 28),
        ),
        Document(
            "syr-2020",
            "Unilateral coercive measures hurt the Syrian people.",
            "SYR",
            d(2020, 9, 26),
        ),
        Document(
            "usa-2019",
            "The U.S.-led order. Isolation of the regime; a counterweight.",
            "USA",
            d(2019, 9, 24),
        ),
        Document(
            "usa-2020", "Freedom and democracy; sanctions on the regime.", "USA", d(2020, 9, 22)
        ),
    ]
    return Corpus(docs, name="tiny")


@_ungdc_pytest.fixture(scope="session")
def ungdc_corpus():
    """The real UNGDC from ../shared (skipped with a reason where it is absent)."""
    if not (SHARED_UNGDC / "UNGDC_1946-2023.tgz").exists():
        _ungdc_pytest.skip(f"the UNGDC mirror is not at {SHARED_UNGDC}")
    from discourse.datasets import ungdc

    return ungdc.load(SHARED_UNGDC)
