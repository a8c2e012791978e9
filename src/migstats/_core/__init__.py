"""_core layer: re-exports the names other layers may import.

Arrays in, results out; the core never reads a report.  Files:
``bounds.py`` (:class:`Range`, exact bounds), ``exact.py`` (published
decimals as exact integers), ``rounding.py`` (rounding rules and intervals),
``grim.py`` (counts behind a percentage, GRIM), ``compositions.py`` and
``composition_sampling.py`` (bounded integer compositions: counting,
uniform draws), ``allocation.py`` (closest count vector),
``feasible_set.py`` (the set of feasible count vectors) and ``feasible.py``
(its constructor), ``proportions.py`` (one-sample intervals),
``differences.py`` (two-sample difference intervals), ``ratios.py``
(ratio of two proportions: Koopman score test and interval), ``multinomial.py``
(multinomial and mean-score intervals), ``compare.py`` (test of two
proportions), ``homogeneity.py`` (chi-square test of g proportions),
``multiple_testing.py`` (p-value adjustment), ``power.py`` (power, break-even
n), ``gradient_inputs.py`` (checks shared by the gradient files),
``trend.py`` (trend test, logistic slope), ``inequality.py`` (ridits,
SII/RII), ``gradients.py`` (one profile's gradient, comparing two),
``simulate.py`` (simulated surveys), ``copula.py`` (joint shares of two
groupings), and the files CONTRIBUTING.md lists.
Other layers import from this package, never from its files.  The files an
audit does not use are imported when one of their names is first asked for
(``_LAZY_MODULES``, PEP 562), so that ``import migstats`` and ``migstats
audit`` do not pay for them."""

import importlib
import types
from typing import Any

# eager although no audit needs it: its function ``compare`` shares the module's
# name, which an import of the module would bind on this package first
from .compare import (
    COMPARE_METHODS,
    DIFF_BOUNDS,
    ROUNDING_METHODS,
    CompareResult,
    compare,
    compare_pvalue,
)
from .differences import BISECTION_ITERATIONS, DIFF_METHODS, diff_ci, score_statistic
from .exact import FLOAT_DECIMAL_RTOL, decimal_strings
from .gradient_inputs import MIN_GROUPS
from .gradients import (
    GradientComparison,
    GradientResult,
    abs_difference,
    abs_difference_ci,
    compare_gradient_results,
    gradient_from_proportions,
)
from .inequality import (
    InequalityResult,
    ridits,
    slope_index,
    slope_index_of_arrays,
    slope_index_without_warning,
)
from .margins import (
    DEFAULT_H_MARGIN,
    EquivalenceResult,
    cohen_h,
    equivalence_h,
    gap_per_ridit,
    gap_slope_index,
    gap_slope_index_of_arrays,
    gap_slope_index_without_warning,
    h_to_margin,
    margin_to_h,
)
from .multiple_testing import CORRECTIONS, adjust_pvalues
from .paired_items import PairedDifference, paired_contrast_correlation, paired_difference
from .proportions import (
    CONTINUITY_CORRECTION,
    PROPORTION_METHODS,
    proportion_ci,
    wilson_of_arrays,
)
from .rounding import (
    PERCENT_SCALE,
    ROUNDING_FUNCTIONS,
    ROUNDING_RULES,
    RoundingInterval,
    round_half,
    round_rational,
    rounding_interval,
)
from .slope_covariance import (
    CORRELATION_OPTIONS,
    DEFAULT_CORRELATION,
    DEPENDENCE_ASSUMPTIONS,
    PROVENANCES,
    SlopeCorrelation,
    SlopeCovariance,
    gradient_correlation,
    slope_correlation_range,
    slope_index_covariance,
)
from .worst_case import (
    SlopeIndexBox,
    WorstCasePvalue,
    quotient_range,
    slope_index_box,
    slope_index_box_of_arrays,
    slope_index_worst_pvalue,
)

#: Names whose module is imported when a name is first used (PEP 562): the parts
#: of the core that an audit does not need, by module (``import migstats`` and
#: the command line's audit import the rest).
_LAZY_MODULES: dict[str, tuple[str, ...]] = {
    ".bounds": ("Range",),
    ".copula": ("gaussian_copula_shares",),
    ".feasible": ("feasible_counts",),
    ".feasible_set": (
        "REMAINDER_LABEL",
        "FeasibleCounts",
    ),
    ".grim": (
        "count_range",
        "grim_percent",
        "grim_percent_map",
    ),
    ".homogeneity": (
        "Chi2Result",
        "chi2_homogeneity",
    ),
    ".multinomial": (
        "MEAN_METHODS",
        "MULTINOMIAL_METHODS",
        "MeanResult",
        "mean_score_ci",
        "multinomial_ci",
    ),
    ".power": (
        "BREAKEVEN_METHODS",
        "MAX_TOTAL_N",
        "MDD_GRID_POINTS",
        "MIN_TARGET_POWER",
        "STRICT_HALVINGS",
        "breakeven_n",
        "minimum_detectable_difference",
        "power_difference",
        "sample_size_difference",
    ),
    ".ratios": (
        "RATIO_SCORE_CORRECTION",
        "RatioResult",
        "ratio_ci",
        "ratio_limits",
        "ratio_statistic",
        "ratio_test",
    ),
    ".simulate": (
        "SIMULATION_ROUNDING",
        "SimulatedSurveys",
        "SurveyPopulation",
        "simulate_surveys",
    ),
    ".trend": (
        "SlopeResult",
        "TrendResult",
        "logistic_slope",
        "trend_test",
    ),
}
_LAZY = {name: module for module, names in _LAZY_MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


#: Every name of the package, the lazy ones included (``from migstats._core import *``).
__all__ = sorted(
    {
        name
        for name, value in globals().items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    - {"Any"}
    | set(_LAZY)
)
