"""Valid extreme input answers without a warning; a deff too large is refused by name.

Every call here runs with warnings turned into errors (``simplefilter("error")``),
so a numpy ``RuntimeWarning``, a statsmodels warning or a
:class:`migstats.MigstatsWarning` that reached the caller would fail the test:

* the audit at a design effect so large that a score test of two groups has
  an effective total ``(n1 + n2) / deff`` of at most 1 refuses with one
  message, the same in :func:`migstats.audit` and the batch audit, naming the
  argument that set that deff and the claims without a p-value;
* a gradient claim on groups all at 0% or 100% (no sampling variance) is
  tested by the audit's convention for a zero standard error (``safe_z``)
  and says so in its reason, instead of a misleading error about ``deff``
  (rounding-aware off) or the slope index's own warning (rounding-aware on);
* the Miettinen-Nurminen score statistic at equal shares, at every
  effective total (NaN where ``N / (N - 1)`` is undefined);
* the slope and relative index of inequality on tiny shares, huge sizes and
  huge design effects (the RII's standard error in log space).

Expected values are closed forms written out in the tests.
"""

from __future__ import annotations

import warnings
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import migstats
from migstats import MigstatsValueError, SampleDesign, slope_index
from migstats._audit.batch import BatchAudit
from migstats._core import score_statistic

AGES = ["young", "old"]


def _no_warning(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


def _design(groups=AGES) -> SampleDesign:
    return SampleDesign(
        n=2000,
        n_range=(2000, 2000),
        deff=1.0,
        weighted=False,
        shares={"age": {g: 1.0 / len(groups) for g in groups}},
    )


def _tables(percents: dict) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "table": "T",
            "item": "q",
            "response": "yes",
            "dimension": "age",
            "group": list(percents),
            "percent": [float(p) for p in percents.values()],
        }
    )


def _claims(kind: str, groups: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "claim_id": ["A1"],
            "kind": [kind],
            "table": ["T"],
            "item": ["q"],
            "response": ["yes"],
            "dimension": ["age"],
            "groups": [groups],
            "claim": ["a claim"],
        }
    )


def _audit(kind: str, groups: str, percents: dict, **kw) -> pd.Series:
    names = list(percents)
    frame = migstats.audit(
        claims=_claims(kind, groups),
        tables=_tables(percents),
        design=_design(names),
        dimensions={"age": names},
        correction="none",
        **kw,
    ).frame
    return frame.set_index("claim_id").loc["A1"]


# --------------------------------------------------------------------------
# a deff too large for a score test of two groups (audit and batch agree)
# --------------------------------------------------------------------------


class TestHugeDeff:
    PCTS: ClassVar[dict] = {"young": 30, "old": 40}
    MESSAGE = (
        r"^deff must be small enough that every tested comparison keeps an effective size "
        r"\(n1 \+ n2\) / deff above 1 at n = 2,000 \(at deff 1e\+06 no p-value for A1\), "
        r"but got 1000000"
    )

    def test_audit_refuses_naming_deff_and_the_claim(self):
        with pytest.raises(MigstatsValueError, match=self.MESSAGE):
            _no_warning(lambda: _audit("difference", "old>young", self.PCTS, deff=1e6))

    def test_batch_audit_refuses_with_the_same_message(self):
        with pytest.raises(MigstatsValueError) as by_audit:
            _no_warning(lambda: _audit("difference", "old>young", self.PCTS, deff=1e6))
        batch = BatchAudit(
            _tables(self.PCTS),
            _claims("difference", "old>young"),
            _design(),
            dimensions={"age": AGES},
            deff=1e6,
            correction="none",
        )
        with pytest.raises(MigstatsValueError) as by_batch:
            _no_warning(lambda: batch.verdicts(np.array([[30.0, 40.0]])))
        assert str(by_batch.value) == str(by_audit.value)

    def test_a_deff_of_the_grid_is_named_deffs(self):
        # the conservative headline takes the largest deff of the grid: the
        # message names deffs and its values, not the central deff
        with pytest.raises(MigstatsValueError, match=r"^deffs must .* but got \[1.0, 1000000.0\]"):
            _no_warning(
                lambda: _audit(
                    "difference",
                    "old>young",
                    self.PCTS,
                    headline="conservative",
                    deffs=[1.0, 1e6],
                )
            )

    def test_a_test_without_the_size_requirement_is_computed(self):
        # the slope index has no minimum size: not significant at deff 1e6,
        # significant at the grid's deff 1
        row = _no_warning(lambda: _audit("gradient", "increasing", self.PCTS, deff=1e6))
        assert row["verdict"] == "depends on n"
        assert 0.05 < row["pvalue"] <= 1.0


# --------------------------------------------------------------------------
# groups at 0% or 100%: no sampling variance, no misleading error, no warning
# --------------------------------------------------------------------------


