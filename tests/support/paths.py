"""Paths the tests share: this folder, the hand-made bad inputs, and ../shared beside the repo."""

from __future__ import annotations

from pathlib import Path

SUPPORT = Path(__file__).resolve().parent
TESTS = SUPPORT.parent
REPO = TESTS.parent
#: Hand-made malformed inputs (see bad_inputs/README.md).
BAD_INPUTS = SUPPORT / "bad_inputs"
#: The read-only shared corpora beside the repository (never write into it).
SHARED_CORPORA = REPO.parent / "shared" / "corpora"
