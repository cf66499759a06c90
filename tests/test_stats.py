"""discourse.stats: the interval helper gives np.nanquantile's numbers, fast."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from discourse.stats import percentile_interval


@pytest.mark.parametrize(
    ("shape", "axis"), [((200, 50), 0), ((400, 3, 40), 0), ((7, 500), 1), ((300,), 0)]
)
def test_percentile_interval_equals_nanquantile(shape, axis):
    rng = np.random.default_rng(sum(shape))
    x = rng.normal(size=shape)
    x[rng.random(shape) < 0.01] = np.nan  # a few NaN replicates (a rate over zero tokens)
    if x.ndim > 1:
        np.moveaxis(x, axis, 0)[:, 0] = np.nan  # and a column that is all NaN
    a = (1 - 0.9) / 2
    lo, hi = percentile_interval(x, 0.9, axis=axis)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        want = np.nanquantile(x, a, axis=axis), np.nanquantile(x, 1 - a, axis=axis)
    assert np.array_equal(lo, want[0], equal_nan=True)
    assert np.array_equal(hi, want[1], equal_nan=True)
    assert np.shape(lo) == np.shape(want[0])