class TestSharesAtTheBounds:
    @pytest.mark.parametrize("aware", [True, False])
    @pytest.mark.parametrize("pct", [0, 100])
    def test_gradient_of_two_groups_at_one_bound(self, pct, aware):
        # before: rounding-aware off, "deff must be small enough ..." (deff 1!);
        # on, slope_index's MigstatsWarning reached the caller
        pcts = {"young": pct, "old": pct}
        row = _no_warning(lambda: _audit("gradient", "increasing", pcts, rounding_aware=aware))
        assert row["verdict"] == "not supported"
        assert row["pvalue"] == 1.0
        assert "every group at 0% or 100%" in row["reason"]

    def test_gradient_agrees_with_the_difference_at_zero_vs_zero(self):
        pcts = {"young": 0, "old": 0}
        grad = _no_warning(lambda: _audit("gradient", "increasing", pcts, rounding_aware=False))
        diff = _no_warning(lambda: _audit("difference", "old>young", pcts, rounding_aware=False))
        assert grad["verdict"] == diff["verdict"] == "not supported"
        assert grad["pvalue"] == diff["pvalue"] == 1.0

    def test_gradient_between_the_bounds_is_supported(self):
        row = _no_warning(
            lambda: _audit("gradient", "increasing", {"young": 0, "old": 100}, rounding_aware=False)
        )
        assert row["verdict"] == "supported"
        assert row["estimate"] == pytest.approx(200.0)  # SII = 2 (p_old - p_young), points

    def test_equivalence_over_three_groups_at_zero(self):
        pcts = {"a": 0, "b": 0, "c": 0}
        row = _no_warning(lambda: _audit("no_difference", "all", pcts))
        assert row["verdict"] == "supported"
        assert "every group at 0% or 100%" in row["reason"]

    def test_slope_index_itself_still_warns(self):
        # the core's documented warning stays for direct callers
        with pytest.warns(migstats.MigstatsWarning, match="test is undefined"):
            res = slope_index([0.0, 1.0], 100, [0.5, 0.5])
        assert res.sii == 2.0 and res.pvalue == 0.0


# --------------------------------------------------------------------------
# the score statistic at equal shares
# --------------------------------------------------------------------------


@st.composite
def equal_share_pairs(draw):
    """(x1, n1, x2, n2): the same share exactly, at any effective total (halved sizes)."""
    n1 = draw(st.integers(1, 400))
    k1 = draw(st.integers(0, n1))
    c = draw(st.integers(1, 5))
    scale = 2.0 ** -draw(st.integers(0, 12))  # exact: the shares stay equal
    return k1 * scale, n1 * scale, c * k1 * scale, c * n1 * scale


class TestScoreStatisticAtEqualShares:
    @given(equal_share_pairs(), st.booleans())
    @example((0.25, 0.5, 0.25, 0.5), True)  # N = 1: N / (N - 1) divided by zero
    @example((0.0, 0.25, 0.0, 0.25), True)  # N < 1, both shares 0
    def test_no_warning_zero_or_nan(self, pair, correction):
        x1, n1, x2, n2 = pair
        z = _no_warning(lambda: score_statistic(x1, n1, x2, n2, 0.0, correction=correction))
        if correction and n1 + n2 <= 1.0:
            assert np.isnan(z)  # undefined, never a number that could become a verdict
        else:
            assert z == 0.0

    def test_huge_sizes(self):
        # b c / (6 N^2) of the restricted estimate overflowed at N ~ 1e300
        ci = _no_warning(lambda: migstats.diff_ci(0, 1e300, 0, 1e300, method="miettinen_nurminen"))
        assert ci.low <= 0.0 <= ci.high
        res = _no_warning(lambda: migstats.compare(1e299, 1e300, 1e299, 1e300))
        assert res.statistic == 0.0 and res.pvalue == 1.0

    @pytest.mark.parametrize("n", [1e154, 1e200, 1e300])
    def test_newcombe_at_huge_sizes(self, n):
        # statsmodels' Wilson step squares n: overflow, and at n = 1e300 an interval
        # of width 9e-8 where z sqrt(2 p q / n) is about 1e-150
        ci = _no_warning(lambda: migstats.diff_ci(0.5 * n, n, 0.4 * n, n, method="newcombe"))
        half = 1.96 * np.sqrt(0.5 * 0.5 / n + 0.4 * 0.6 / n)
        assert ci.low <= (0.5 * n) / n - (0.4 * n) / n <= ci.high  # the estimate, in floats
        assert ci.high - ci.low <= 2 * half * (1 + 1e-6) + 1e-16


# --------------------------------------------------------------------------
# slope and relative index of inequality at extreme but valid input
# --------------------------------------------------------------------------


