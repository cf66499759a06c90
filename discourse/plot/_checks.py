"""Checks every chart makes of its arguments, so the messages have one form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..errors import ParameterError


def need(data: Any, columns: Iterable[str], fn: str, source: str) -> None:
    """Refuse ``data`` unless it is a DataFrame holding ``columns``.

    ``source`` names where such a table comes from (``"discourse.keyness"``,
    ``"neighbors()"``), for the message.
    """
    if not isinstance(data, pd.DataFrame):
        raise ParameterError(
            f"{fn}() takes a DataFrame (the output of {source}), got {type(data).__name__}"
        )
    missing = [
        c
        for c in (sorted(columns) if isinstance(columns, set) else columns)
        if c not in data.columns
    ]
    if missing:
        raise ParameterError(
            f"{fn}(): the table lacks column(s) {missing} (not in the table, which has "
            f"{list(data.columns)}); pass the output of {source} or name its columns"
        )


def item_column(data: pd.DataFrame) -> str:
    """The column naming what a rate table counts: ``frame`` or ``term``."""
    return "frame" if "frame" in data.columns else "term"
