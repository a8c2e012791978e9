"""Measure migstats' calibration on simulated surveys; write docs/calibration.md.

A referee's check of the tests migstats' audit uses: simulate LISS-like
surveys from a known population (``migstats._core.simulate``), print the
weighted, rounded percentages by group a report would publish, give them to
migstats' public functions the way the audit does, and count how often the
answers are wrong.  Reported per design, true n and analysis setting: type I
error, coverage of 95 % intervals and power, with Monte Carlo standard errors
and PASS/FAIL against the targets of issue 10 (type I <= 5 % + 2 MC SE,
coverage >= 95 % - 2 MC SE, the MC SE taken at the nominal rate).

Usage::

    PYTHONPATH=src python tools/calibrate.py [--replications 2000] [--seed 20261129]
                                             [--output docs/calibration.md]

Everything the measurement assumes is in the SETTINGS block below; the one
function to call from elsewhere (tests, a changed default) is
``calibrate(settings, replications, seed) -> DataFrame``.  ``analysis_inputs``
is the one place that turns a setting into the ``n`` and ``deff`` migstats is
given: when the library's defaults change, "design" settings follow them.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import migstats
from migstats import SurveyPopulation, gaussian_copula_shares, simulate_surveys
from migstats._audit import DEFAULT_CORRECTION, resolve_headline
from migstats._base import z_critical
from migstats._corpus import DEFAULT_GROUP_INFLATION

# =============================================================================
# SETTINGS
# =============================================================================
#: Population: education (CBS-like shares, issue 10), income quintiles
#: correlated with education (Gaussian copula), and a weighting stratum
#: (e.g. age x region) that is independent of both and of the answer.
EDUCATION = ("bo/vmbo", "havo/vwo/mbo", "hbo/wo")
EDUCATION_SHARES = (0.25, 0.35, 0.40)
INCOME = ("Q1", "Q2", "Q3", "Q4", "Q5")
INCOME_SHARES = (0.2,) * 5
EDUCATION_INCOME_CORRELATION = 0.5
STRATA = ("stratum_a", "stratum_b")
STRATUM_SHARES = (0.5, 0.5)

#: True survey sizes (issue 10: the range of LISS_2023 and its centre).
N_VALUES = (1500, 2900, 5480)
#: Published percentages: whole numbers, rounded half up.
DECIMALS = 0
ROUNDING = "half_up"
#: The audit's test settings (docs/methods.md, section 6).
ALPHA = 0.05
CONFIDENCE_LEVEL = 0.95
EQUIVALENCE_MARGIN = 0.10  # +/- 10 points on the SII scale
TARGET_TYPE_I = ALPHA
TARGET_COVERAGE = CONFIDENCE_LEVEL
MC_SE_MULTIPLIER = 2.0
DEFAULT_REPLICATIONS = 1000
DEFAULT_SEED = 20261129

#: Truths.  "null": every cell 36 % (no group differs: type I errors).
#: "alternative": education 44/36/30 % plus an income effect of +3 ... -3
#: points within education (coverage, power).  "margin": the education SII
#: exactly +10 points (a profile linear in the ridits), the equivalence
#: test's boundary (its type I error).
NULL_PROPORTION = 0.36
ALTERNATIVE_EDUCATION = (0.44, 0.36, 0.30)
#: "gap": a 10-point gap between the lowest and the highest education group
#: (40 / 35 / 30 %, plus the income effect): the power target of the
#: defaults against the oracle, and the real claims of the report mixture.
GAP_EDUCATION = (0.40, 0.35, 0.30)
#: The power target: the defaults reach at least this share of the oracle's
#: power for the 10-point gap at n = POWER_N (issue 17, point 7).
POWER_RATIO_TARGET = 0.8
POWER_N = 2900
#: The published margin of error a report of the simulated design would
#: print: one decimal, 95 % level, p = 50 % (Pew's form, data/reports).
MARGIN_DECIMALS = 1
ALTERNATIVE_INCOME_SHIFT = (0.03, 0.015, 0.0, -0.015, -0.03)
MARGIN_INTERCEPT = 0.31

#: Sample designs.  factors: relative selection probabilities of groups;
#: weight_by: post-stratification cells.  2 + sqrt(3) oversamples one
#: stratum so that Kish's deff of the stratum weights is exactly 1.5
#: (0.25/s + 0.25/(1 - s) = 1.5 at s = (2 + sqrt 3)/(3 + sqrt 3)).
DESIGNS = {
    "unweighted": {"factors": {}, "weight_by": ()},
    "weighted, deff 1.5": {
        "factors": {"stratum": {"stratum_a": 2 + 3**0.5}},
        "weight_by": ("education", "stratum"),
    },
    "low education under-represented": {
        "factors": {"education": {"bo/vmbo": 0.5}},
        "weight_by": ("education", "stratum"),
    },
}


@dataclasses.dataclass(frozen=True)
class Setting:
    """How the printed tables are analysed.

    sizes: "design" = ``migstats.SampleDesign.group_sizes`` with the
    population shares (what the audit does); "sample" = n x the design's
    expected sample shares (a report that publishes its group counts).
    deff: "design" = the ``SampleDesign``'s own (library default) deff;
    "kish" = each group's expected Kish deff; or a number.
    n_assumed: the n migstats is told (None: the true n).
    n_true: the true n this setting is run at (None: all of N_VALUES).
    percentages: "printed" (rounded to DECIMALS, what a report shows) or
    "unrounded" (a diagnostic: the weighted estimates before printing).
    rounding_aware: whether the tests and intervals account for the
    rounding of the printed numbers (the library default since issue 10).
    weighted_deff: the deff given for a design the user marks weighted
    (None: as ``deff`` says); the unweighted design keeps ``deff``.
    deff "margin": the report publishes n and its margin of error (the
    design's expected overall Kish deff printed as a margin with
    MARGIN_DECIMALS decimals); the headline is resolved by the library
    (``migstats._audit.resolve_headline``: deff at the upper end of the
    margin's rounding range, group inflation rule ``inflation``).
    correction: the correction over the report's claims in the mixture
    family (report FDR and power).
    """

    name: str
    sizes: str = "design"
    deff: str | float = "design"
    n_assumed: int | None = None
    n_true: tuple[int, ...] | None = None
    percentages: str = "printed"
    rounding_aware: bool = True
    weighted_deff: float | None = None
    inflation: str = "none"
    correction: str = DEFAULT_CORRECTION


#: The conservative deff for weighted designs (issue 10, point 1; the
#: "design" helper makes it SampleDesign's default for weighted=True).
WEIGHTED_DEFF = 2.0

#: The oracle: the true n and every group's true respondents and Kish deff.
ORACLE = "oracle: true group n and Kish deff"
#: The defaults for a report that publishes n and its margin of error.
DEFAULTS_MARGIN = f"defaults, published margin ({DEFAULT_GROUP_INFLATION} inflation)"

SETTINGS = (
    Setting(DEFAULTS_MARGIN, deff="margin", inflation=DEFAULT_GROUP_INFLATION),
    *(
        Setting(f"published margin, {rule} inflation", deff="margin", inflation=rule)
        for rule in ("scenario", "bound", "none")
        if rule != DEFAULT_GROUP_INFLATION
    ),
    Setting("defaults, no margin (weighted, deff 2)", weighted_deff=WEIGHTED_DEFF),
    Setting(ORACLE, sizes="sample", deff="kish"),
    Setting("wrong n: 2,900 for 1,500", n_assumed=2900, n_true=(1500,)),
)

RESULT_COLUMNS = (
    "design",
    "n",
    "setting",
    "quantity",
    "measure",
    "estimate",
    "mc_se",
    "target",
    "verdict",
)
# =============================================================================


def population(scenario: str) -> SurveyPopulation:
    """The simulated population under a truth ("null", "alternative", "margin")."""
    edu_inc = gaussian_copula_shares(EDUCATION_SHARES, INCOME_SHARES, EDUCATION_INCOME_CORRELATION)
    shares = edu_inc[..., None] * np.asarray(STRATUM_SHARES)
    if scenario == "null":
        p = np.full(shares.shape, NULL_PROPORTION)
    elif scenario in ("alternative", "gap"):
        edu = ALTERNATIVE_EDUCATION if scenario == "alternative" else GAP_EDUCATION
        p2 = np.add.outer(edu, ALTERNATIVE_INCOME_SHIFT)
        p = np.repeat(p2[..., None], len(STRATA), axis=-1)
    elif scenario == "margin":
        r = migstats.ridits(EDUCATION_SHARES)
        p1 = MARGIN_INTERCEPT + EQUIVALENCE_MARGIN * r
        p = np.broadcast_to(p1[:, None, None], shares.shape)
    else:
        raise ValueError(f"scenario must be null, alternative, gap or margin, not {scenario!r}")
    return SurveyPopulation(
        shares,
        p,
        dimensions=("education", "income", "stratum"),
        groups=(EDUCATION, INCOME, STRATA),
        item="simulated",
    )


class _PublishedFacts:
    """What a report of the simulated design publishes: n and its margin of error."""

    def __init__(self, n: int, kish_deff: float):
        z = float(z_critical(1 - CONFIDENCE_LEVEL))
        moe = round(100 * z * np.sqrt(0.25 * kish_deff / n), MARGIN_DECIMALS)
        self.design_facts = {
            "n": {"value": n, "source": "simulated report"},
            "margin_of_error": {"value": moe, "source": "simulated report"},
        }


def analysis_inputs(sims, dimension: str, n: int, setting: Setting, weighted: bool):
    """Group sizes and design effects (G,) that migstats is given for ``dimension``."""
    cols = sims.columns(dimension)
    shares = dict(zip(EDUCATION + INCOME, EDUCATION_SHARES + INCOME_SHARES, strict=True))
    groups = [sims.group[c] for c in cols]
    design = migstats.SampleDesign(
        n=n,
        n_range=(n, n),
        shares={dimension: {g: shares[g] for g in groups}},
        weighted=weighted,
    )
    if setting.deff == "margin":
        # the library's headline: n published, deff from the published margin
        # (upper end of its rounding range), the group inflation rule applied
        facts = _PublishedFacts(n, float(sims.expected_deff[0]))
        head = resolve_headline(design, facts, group_inflation=setting.inflation)
        g = head.design.group_design(dimension, n, head.deff, integer=True)
        return g.n.astype(float), g.deff.astype(float)
    # the library's one lookup of group sizes and design effects (its defaults:
    # sample shares = population shares, deff_g = the design's deff, 2 if weighted)
    by_design = design.group_design(dimension, n, integer=True)
    if setting.sizes == "design":
        sizes = by_design.n.astype(float)
    else:  # the design's expected respondent counts, scaled to the assumed n
        sizes = sims.expected_n[cols] / sims.expected_n[0] * n
    if weighted and setting.weighted_deff is not None:
        deff = np.full(len(cols), float(setting.weighted_deff))
    elif setting.deff == "design":
        deff = by_design.deff.astype(float)
    elif setting.deff == "kish":
        deff = sims.expected_deff[cols]
    else:
        deff = np.full(len(cols), float(setting.deff))
    return sizes, deff


def bh_reject(p: np.ndarray, alpha: float) -> np.ndarray:
    """Benjamini-Hochberg rejections, one family per row (vectorised over replications).

    Reject the k smallest p-values, k the largest i with p_(i) <= i alpha / m
    (Benjamini and Hochberg 1995); equal to ``migstats.adjust_pvalues(row,
    method="fdr_bh") < alpha`` row by row (tests/test_calibration.py).
    """
    m = p.shape[1]
    order = np.sort(p, axis=1)
    ok = order <= alpha * np.arange(1, m + 1) / m
    k = np.where(ok.any(axis=1), m - np.argmax(ok[:, ::-1], axis=1), 0)
    cutoff = np.where(k > 0, order[np.arange(len(p)), np.maximum(k - 1, 0)], -1.0)
    return p <= cutoff[:, None]


def family_reject(p: np.ndarray, correction: str, alpha: float) -> np.ndarray:
    """Rejections of each row's family under ``correction`` (BH vectorised, else per row)."""
    if correction in ("fdr_bh", "BH", "fdr"):
        return bh_reject(p, alpha)
    if correction == "none":
        return p < alpha
    return np.array([migstats.adjust_pvalues(row, method=correction) < alpha for row in p])


def _pairs(g: int):
    return list(itertools.combinations(range(g), 2))


def _half_width(setting: Setting) -> float:
    """Rounding half-width (proportion) the tests are told about."""
    if setting.percentages != "printed" or not setting.rounding_aware:
        return 0.0
    return 0.5 * 10.0**-DECIMALS / 100.0


def _outcomes(sims, n: int, setting: Setting, weighted: bool) -> dict[str, np.ndarray]:
    """Per replication: does each interval cover / each test reject?

    The tests and intervals are the rounding-aware ones of the library
    (``half_width`` = half a unit of the printed decimals, unless the setting
    says otherwise): ``migstats.compare`` (score test and the
    Miettinen-Nurminen interval that inverts it), ``rounding_aware_ci``
    (Wilson) and ``rounding_aware_slope_index`` (Wald), the audit's
    least-favourable-point p-values.
    """
    from migstats._tables import rounding_aware_ci, rounding_aware_slope_index

    out = {}
    level_eq = 1 - 2 * ALPHA
    h = _half_width(setting)
    for dim in ("education", "income"):
        cols = sims.columns(dim)
        printed = sims.percent if setting.percentages == "printed" else sims.weighted_percent
        p = printed[:, cols, 0] / 100.0
        truth = sims.true_percent[cols, 0] / 100.0
        sizes, deff = analysis_inputs(sims, dim, n, setting, weighted)
        k, n_eff = p * sizes / deff, sizes / deff  # per-group deff via effective counts
        pct = 100.0 * p[:, 0]
        w0 = rounding_aware_ci(
            pct,
            np.clip(pct - 100 * h, 0, 100),
            np.clip(pct + 100 * h, 0, 100),
            n_eff[0],
            confidence_level=CONFIDENCE_LEVEL,
        )
        out[f"proportion {sims.group[cols[0]]}|cover"] = (w0.ci_low <= truth[0]) & (
            truth[0] <= w0.ci_high
        )
        a, b = 0, len(cols) - 1
        res = migstats.compare(
            k[:, a],
            n_eff[a],
            k[:, b],
            n_eff[b],
            confidence_level=CONFIDENCE_LEVEL,
            half_width1=h,
            half_width2=h,
        )
        d = truth[a] - truth[b]
        label = f"difference {sims.group[cols[a]]} - {sims.group[cols[b]]}"
        out[f"{label}|reject"] = res.pvalue < ALPHA
        ci = res.confidence_interval
        out[f"{label}|cover"] = (ci.low <= d) & (d <= ci.high)
        w = np.asarray(EDUCATION_SHARES if dim == "education" else INCOME_SHARES)
        si = rounding_aware_slope_index(
            p, h, sizes, w, deff=deff, confidence_level=CONFIDENCE_LEVEL
        )
        true_sii = float(migstats.slope_index(truth, 1e6, w).sii)
        out[f"slope index {dim}|reject"] = si.pvalue < ALPHA
        out[f"slope index {dim}|cover"] = (si.ci_low <= true_sii) & (true_sii <= si.ci_high)
        eq = rounding_aware_slope_index(p, h, sizes, w, deff=deff, confidence_level=level_eq)
        out[f"equivalence (TOST +/-10) {dim}|reject"] = (eq.ci_low > -EQUIVALENCE_MARGIN) & (
            eq.ci_high < EQUIVALENCE_MARGIN
        )
        pairs = _pairs(len(cols))
        i, j = np.array(pairs).T
        cmp = migstats.compare(k[:, i], n_eff[i], k[:, j], n_eff[j], half_width1=h, half_width2=h)
        observed = p[:, i] - p[:, j]
        out[f"pairs {dim}|p"] = cmp.pvalue
        out[f"pairs {dim}|sign_ok"] = np.sign(observed) == np.sign(truth[i] - truth[j])
        if dim == "income":
            i, j = np.array(pairs).T
            pv = migstats.compare(
                k[:, i], n_eff[i], k[:, j], n_eff[j], half_width1=h, half_width2=h
            ).pvalue
            adj = np.array([migstats.adjust_pvalues(row) for row in pv])  # one family per survey
            out["Holm, 10 income pairs|reject"] = (adj < ALPHA).any(axis=1)
    return out


#: (quantity prefix, truth, outcome, measure, target kind)
MEASURES = (
    ("proportion", "alternative", "cover", "coverage", "coverage"),
    ("difference", "null", "reject", "type I error", "type_i"),
    ("difference", "alternative", "cover", "coverage", "coverage"),
    ("difference", "alternative", "reject", "power", None),
    ("slope index", "null", "reject", "type I error", "type_i"),
    ("slope index", "alternative", "cover", "coverage", "coverage"),
    ("slope index", "alternative", "reject", "power", None),
    ("Holm", "null", "reject", "family-wise type I error", "type_i"),
    ("Holm", "alternative", "reject", "power (any pair)", None),
    ("equivalence", "margin", "reject", "type I error at the margin", "type_i"),
    ("equivalence", "null", "reject", "power at SII 0", None),
    ("report", "mixture", "fdp", "false discovery rate", "type_i"),
    ("10-point gap", "mixture", "reject", "power in the report", None),
)


GAP_KEY = "10-point gap bo/vmbo - hbo/wo in the report ({} over 26 claims)|reject"
FDR_KEY = "report of 13 null + 13 real claims ({})|fdp"


def mixture(outcomes: dict, correction: str) -> dict[str, np.ndarray]:
    """A report of 13 null claims (every pair, null truth) and 13 real ones (gap truth).

    One family per replication under ``correction``: the false discovery
    proportion (rejected nulls and real claims rejected in the wrong direction,
    over all rejections) and whether the 10-point education gap is supported.
    """
    null, real = outcomes["null"], outcomes["gap"]
    p = np.concatenate(
        [
            null["pairs education|p"],
            null["pairs income|p"],
            real["pairs education|p"],
            real["pairs income|p"],
        ],
        axis=1,
    )
    sign_ok = np.concatenate([real["pairs education|sign_ok"], real["pairs income|sign_ok"]], 1)
    rej = family_reject(p, correction, ALPHA)
    m0 = p.shape[1] // 2
    false = rej[:, :m0].sum(axis=1) + (rej[:, m0:] & ~sign_ok).sum(axis=1)
    fdp = false / np.maximum(rej.sum(axis=1), 1)
    gap = rej[:, m0 + 1] & sign_ok[:, 1]  # education pair (bo/vmbo, hbo/wo)
    return {FDR_KEY.format(correction): fdp, GAP_KEY.format(correction): gap}


def _oracle_of(setting: Setting) -> str:
    return "oracle, Holm" if setting.correction == "holm" else ORACLE


def _power_ratios(design, n, active, gap_power, replications):
    """Each setting's power for the 10-point gap relative to the oracle's (same correction)."""
    rows = []
    for setting in active:
        oracle = _oracle_of(setting)
        if setting.name in (ORACLE, "oracle, Holm") or oracle not in gap_power:
            continue
        a, b = gap_power[setting.name].mean(), gap_power[oracle].mean()
        ratio = a / b if b > 0 else np.nan
        se = ratio * np.sqrt(
            (1 - a) / max(a * replications, 1e-12) + (1 - b) / max(b * replications, 1e-12)
        )
        target, verdict = "", ""
        if n == POWER_N:
            target = f">= {100 * POWER_RATIO_TARGET:.0f}"
            ok = ratio >= POWER_RATIO_TARGET - MC_SE_MULTIPLIER * se
            verdict = "PASS" if ok else "FAIL"
        rows.append(
            {
                "design": design,
                "n": n,
                "setting": setting.name,
                "quantity": GAP_KEY.format(setting.correction).split("|")[0],
                "measure": f"power / power of '{oracle}'",
                "estimate": 100 * ratio,
                "mc_se": 100 * se,
                "target": target,
                "verdict": verdict,
            }
        )
    return rows


def _rows(design, n, setting, outcomes, replications):
    se_nominal = {
        "type_i": np.sqrt(TARGET_TYPE_I * (1 - TARGET_TYPE_I) / replications),
        "coverage": np.sqrt(TARGET_COVERAGE * (1 - TARGET_COVERAGE) / replications),
    }
    rows = []
    for prefix, truth, outcome, measure, kind in MEASURES:
        for key, hits in outcomes[truth].items():
            quantity, what = key.split("|")
            if not quantity.startswith(prefix) or what != outcome:
                continue
            if prefix == "equivalence" and "income" in quantity:
                continue  # the margin truth is set on the education SII
            est = float(np.mean(hits))
            if kind == "type_i":
                target = TARGET_TYPE_I + MC_SE_MULTIPLIER * se_nominal[kind]
                verdict = "PASS" if est <= target else "FAIL"
                shown = f"<= {100 * target:.1f}"
            elif kind == "coverage":
                target = TARGET_COVERAGE - MC_SE_MULTIPLIER * se_nominal[kind]
                verdict = "PASS" if est >= target else "FAIL"
                shown = f">= {100 * target:.1f}"
            else:
                verdict, shown = "", ""
            rows.append(
                {
                    "design": design,
                    "n": n,
                    "setting": setting.name,
                    "quantity": quantity,
                    "measure": measure,
                    "estimate": 100 * est,
                    "mc_se": 100 * float(np.std(hits, ddof=1)) / np.sqrt(replications),
                    "target": shown,
                    "verdict": verdict,
                }
            )
    return rows


def calibrate(
    settings=SETTINGS,
    replications: int = DEFAULT_REPLICATIONS,
    seed: int = DEFAULT_SEED,
    *,
    designs=None,
    n_values=N_VALUES,
) -> pd.DataFrame:
    """Calibration table: one row per design x true n x setting x measure.

    The same simulated surveys (common random numbers) are analysed under
    every setting, so settings differ only in what migstats is told.
    ``estimate``, ``mc_se`` are in percent; ``verdict`` is PASS/FAIL where
    a target applies.  Seeds are derived per (design, n, truth), so any
    cell can be re-run alone (and cells map onto a process pool).
    """
    designs = DESIGNS if designs is None else {k: DESIGNS[k] for k in designs}
    rows = []
    truths = ("null", "alternative", "margin", "gap")
    pops = {t: population(t) for t in truths}
    for (name, spec), n in itertools.product(designs.items(), n_values):
        active = [s for s in settings if s.n_true is None or n in s.n_true]
        if not active:
            continue
        sims = {}
        for t_index, truth in enumerate(truths):
            pop = pops[truth]
            sims[truth] = simulate_surveys(
                pop,
                n,
                replications=replications,
                sample_shares=pop.sample_shares(spec["factors"]),
                weight_by=spec["weight_by"],
                dimensions=("education", "income"),
                decimals=DECIMALS,
                rounding=ROUNDING,
                seed=[seed, list(DESIGNS).index(name), n, t_index],
            )
        weighted = bool(spec["weight_by"])
        gap_power: dict[str, np.ndarray] = {}
        for setting in active:
            n_told = setting.n_assumed or n
            outcomes = {t: _outcomes(s, n_told, setting, weighted) for t, s in sims.items()}
            outcomes["mixture"] = mixture(outcomes, setting.correction)
            gap_power[setting.name] = outcomes["mixture"][GAP_KEY.format(setting.correction)]
            rows += _rows(name, n, setting, outcomes, replications)
        rows += _power_ratios(name, n, active, gap_power, replications)
        print(f"  {name}, n = {n}: done", file=sys.stderr, flush=True)
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS))