@st.composite
def extreme_sii_inputs(draw):
    g = draw(st.integers(2, 5))
    share = st.one_of(st.floats(0.0, 1.0), st.sampled_from([0.0, 1.0, 5e-324, 1e-300, 1e-200]))
    p = draw(st.lists(share, min_size=g, max_size=g))
    raw = np.array(draw(st.lists(st.floats(1e-3, 1.0), min_size=g, max_size=g)))
    n = draw(st.one_of(st.floats(1.0, 1e300), st.sampled_from([1.0, 1e308])))
    deff = draw(st.one_of(st.floats(1e-300, 1e300), st.sampled_from([1e308, 1.0])))
    return p, n, raw / raw.sum(), deff


class TestSlopeIndexExtremes:
    @given(extreme_sii_inputs())
    @example(([0.0, 2.2e-311], 1.0, np.array([0.5, 0.5]), 1.0))  # uco / top overflowed
    @example(([0.0, 0.5], 1.0, np.array([0.5, 0.5]), 1e308))  # deff p (1 - p) / n overflowed
    @example(([0.0] * 4 + [1 - 1e-16], 1e308, np.full(5, 0.2), 1e-300))  # sii / se overflowed
    def test_no_runtime_warning(self, inp):
        p, n, w, deff = inp
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            warnings.filterwarnings("ignore", "slope_index: every group", migstats.MigstatsWarning)
            res = slope_index(p, n, w, deff=deff)
        assert res.sii_standard_error >= 0.0
        if np.isfinite(res.rii):
            assert res.rii_ci.low <= res.rii <= res.rii_ci.high

    def test_rii_standard_error_near_a_zero_bottom(self):
        # two groups of 500 at p = 1e-200: c = (-2, 2), a = top = p, so the
        # gradient of log RII is (-2, 2) / p and var = 2 (2 / p)^2 p (1 - p) / 500
        p = 1e-200
        res = _no_warning(lambda: slope_index([p, p], 1000, [0.5, 0.5]))
        assert res.rii == 1.0
        assert res.log_rii_standard_error == pytest.approx(np.sqrt(8.0 / p / 500.0), rel=1e-12)
        assert (res.rii_ci.low, res.rii_ci.high) == (0.0, np.inf)

    def test_sii_standard_error_at_a_huge_deff(self):
        # se = sqrt(deff) * 2 sqrt(p (1 - p) / n_g) with n_g = 0.5
        res = _no_warning(lambda: slope_index([0.0, 0.5], 1.0, [0.5, 0.5], deff=1e308))
        assert res.sii_standard_error == pytest.approx(np.sqrt(1e308) * 2 * np.sqrt(0.5), rel=1e-12)


def test_ratio_of_two_zero_shares_says_undefined():
    """0% / 0%: no ratio is printed as 'nan'; the claim is not supported, and says why."""
    groups = ["a", "b"]
    tables = pd.DataFrame(
        {
            "table": "T",
            "item": "q",
            "response": "yes",
            "dimension": ["total", "g", "g"],
            "group": ["total", *groups],
            "percent": [0.0, 0.0, 0.0],
        }
    )
    claims = pd.DataFrame(
        {
            "claim_id": ["R1"],
            "kind": ["ratio"],
            "table": ["T"],
            "item": ["q"],
            "response": ["yes"],
            "dimension": ["g"],
            "groups": ["a;b"],
            "quantifier": ["about_twice"],
            "claim": ["Group a says yes about twice as often as group b."],
        }
    )
    design = SampleDesign(
        n=1000, n_range=(1000, 1000), deff=1.0, weighted=False, shares={"g": {"a": 0.5, "b": 0.5}}
    )
    rep = migstats.Report.from_frames(
        tables, design=design, claims=claims, dimensions={"g": groups}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        row = migstats.audit(report=rep).frame.iloc[0]
    assert "undefined (0 / 0)" in row["reason"] and "nan" not in row["reason"]
    assert row["verdict"] == "not supported"


# --------------------------------------------------------------------------
# a library's import-time filters inside a silencing block
# --------------------------------------------------------------------------


def test_first_statsmodels_fit_in_a_fresh_interpreter_is_silent():
    """statsmodels' first import puts an "always" filter for its model warnings in front.

    Inside ``logistic_slope``'s block that silences the fit, that filter
    overrode the block's "ignore": in a fresh interpreter the first gradient
    printed a perfect-separation warning (the GLM of an exactly linear profile).
    """
    import subprocess
    import sys

    code = (
        "import migstats; "
        "migstats.gradient_from_proportions([0.4, 0.5, 0.6], [500, 500, 500], [1/3, 1/3, 1/3])"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stderr == ""


def test_cli_shows_migstats_warnings_only(capsys):
    from migstats._base import MigstatsWarning
    from migstats.cli.app import _one_line_warning

    _one_line_warning("from elsewhere", UserWarning, "f.py", 1)
    _one_line_warning("ours", MigstatsWarning, "f.py", 1)
    assert capsys.readouterr().err == "migstats: warning: ours\n"
