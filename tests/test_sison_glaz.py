"""Tests of migstats._core.sison_glaz: Sison & Glaz's region as statsmodels computes it.

The reference is statsmodels' own ``multinomial_proportions_confint(method=
"sison-glaz")`` (independent code: scalar Poisson probabilities, one ``c``
at a time), compared number for number.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import statsmodels
from hypothesis import given, settings
from hypothesis import strategies as st

from migstats import multinomial_ci
from migstats._core.sison_glaz import SEARCH_BLOCK, sison_glaz_region

#: The search as sison_glaz_region does it is statsmodels' from 0.15 on (module docstring).
pytestmark = pytest.mark.skipif(
    tuple(int(x) for x in statsmodels.__version__.split(".")[:2]) < (0, 15),
    reason="statsmodels before 0.15 searches from c = 1 (sison_glaz.py's docstring)",
)


def statsmodels_region(counts, alpha):
    from statsmodels.stats.proportion import multinomial_proportions_confint

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")  # its log of a negative Edgeworth factor (large counts)
        return multinomial_proportions_confint(counts, alpha=alpha, method="sison-glaz")


@settings(deadline=None, max_examples=20)
@given(
    counts=st.lists(st.integers(0, 600), min_size=2, max_size=8).filter(lambda c: sum(c) > 0),
    alpha=st.sampled_from([0.01, 0.05, 0.1, 0.2, 0.37]),
)
def test_the_numbers_of_statsmodels(counts, alpha):
    counts = np.array(counts, dtype=float)
    np.testing.assert_array_equal(
        sison_glaz_region(counts, alpha), statsmodels_region(counts, alpha)
    )


@pytest.mark.parametrize(
    "counts",
    [
        [56, 72, 73, 59, 62, 87, 58],  # Sison & Glaz (1995), example 1
        [1, 0],  # the degenerate box already covers: c = 0
        [5351, 24649],  # large counts: the coverage is NaN at small c
        [9000, 200, 7000, 1500, 4000],  # c beyond the first block of the search
    ],
)
def test_known_cases(counts):
    counts = np.array(counts, dtype=float)
    got = sison_glaz_region(counts, 0.05)
    np.testing.assert_array_equal(got, statsmodels_region(counts, 0.05))
    # the intervals hold the estimates and lie in [0, 1]
    p = counts / counts.sum()
    assert np.all((got[:, 0] <= p) & (p <= got[:, 1]))
    assert np.all((got >= 0) & (got <= 1))


def test_searches_past_one_block():
    counts = np.array([9000.0, 200, 7000, 1500, 4000])
    n = counts.sum()
    half_width = (counts / n - sison_glaz_region(counts, 0.05)[:, 0]) * n
    assert half_width.max() > SEARCH_BLOCK  # the test above did reach a second block


def test_multinomial_ci_uses_it():
    ci = multinomial_ci([56, 72, 73, 59, 62, 87, 58])
    region = statsmodels_region(np.array([56.0, 72, 73, 59, 62, 87, 58]), 0.05)
    np.testing.assert_array_equal(ci.low, region[:, 0])
    np.testing.assert_array_equal(ci.high, region[:, 1])
