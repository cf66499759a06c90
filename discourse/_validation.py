"""Checks of public parameters, in one place, so every message has the same form.

Each check returns the value (converted where that is safe, e.g. a numpy
integer to ``int``) or raises :class:`~discourse.errors.ParameterError`
naming the parameter, the value given and what is allowed.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np

from .errors import ParameterError, known


def is_int(value: Any) -> bool:
    """An integer (Python or numpy), not a bool."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def check_int(name: str, value: Any, low: int = 1, *, none: bool = False) -> Any:
    """``value`` as an int if it is an integer ≥ ``low`` (or None when ``none``)."""
    if none and value is None:
        return None
    if not is_int(value) or value < low:
        allowed = f"an integer ≥ {low}" + (" or None" if none else "")
        raise ParameterError(f"{name}= must be {allowed}, got {value!r}")
    return int(value)


def positive_int(name: str, value: object) -> int:
    """``value`` if it is a positive integer (not a bool), else ParameterError naming ``name=``."""
    if not is_int(value) or value < 1:
        raise ParameterError(f"{name}= must be a positive integer, got {value!r}")
    return int(value)


def check_seed(seed: object) -> int:
    """A seed: a non-negative integer."""
    if not is_int(seed) or seed < 0:
        raise ParameterError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def check_ci(ci: float) -> float:
    """An interval level strictly between 0 and 1."""
    if not (isinstance(ci, (float, int)) and not isinstance(ci, bool) and 0 < ci < 1):
        raise ParameterError(f"ci must be a level between 0 and 1 such as 0.95, got {ci!r}")
    return float(ci)


def check_choice(name: str, value: Any, options: Collection[Any]) -> Any:
    """``value`` if it is one of ``options``."""
    if value not in options:
        raise ParameterError(f"{name}={value!r}: use one of {known(options)}")
    return value


def check_unit(unit: Any) -> str | int:
    """A text unit: ``"document"``, ``"paragraph"`` or a positive number of tokens."""
    if unit in ("document", "paragraph"):
        return unit
    if is_int(unit) and unit > 0:
        return int(unit)
    raise ParameterError(
        f"unit={unit!r}: use 'document', 'paragraph' or a positive number of tokens"
    )


class _Unset:
    def __repr__(self) -> str:
        return "<not given>"


#: Default of a keyword kept under its old name for one release: tells "not given" apart
#: from every real value, ``None`` included.
UNSET: Any = _Unset()


def renamed(
    func: str, old: str, new: str, old_value: Any, new_value: Any, *, default: Any = UNSET
) -> Any:
    """The value of a renamed parameter, warning when the old spelling is used.

    Old spellings keep working for one release: ``old_value`` (anything but
    ``default``, which marks "not given") is taken with a
    ``DeprecationWarning`` that names the new spelling; giving both is an
    error. Returns the value to use. When the new keyword has a real
    default, pass ``UNSET`` in its place while it still holds that default::

        n = renamed("keyness", "top", "n", top, UNSET if n == 100 else n)

    Call it in the public function itself, so the warning points at the
    caller's line.
    """
    import warnings

    if old_value is default:
        return new_value
    if new_value is not default:
        raise ParameterError(f"{func}(): give {new}= only ({old}= is its old name)")
    warnings.warn(
        f"{func}({old}=...) is deprecated; use {new}= (the old name goes in the next release)",
        DeprecationWarning,
        stacklevel=3,
    )
    return old_value
