"""Bad and extreme input: every public function and CLI command answers it well.

Each case asserts the error type (:class:`migstats.MigstatsValueError` from
the API; exit code 2 with one line on stderr and no traceback from the CLI)
and that the message names the argument in the user's terms (the flag on the
command line).  Cases where migstats answers with a documented result and a
warning are at the end, followed by hypothesis properties of the intervals,
the adjusted p-values and the break-even n (issue 12).
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import migstats
from migstats import MigstatsValueError
from migstats.cli.app import main

m = migstats
T75 = "7.5"


def _table_without_percent() -> pd.DataFrame:
    t = m.load_table(T75)[["table", "item", "response", "dimension", "group", "percent"]].copy()
    t["percent"] = t["percent"].astype(object)
    t.loc[t.index[0], "percent"] = None
    return t


# (id, call, the argument name the message must contain)
API_CASES = [
    # ---- proportion_ci
    ("pci-bool-k", lambda: m.proportion_ci(True, 10), "k"),
    ("pci-bool-n", lambda: m.proportion_ci(5, True), "n"),
    ("pci-text-k", lambda: m.proportion_ci("5", 10), "k"),
    ("pci-text-n", lambda: m.proportion_ci(5, "10"), "n"),
    ("pci-text-list", lambda: m.proportion_ci(["1", "2"], 10), "k"),
    ("pci-bool-array", lambda: m.proportion_ci(np.array([True, False]), 10), "k"),
    ("pci-nan-k", lambda: m.proportion_ci(np.nan, 10), "k"),
    ("pci-inf-k", lambda: m.proportion_ci(np.inf, 10), "k"),
    ("pci-neg-k", lambda: m.proportion_ci(-1, 10), "k"),
    ("pci-k-gt-n", lambda: m.proportion_ci(11, 10), "k"),
    ("pci-zero-n", lambda: m.proportion_ci(0, 0), "n"),
    ("pci-nan-n", lambda: m.proportion_ci(1, np.nan), "n"),
    ("pci-inf-n", lambda: m.proportion_ci(1, np.inf), "n"),
    ("pci-method", lambda: m.proportion_ci(5, 10, method="exact"), "method"),
    ("pci-level-1", lambda: m.proportion_ci(5, 10, confidence_level=1), "confidence_level"),
    ("pci-level-0", lambda: m.proportion_ci(5, 10, confidence_level=0), "confidence_level"),
    ("pci-level-95", lambda: m.proportion_ci(5, 10, confidence_level=95), "confidence_level"),
    ("pci-level-text", lambda: m.proportion_ci(5, 10, confidence_level="0.9"), "confidence_level"),
    ("pci-level-bool", lambda: m.proportion_ci(5, 10, confidence_level=True), "confidence_level"),
    ("pci-deff-0", lambda: m.proportion_ci(5, 10, deff=0), "deff"),
    ("pci-deff-neg", lambda: m.proportion_ci(5, 10, deff=-1), "deff"),
    ("pci-deff-nan", lambda: m.proportion_ci(5, 10, deff=np.nan), "deff"),
    ("pci-deff-text", lambda: m.proportion_ci(5, 10, deff="2"), "deff"),
    ("pci-deff-bool", lambda: m.proportion_ci(5, 10, deff=True), "deff"),
    ("pci-shapes", lambda: m.proportion_ci([1, 2], [10, 20, 30]), "k"),
    # ---- diff_ci
    ("diff-bool", lambda: m.diff_ci(True, 10, 1, 10), "k1"),
    ("diff-text", lambda: m.diff_ci(1, 10, "1", 10), "k2"),
    ("diff-k2-gt-n2", lambda: m.diff_ci(1, 10, 11, 10), "k2"),
    ("diff-n2-zero", lambda: m.diff_ci(1, 10, 0, 0), "n2"),
    ("diff-method", lambda: m.diff_ci(1, 10, 1, 10, method="score"), "method"),
    ("diff-mn-tiny", lambda: m.diff_ci(0.1, 0.5, 0.1, 0.4, method="miettinen_nurminen"), "n1"),
    ("diff-level", lambda: m.diff_ci(1, 10, 1, 10, confidence_level=-0.5), "confidence_level"),
    # ---- multinomial_ci / mean_score_ci
    ("multi-text", lambda: m.multinomial_ci(["1", "2", "3"]), "counts"),
    ("multi-bool", lambda: m.multinomial_ci([True, False, True]), "counts"),
    ("multi-one", lambda: m.multinomial_ci([5]), "counts"),
    ("multi-zero", lambda: m.multinomial_ci([0, 0]), "counts"),
    ("multi-neg", lambda: m.multinomial_ci([5, -1]), "counts"),
    ("multi-nan", lambda: m.multinomial_ci([5, np.nan]), "counts"),
    ("multi-frac", lambda: m.multinomial_ci([5.5, 4]), "counts"),
    ("multi-deff-array", lambda: m.multinomial_ci([5, 4], deff=[1, 2]), "deff"),
    ("multi-round", lambda: m.multinomial_ci([5, 4], round_counts="yes"), "round_counts"),
    ("mean-overflow", lambda: m.mean_score_ci([1e308] * 3), "counts"),
    ("mean-scores-len", lambda: m.mean_score_ci([5, 4, 3], [1, 2]), "scores"),
    ("mean-scores-text", lambda: m.mean_score_ci([5, 4], ["1", "2"]), "scores"),
    ("mean-t-small", lambda: m.mean_score_ci([0.5, 0.2], method="t"), "counts"),
    ("mean-method", lambda: m.mean_score_ci([5, 4], method="z"), "method"),
    # ---- compare, chi2, adjust_pvalues
    ("cmp-bool", lambda: m.compare(True, 10, 1, 10), "k1"),
    ("cmp-method", lambda: m.compare(1, 10, 1, 10, method="fisher"), "method"),
    ("cmp-alt", lambda: m.compare(1, 10, 1, 10, alternative="larger"), "alternative"),
    ("cmp-exact-frac", lambda: m.compare(5.04, 7, 4.76, 7, method="exact"), "k1"),
    (
        "cmp-onesided-level",
        lambda: m.compare(1, 10, 1, 10, alternative="less", confidence_level=0.4),
        "confidence_level",
    ),
    ("chi2-text", lambda: m.chi2_homogeneity(["1", "2"], [10, 10]), "k"),
    ("adj-text", lambda: m.adjust_pvalues(["0.01", "0.2"]), "p"),
    ("adj-bool", lambda: m.adjust_pvalues([True, 0.2]), "p"),
    ("adj-range", lambda: m.adjust_pvalues([0.01, 1.2]), "p"),
    ("adj-method", lambda: m.adjust_pvalues([0.01], method="sidak2"), "method"),
    # ---- power and break-even n
    ("be-shares-sum", lambda: m.breakeven_n(0.4, 0.3, 0.9, 0.9), "share1 + share2"),
    ("be-share-0", lambda: m.breakeven_n(0.4, 0.3, 0.0, 0.5), "share1"),
    ("be-p-range", lambda: m.breakeven_n(1.4, 0.3, 0.5, 0.5), "p1"),
    ("be-alpha", lambda: m.breakeven_n(0.4, 0.3, 0.5, 0.5, alpha=0.7), "alpha"),
    ("be-method", lambda: m.breakeven_n(0.4, 0.3, 0.5, 0.5, method="exact"), "method"),
    # (1 - 2 alpha) intervals: the audit's alpha stays below 1/2, said of alpha
    ("audit-alpha-half", lambda: m.audit(alpha=0.5), "alpha must be a significance level"),
    ("pow-n", lambda: m.power_difference(0.4, 0.3, 0), "n"),
    ("pow-ratio", lambda: m.power_difference(0.4, 0.3, 100, ratio=-1), "ratio"),
    ("ssd-power", lambda: m.sample_size_difference(0.4, 0.3, power=1.5), "power"),
    ("mdd-p", lambda: m.minimum_detectable_difference(100, 100, "0.5"), "p"),
    # ---- gradients
    ("trend-text", lambda: m.trend_test(["1", "2"], [10, 10]), "k"),
    ("trend-one-group", lambda: m.trend_test([1], [10]), "k"),
    ("trend-k-gt-n", lambda: m.trend_test([1, 12], [10, 10]), "k"),
    ("trend-scores-equal", lambda: m.trend_test([1, 2], [10, 10], scores=[1, 1]), "scores"),
    ("trend-alt", lambda: m.trend_test([1, 2], [10, 10], alternative="up"), "alternative"),
    ("logit-n-small", lambda: m.logistic_slope([0, 0.1, 0.2], [10, 0.5, 10]), "n"),
    ("logit-deff", lambda: m.logistic_slope([1, 2], [10, 10], deff=0), "deff"),
    ("ridits-sum", lambda: m.ridits([0.3, 0.3]), "shares"),
    ("ridits-text", lambda: m.ridits(["0.5", "0.5"]), "shares"),
    ("sii-p-range", lambda: m.slope_index([0.2, 1.3], 100, [0.5, 0.5]), "p"),
    ("sii-n-zero", lambda: m.slope_index([0.2, 0.3], 0, [0.5, 0.5]), "n"),
    ("sii-lengths", lambda: m.slope_index([0.2, 0.3, 0.4], 100, [0.5, 0.5]), "shares has length 2"),
    ("gfp-shares", lambda: m.gradient_from_proportions([0.2, 0.3], [10, 10], [0.9, 0.9]), "shares"),
    (
        "cgr-corr",
        lambda: m.compare_gradient_results(
            m.slope_index([0.2, 0.3], 100, [0.5, 0.5]),
            m.slope_index([0.2, 0.4], 100, [0.5, 0.5]),
            correlation=2,
        ),
        "correlation",
    ),
    # ---- rounding and reconstruction
    ("rh-decimals", lambda: m.round_half(1.5, -1), "decimals"),
    ("rh-rule", lambda: m.round_half(1.5, 0, "bankers"), "rounding"),
    ("ri-text", lambda: m.rounding_interval("abc"), "value"),
    ("ri-decimals", lambda: m.rounding_interval("56", decimals=2), "decimals"),
    ("cr-n", lambda: m.count_range("56", 0), "n"),
    ("cr-percent", lambda: m.count_range("156", 100), "percent"),
    ("grim-n", lambda: m.grim_percent("56", -3), "n"),
    ("grim-bool", lambda: m.grim_percent("56", True), "n"),
    ("fc-n", lambda: m.feasible_counts(["52", "48"], 0), "n"),
    ("fc-rule", lambda: m.feasible_counts(["52", "48"], 100, rounding="round"), "rounding"),
    ("gpm-column", lambda: m.grim_percent_map(pd.DataFrame({"p": [56]}), percent="x"), "percent"),
    # ---- corpus and tables
    ("load-table", lambda: m.load_table("7.99"), "table"),
    ("as-table-empty", lambda: m.as_table(pd.DataFrame()), "table"),
    ("as-table-rows", lambda: m.as_table(m.load_table(T75).iloc[:0]), "table"),
    ("as-table-type", lambda: m.as_table(42), "table"),
    ("as-table-percent", lambda: m.as_table(_table_without_percent()), "column 'percent'"),
    ("quantifier", lambda: m.quantifier_range("umpteen"), "name"),
    ("normalize", lambda: m.normalize_shares({"a": -1.0, "b": 2.0}), "values['a']"),
    ("gradient-n1", lambda: m.gradient(T75, "language_lessons", "education", n=1), "n"),
    ("gradient-item", lambda: m.gradient(T75, "nope", "education"), "item"),
    ("gradient-dim", lambda: m.gradient(T75, "language_lessons", "age"), "dimension"),
    ("gradient-deff", lambda: m.gradient(T75, "language_lessons", "education", deff=-2), "deff"),
    ("intervals-method", lambda: m.table_intervals(T75, method="exact"), "method"),
    ("intervals-level", lambda: m.table_intervals(T75, confidence_level=2), "confidence_level"),
    (
        "groups-correction",
        lambda: m.compare_groups(T75, "language_lessons", "education", correction="x"),
        "correction",
    ),
    ("scale-mean-scores", lambda: m.scale_mean("7.1", scores=[1, 2, 3]), "scores"),
    ("check-n", lambda: m.check_table(T75, n=0), "n"),
    ("reconstruct-n", lambda: m.reconstruct_counts(T75, n="2900"), "n"),
    # ---- audit
    ("audit-deff-huge", lambda: m.audit(deff=1e4), "deff"),
    ("audit-deffs-empty", lambda: m.audit(deffs=[]), "deffs"),
    ("audit-deffs-text", lambda: m.audit(deffs=["1"]), "deffs"),
    ("audit-n-zero", lambda: m.audit(n=0), "n"),
    ("audit-n-one", lambda: m.audit(n=1), "n"),
    ("audit-alpha", lambda: m.audit(alpha=1.5), "alpha"),
    ("audit-correction", lambda: m.audit(correction="tukey"), "correction"),
    ("audit-points", lambda: m.audit(n_points=0), "n_points"),
]


@pytest.mark.parametrize(
    ("call", "name"), [c[1:] for c in API_CASES], ids=[c[0] for c in API_CASES]
)
def test_api_rejects_with_a_named_argument(call, name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # third-party noise is not the subject here
        with pytest.raises(MigstatsValueError) as info:
            call()
    # the message names the argument first ("<name> must ..."), so a letter
    # such as "n" inside another argument's message does not pass by accident
    message = str(info.value)
    if not name.isidentifier():  # a phrase naming the argument, e.g. "column 'percent'"
        assert name in message, message
        return
    pattern = rf"(^|\b|: ){re.escape(name)}\b[^\n]* must|^{re.escape(name)}"
    assert re.search(pattern, message), message


# (id, argv, the flag or argument the one-line message must contain)
CLI_CASES = [
    ("tables-format", ["tables", "--format", "pdf"], "--format"),
    ("tables-lang", ["tables", "--lang", "de"], "--lang"),
    ("show-table", ["show", "7.99"], "table"),
    ("show-labels", ["show", "7.5", "--labels", "fr"], "--labels"),
    ("audit-deff", ["audit", "--deff", "1e6"], "--deff"),
    ("audit-deff-zero", ["audit", "--deff", "0"], "--deff"),
    ("audit-n", ["audit", "--n", "0"], "--n"),
    ("audit-n-text", ["audit", "--n", "many"], "--n"),
    ("audit-alpha", ["audit", "--alpha", "2"], "--alpha"),
    ("audit-alpha-half", ["audit", "--alpha", "0.5"], "--alpha must be a significance level"),
    ("calibrate-alpha-half", ["calibrate", "--alpha", "0.5"], "--alpha must be a significance"),
    ("audit-correction", ["audit", "--correction", "tukey"], "--correction"),
    ("ci-percent", ["ci", "156", "--n", "100"], "percent"),
    ("ci-percent-text", ["ci", "abc", "--n", "100"], "percent"),
    ("ci-no-n", ["ci", "56"], "--n"),
    ("ci-n-zero", ["ci", "56", "--n", "0"], "--n"),
    ("ci-level", ["ci", "56", "--n", "100", "--confidence-level", "95"], "--confidence-level"),
    ("ci-method", ["ci", "56", "--n", "100", "--method", "exact"], "--method"),
    ("ci-decimals-alone", ["ci", "56", "--n", "100", "--decimals", "2"], "--decimals"),
    (
        "ci-decimals-fewer",
        ["ci", "56.25", "--n", "100", "--rounding-aware", "--decimals", "1"],
        "--decimals",
    ),
    ("ci-deff", ["ci", "56", "--n", "100", "--deff", "-1"], "--deff"),
    (
        "cmp-exact-whole",
        ["compare", "72", "68", "--n1", "7", "--n2", "7", "--method", "exact"],
        "--n1",
    ),
    ("cmp-no-n2", ["compare", "72", "68", "--n1", "7"], "--n2"),
    ("cmp-percent", ["compare", "72", "168", "--n1", "70", "--n2", "70"], "percent2"),
    ("cmp-alpha", ["compare", "72", "68", "--n1", "70", "--n2", "70", "--alpha", "0"], "--alpha"),
    (
        "cmp-alternative",
        ["compare", "72", "68", "--n1", "7", "--n2", "7", "--alternative", "up"],
        "--alternative",
    ),
    ("gradient-item", ["gradient", "7.5", "nope"], "item"),
    (
        "gradient-dimension",
        ["gradient", "7.5", "language_lessons", "--dimension", "age"],
        "--dimension",
    ),
    ("gradient-n", ["gradient", "7.5", "language_lessons", "--n", "1"], "--n"),
    (
        "gradient-level",
        ["gradient", "7.5", "language_lessons", "--confidence-level", "0"],
        "--confidence-level",
    ),
    ("check-table", ["check", "7.99"], "table"),
    ("check-n", ["check", "7.1", "--n", "-5"], "--n"),
    ("plot-kind", ["plot", "heatmap", "-o", "x.png"], "plot"),
    ("plot-no-output", ["plot", "gaps"], "-o"),
]


@pytest.mark.parametrize(
    ("argv", "name"), [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES]
)
def test_cli_exits_2_with_one_line(argv, name, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(argv)
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert code == 2, (code, err)
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err  # one line, also for argparse's usage errors
    assert err.startswith(("migstats: error:", "migstats ")), err
    assert name in err, err


def test_cli_shows_no_third_party_warning(capsys):
    # a design effect that makes the RII limits overflow (numpy warns) still
    # gives a clean stderr
    assert main(["gradient", "7.5", "language_lessons", "--deff", "500"]) == 0
    assert capsys.readouterr().err == ""


# ----------------------------------------------------------------------
# documented results with a warning
# ----------------------------------------------------------------------


def test_slope_index_at_the_boundary_warns_and_documents_nan():
    with pytest.warns(migstats.MigstatsWarning, match="standard error"):
        res = m.slope_index([0, 0, 0], [100] * 3, [0.3, 0.3, 0.4])
    assert res.sii == 0 and np.isnan(res.statistic) and np.isnan(res.pvalue)


def test_boschloo_on_large_counts_warns_before_running(monkeypatch):
    import sys

    compare_module = sys.modules["migstats._core.compare"]
    monkeypatch.setattr(compare_module, "_exact", lambda *a: (np.zeros(()), np.zeros(())))
    with pytest.warns(migstats.PerformanceWarning, match="boschloo"):
        m.compare(1000, 2000, 900, 2000, method="boschloo")


def test_nan_pvalue_never_becomes_a_verdict():
    from migstats._audit.decide import verdict_words

    words = verdict_words(np.array([np.nan, 0.01, 0.5]), 0.01, 0.9, 0.05)
    assert list(words) == ["untestable", "supported", "not supported"]


# ----------------------------------------------------------------------
# hypothesis properties
# ----------------------------------------------------------------------

sizes = st.floats(1.0, 5000.0)
fracs = st.floats(0.0, 1.0)
levels = st.floats(0.5, 0.99)
deffs = st.floats(1.0, 4.0)
CONTAINING_METHODS = ["wilson", "wilson_cc", "clopper_pearson", "jeffreys", "agresti_coull"]


@given(sizes, fracs, levels, st.sampled_from(CONTAINING_METHODS))
def test_interval_contains_the_estimate_and_lies_in_range(n, f, level, method):
    k = f * n
    low, high = m.proportion_ci(k, n, method=method, confidence_level=level)
    assert 0.0 <= low <= k / n <= high <= 1.0


@given(
    sizes, fracs, fracs, sizes, levels, st.sampled_from(["newcombe", "miettinen_nurminen", "mee"])
)
def test_difference_interval_contains_the_estimate(n1, f1, f2, n2, level, method):
    assume(n1 + n2 > 2)
    low, high = m.diff_ci(f1 * n1, n1, f2 * n2, n2, method=method, confidence_level=level)
    d = f1 - f2
    # score limits are roots found to about 1e-12; Newcombe's are closed forms
    assert -1.0 <= low <= d + 1e-9 and d - 1e-9 <= high <= 1.0


@given(
    sizes, fracs, levels, levels, deffs, st.sampled_from(["wilson", "clopper_pearson", "jeffreys"])
)
def test_interval_widens_with_level_and_deff(n, f, l1, l2, d, method):
    k = f * n
    # Jeffreys widens with deff only for effective counts >= 1 on both sides (documented)
    assume(method != "jeffreys" or min(k, n - k) / d >= 1)
    lo, hi = sorted((l1, l2))
    a = m.proportion_ci(k, n, method=method, confidence_level=lo)
    b = m.proportion_ci(k, n, method=method, confidence_level=hi)
    c = m.proportion_ci(k, n, method=method, confidence_level=lo, deff=d)
    tol = 1e-12
    assert b.low <= a.low + tol and a.high <= b.high + tol
    assert c.low <= a.low + tol and a.high <= c.high + tol


@given(
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=30),
    st.sampled_from(["holm", "hochberg", "bonferroni", "BH", "BY"]),
)
def test_adjusted_pvalues_are_at_least_raw_and_monotone(p, method):
    raw = np.array(p)
    adj = m.adjust_pvalues(raw, method=method)
    assert np.all(adj >= raw - 1e-15) and np.all(adj <= 1.0)
    order = np.argsort(raw, kind="stable")
    assert np.all(np.diff(adj[order]) >= -1e-12)


@given(
    st.floats(0.05, 0.95),
    st.floats(0.05, 0.95),
    st.floats(0.05, 0.6),
    st.floats(0.05, 0.4),
    st.sampled_from(["score", "mee", "wald"]),
)
def test_breakeven_n_is_minimal(p1, p2, s1, s2, method):
    assume(abs(p1 - p2) > 0.02)
    n = m.breakeven_n(p1, p2, s1, s2, method=method)
    assume(np.isfinite(n) and n < 1e8)

    def p_at(total):
        n1, n2 = total * s1, total * s2
        return m.compare(p1 * n1, n1, p2 * n2, n2, method=method).pvalue

    assert p_at(n) < 0.05
    if (n - 1) * (s1 + s2) > 1 and n > 1:
        assert p_at(n - 1) >= 0.05


def test_strict_sample_size_where_the_far_tail_adds_nothing():
    # found by the power property tests: the one-tail n1 already reaches the
    # power within rounding, so there is no bracket for brentq (was a raw
    # scipy ValueError "f(a) and f(b) must have different signs")
    n = m.sample_size_difference(0.99, 0.125, power=0.75, strict=True)
    assert m.power_difference(0.99, 0.125, n, strict=True) == pytest.approx(0.75, rel=1e-9)


@pytest.mark.parametrize(
    ("check", "name"),
    [
        (lambda: migstats._base.check_n([True, 5]), "n"),
        (lambda: migstats._base.check_weights([True, 1.0], 2), "weights"),
        (lambda: migstats._base.check_n(["5"]), "n"),
        (lambda: migstats._base.check_deff(np.array([1.0, np.nan])), "deff"),
        (lambda: migstats._base.check_numeric(pd.Series(["1", "2"]), "x"), "x"),
        (lambda: migstats._base.check_percent([[50.0, True]]), "percent"),
    ],
)
def test_base_checks_refuse_booleans_and_text(check, name):
    with pytest.raises(MigstatsValueError, match=rf"^{name} must"):
        check()


def test_round_half_with_many_decimals_answers():
    # was OverflowError: Python int too large to convert to C long
    assert m.round_half(1.5, 19) == 1.5
