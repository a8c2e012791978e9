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
Other layers import from this package, never from its files."""

from .bounds import Range
from .compare import (
    COMPARE_METHODS,
    DIFF_BOUNDS,
    ROUNDING_METHODS,
    CompareResult,
    compare,
    compare_pvalue,
)
from .copula import gaussian_copula_shares
from .differences import BISECTION_ITERATIONS, DIFF_METHODS, diff_ci, score_statistic
from .exact import FLOAT_DECIMAL_RTOL, decimal_strings
from .feasible import feasible_counts
from .feasible_set import REMAINDER_LABEL, FeasibleCounts
from .gradient_inputs import MIN_GROUPS
from .gradients import (
    GradientComparison,
    GradientResult,
    abs_difference,
    abs_difference_ci,
    compare_gradient_results,
    gradient_from_proportions,
)
from .grim import count_range, grim_percent, grim_percent_map
from .homogeneity import Chi2Result, chi2_homogeneity
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
from .multinomial import (
    MEAN_METHODS,
    MULTINOMIAL_METHODS,
    MeanResult,
    mean_score_ci,
    multinomial_ci,
)
from .multiple_testing import CORRECTIONS, adjust_pvalues
from .paired_items import PairedDifference, paired_contrast_correlation, paired_difference
from .power import (
    BREAKEVEN_METHODS,
    MAX_TOTAL_N,
    MDD_GRID_POINTS,
    MIN_TARGET_POWER,
    STRICT_HALVINGS,
    breakeven_n,
    minimum_detectable_difference,
    power_difference,
    sample_size_difference,
)
from .proportions import (
    CONTINUITY_CORRECTION,
    PROPORTION_METHODS,
    proportion_ci,
    wilson_of_arrays,
)
from .ratios import (
    RATIO_SCORE_CORRECTION,
    RatioResult,
    ratio_ci,
    ratio_limits,
    ratio_statistic,
    ratio_test,
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
from .simulate import (
    SIMULATION_ROUNDING,
    SimulatedSurveys,
    SurveyPopulation,
    simulate_surveys,
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
from .trend import SlopeResult, TrendResult, logistic_slope, trend_test
from .worst_case import (
    SlopeIndexBox,
    WorstCasePvalue,
    quotient_range,
    slope_index_box,
    slope_index_box_of_arrays,
    slope_index_worst_pvalue,
)