def design_summary(replications: int = 200, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Expected and realised group n and Kish deff of each design at n = 2,900."""
    rows = []
    pop = population("null")
    share = dict(zip(EDUCATION + INCOME, EDUCATION_SHARES + INCOME_SHARES, strict=True))
    share["total"] = 1.0
    for name, spec in DESIGNS.items():
        sims = simulate_surveys(
            pop,
            2900,
            replications=replications,
            sample_shares=pop.sample_shares(spec["factors"]),
            weight_by=spec["weight_by"],
            dimensions=("education", "income"),
            seed=seed,
        )
        for c, (dim, grp) in enumerate(zip(sims.dimension, sims.group, strict=True)):
            rows.append(
                {
                    "design": name,
                    "dimension": dim,
                    "group": grp,
                    "expected_n": round(float(sims.expected_n[c]), 1),
                    "expected_deff": round(float(sims.expected_deff[c]), 3),
                    "deff_vs_population_n": round(
                        float(sims.expected_deff[c] * share[grp] * 2900 / sims.expected_n[c]), 3
                    ),
                    "mean_realised_deff": round(float(np.nanmean(sims.deff[:, c])), 3),
                }
            )
    return pd.DataFrame(rows)


def beyond(frame: pd.DataFrame, replications: int, multiplier: float) -> pd.Series:
    """Rows that miss their target by more than ``multiplier`` MC SE (at the nominal rate)."""
    se_i = 100 * np.sqrt(TARGET_TYPE_I * (1 - TARGET_TYPE_I) / replications)
    se_c = 100 * np.sqrt(TARGET_COVERAGE * (1 - TARGET_COVERAGE) / replications)
    type_i = frame.measure.str.contains("type I") | frame.measure.eq("false discovery rate")
    coverage = frame.measure.eq("coverage")
    return (type_i & (frame.estimate > 100 * TARGET_TYPE_I + multiplier * se_i)) | (
        coverage & (frame.estimate < 100 * TARGET_COVERAGE - multiplier * se_c)
    )


def _markdown(frame: pd.DataFrame, digits: int = 1) -> str:
    cols = list(frame.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        cells = [f"{v:.{digits}f}" if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render(result: pd.DataFrame, designs: pd.DataFrame, replications: int, seed: int, secs: float):
    """The generated part of docs/calibration.md."""
    out = [
        "<!-- generated by tools/calibrate.py: do not edit between the markers -->",
        f"Replications per cell: **{replications:,}** (seed {seed}); run time {secs:.0f} s. "
        f"MC SE at the nominal rate: type I {100 * np.sqrt(0.05 * 0.95 / replications):.2f} "
        f"points, coverage {100 * np.sqrt(0.05 * 0.95 / replications):.2f} points.",
        "",
        "### Summary: verdicts per design, n and setting",
        "",
    ]
    judged = result[result.verdict != ""]
    far = beyond(judged, replications, 3.0)
    summary = (
        judged.assign(fail=judged.verdict.eq("FAIL"), far=far)
        .groupby(["setting", "design", "n"], sort=False)
        .agg(checks=("fail", "size"), failed=("fail", "sum"), failed_by_3_se=("far", "sum"))
        .reset_index()
    )
    summary["verdict"] = np.where(summary.failed == 0, "PASS", "FAIL")
    out += [_markdown(summary), ""]
    ratio = result[result.measure.str.startswith("power / power of")]
    out += [
        "### Power for a 10-point education gap against the oracle",
        "",
        "Power of each setting to support the 10-point gap (bo/vmbo - hbo/wo) within the",
        "report of 26 claims, divided by the oracle's power (same correction); target at",
        f"n = {POWER_N:,}: >= {100 * POWER_RATIO_TARGET:.0f} % (less 2 MC SE).",
        "",
        _markdown(ratio.drop(columns=["quantity", "measure"])),
        "",
    ]
    fdr = result[result.measure.eq("false discovery rate")]
    out += [
        "### Report false discovery rate",
        "",
        "13 null claims (every pair of groups, no difference) and 13 real ones (every pair,",
        "the 10-point gap truth) in one report; a real claim supported in the wrong direction",
        "counts as a false discovery.",
        "",
        _markdown(fdr.drop(columns=["quantity", "measure"])),
        "",
        "### Every measure",
        "",
    ]
    for setting, part in result.groupby("setting", sort=False):
        out += [f"#### Setting: {setting}", "", _markdown(part.drop(columns="setting")), ""]
    out += [
        "### The designs (n = 2,900)",
        "",
        "`deff_vs_population_n` = expected deff x (n x population share) / expected n: the",
        "deff that gives the right effective size when group sizes are taken as n x population",
        "share (as the audit does).",
        "",
        _markdown(designs, digits=3),
        "",
    ]
    out.append("<!-- end of generated part -->")
    return "\n".join(out)


MARKER_START = "<!-- generated by tools/calibrate.py"
MARKER_END = "<!-- end of generated part -->"


def write(path: Path, generated: str) -> None:
    """Replace the generated part of ``path``, keeping the hand-written text around it."""
    text = path.read_text() if path.exists() else ""
    if MARKER_START in text and MARKER_END in text:
        head = text[: text.index(MARKER_START)]
        tail = text[text.index(MARKER_END) + len(MARKER_END) :]
        text = head + generated + tail
    else:
        text = "# Calibration\n\n" + generated + "\n"
    path.write_text(text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=DEFAULT_REPLICATIONS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "docs/calibration.md",
    )
    args = parser.parse_args(argv)
    start = time.time()
    result = calibrate(SETTINGS, args.replications, args.seed)
    designs = design_summary(seed=args.seed)
    write(args.output, render(result, designs, args.replications, args.seed, time.time() - start))
    print(f"wrote {args.output} ({len(result)} rows, {time.time() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
