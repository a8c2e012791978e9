"""Simulated surveys from a known population and sample design.

This module owns the survey simulator: a population written down as a joint
table of shares over one or more dimensions (education, income quintiles,
a weighting stratum, ...) with the true answer probabilities per cell
(:class:`SurveyPopulation`), and :func:`simulate_surveys`, which draws many
surveys at once, weights them (post-stratification to the population shares)
and prints the tables a report would publish: weighted percentages by group,
rounded to ``decimals`` under a rounding rule, with the true values, the
realised group sizes and the Kish design effects beside them
(:class:`SimulatedSurveys`).  Feeding those printed tables to an analysis
and comparing its answers with the known truth measures the analysis'
calibration (``tools/calibrate.py`` does this for migstats itself).

Everything is a pure function of its inputs and a seed, vectorised over
replications (one multinomial draw of the cell counts and one binomial or
multinomial draw of the answers per cell), so a calibration can be split
over a process pool by giving each worker its own seed.
"""

from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import SHARES_SUM_ATOL, SIMULATION_COLUMNS, Result, check_option, invalid_value
from .rounding import round_half

__all__ = [
    "SIMULATION_ROUNDING",
    "SimulatedSurveys",
    "SurveyPopulation",
    "gaussian_copula_shares",
    "simulate_surveys",
]

#: Rounding rules a simulated report can print with (a printing rule must be
#: a function; ``"up_or_down"`` describes a reader's ignorance, not a printer).
SIMULATION_ROUNDING = ("half_up", "half_down", "half_even", "truncate", "ceiling", "floor")

#: Label of the whole-population row of a simulated table (as in the tidy tables).
TOTAL = "total"

#: Iterations of proportional fitting that restore the exact margins of a
#: copula table (each iteration is exact on one margin; 200 is far more than
#: needed for the 1e-12 level reached after a handful).
COPULA_FITTING_ITERATIONS = 200

#: Largest number of respondents per survey: 2**53, the largest range of
#: whole numbers a float64 holds exactly (derived: the percentages are
#: computed in float64; numpy's multinomial also needs a C long).
MAX_RESPONDENTS = 2**53

#: Largest ``replications x cells`` of one call (project convention): the
#: counts, answers and weights are arrays of this many 8-byte numbers, so
#: 1e8 keeps each below about 0.8 GB; split bigger runs over several seeds.
MAX_DRAWN_CELLS = 10**8


def _array(value: Any, name: str) -> np.ndarray:
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise invalid_value(name, "an array of numbers", value) from None
    if not np.isfinite(arr).all():
        raise invalid_value(name, "finite numbers", value)
    return arr


def _check_distribution(arr: np.ndarray, name: str, value: Any, axis=None) -> None:
    if (arr < 0).any() or (arr > 1).any():
        raise invalid_value(name, "probabilities in [0, 1]", value)
    if not np.allclose(arr.sum(axis=axis), 1.0, rtol=0, atol=SHARES_SUM_ATOL):
        raise invalid_value(name, f"shares summing to 1 (within {SHARES_SUM_ATOL:g})", value)


def _readonly(arr: np.ndarray) -> np.ndarray:
    arr = np.array(arr, dtype=float)
    arr.setflags(write=False)
    return arr


@dataclasses.dataclass(frozen=True, eq=False)
class SurveyPopulation:
    """A population: joint shares over dimensions and true answer probabilities.

    Parameters
    ----------
    shares : array_like
        Joint population shares, one axis per dimension (e.g. 3 x 5 for
        education by income quintile), non-negative, summing to 1.  The
        association between dimensions lives here (see
        :func:`gaussian_copula_shares`).
    proportions : array_like
        True answer probabilities per cell.  Binary answer: the same shape as
        ``shares`` (probability of ``responses[0]``).  Categorical answer: one
        more, last axis with one probability per response, summing to 1.
    dimensions : sequence of str
        Name of each axis of ``shares``.
    groups : sequence of sequence of str
        Group labels of each dimension, in order (bottom to top for ordered
        groups).  Labels must be unique over all dimensions and not "total".
    responses : sequence of str, default ("yes",)
        One label for a binary answer, one per category for a categorical one.
    item : str, default "item"
        Item id printed in the tables.

    Raises
    ------
    MigstatsValueError
        If shapes, labels, shares or probabilities are invalid.

    Notes
    -----
    The true percentage of a group is the population-weighted mean of its
    cells' probabilities, ``100 sum_c P_c p_c / sum_c P_c`` over the cells
    ``c`` of the group: the finite-population value a census would print.

    Examples
    --------
    >>> from migstats import SurveyPopulation
    >>> pop = SurveyPopulation([0.25, 0.35, 0.40], [0.5, 0.4, 0.3],
    ...                        dimensions=["education"], groups=[["low", "mid", "high"]])
    >>> pop.true_percent().percent.round(2).tolist()
    [38.5, 50.0, 40.0, 30.0]
    """

    shares: Any
    proportions: Any
    dimensions: Sequence[str]
    groups: Sequence[Sequence[str]]
    responses: Sequence[str] = ("yes",)
    item: str = "item"

    def __post_init__(self) -> None:
        shares = _array(self.shares, "shares")
        dims = tuple(str(d) for d in self.dimensions)
        groups = tuple(tuple(str(g) for g in gs) for gs in self.groups)
        responses = tuple(str(r) for r in self.responses)
        if shares.ndim != len(dims) or len(groups) != len(dims) or not dims:
            raise invalid_value(
                "dimensions", f"one name and one group list per axis of shares {shares.shape}", dims
            )
        if len(set(dims)) != len(dims) or TOTAL in dims:
            raise invalid_value("dimensions", f"unique names other than {TOTAL!r}", dims)
        if tuple(len(g) for g in groups) != shares.shape:
            raise invalid_value("groups", f"group lists of lengths {shares.shape}", groups)
        labels = [g for gs in groups for g in gs]
        if len(set(labels)) != len(labels) or TOTAL in labels:
            raise invalid_value(
                "groups", f"labels unique over all dimensions, not {TOTAL!r}", groups
            )
        _check_distribution(shares, "shares", self.shares)
        props = _array(self.proportions, "proportions")
        if not responses or len(set(responses)) != len(responses):
            raise invalid_value("responses", "one or more unique labels", self.responses)
        if len(responses) == 1:
            if props.shape != shares.shape:
                raise invalid_value("proportions", f"an array of shape {shares.shape}", props.shape)
            if (props < 0).any() or (props > 1).any():
                raise invalid_value("proportions", "probabilities in [0, 1]", self.proportions)
        else:
            if props.shape != (*shares.shape, len(responses)):
                raise invalid_value(
                    "proportions",
                    f"an array of shape {(*shares.shape, len(responses))}",
                    props.shape,
                )
            _check_distribution(props, "proportions", self.proportions, axis=-1)
        for name, value in (
            ("shares", _readonly(shares)),
            ("proportions", _readonly(props)),
            ("dimensions", dims),
            ("groups", groups),
            ("responses", responses),
            ("item", str(self.item)),
        ):
            object.__setattr__(self, name, value)

    @property
    def binary(self) -> bool:
        """Whether the answer is binary (one printed response)."""
        return len(self.responses) == 1

    def _axis(self, dimension: str) -> int:
        if dimension not in self.dimensions:
            raise invalid_value("dimension", f"one of {list(self.dimensions)}", dimension)
        return self.dimensions.index(dimension)

    def group_shares(self, dimension: str) -> np.ndarray:
        """Population share of each group of ``dimension`` (the margin)."""
        axis = self._axis(dimension)
        other = tuple(i for i in range(len(self.dimensions)) if i != axis)
        return self.shares.sum(axis=other)

    def membership(self, dimensions: Sequence[str] | None = None):
        """Cell membership of every printed group: ``(dimension, group, matrix)``.

        The matrix has one row per cell (C-order over ``shares``) and one
        column per group, the total first.
        """
        dims = self.dimensions if dimensions is None else tuple(dimensions)
        index = np.indices(self.shares.shape).reshape(len(self.dimensions), -1)
        cols, dim_of, group_of = [np.ones(index.shape[1], dtype=bool)], [TOTAL], [TOTAL]
        for dim in dims:
            axis = self._axis(dim)
            for g, label in enumerate(self.groups[axis]):
                cols.append(index[axis] == g)
                dim_of.append(dim)
                group_of.append(label)
        return tuple(dim_of), tuple(group_of), np.column_stack(cols).astype(float)

    def _cell_probabilities(self) -> np.ndarray:
        """(cells, printed responses) answer probabilities."""
        c = self.shares.size
        return self.proportions.reshape(c, 1 if self.binary else len(self.responses))

    def true_percent(self, dimensions: Sequence[str] | None = None) -> pd.DataFrame:
        """The tables a census would print: true percentages by group, unrounded.

        Returns a tidy DataFrame with columns ``item, response, dimension,
        group, percent`` (the total first, then each dimension's groups).
        """
        dim_of, group_of, member = self.membership(dimensions)
        true = _true_percent(self.shares.ravel(), self._cell_probabilities(), member)
        k = true.shape[1]
        return pd.DataFrame(
            {
                "item": self.item,
                "response": np.tile(self.responses, len(dim_of)),
                "dimension": np.repeat(dim_of, k),
                "group": np.repeat(group_of, k),
                "percent": true.ravel(),
            }
        )

    def sample_shares(self, factors: Mapping[str, Mapping[str, float]] | None = None) -> np.ndarray:
        """Joint sample shares with some groups over- or under-represented.

        Each cell's population share is multiplied by the ``factors`` of its
        groups (``{"education": {"low": 0.5}}`` samples the low educated at
        half their population share relative to everyone else) and the
        result is normalised to sum to 1.

        Examples
        --------
        >>> from migstats import SurveyPopulation
        >>> pop = SurveyPopulation([0.25, 0.75], [0.5, 0.5], dimensions=["edu"],
        ...                        groups=[["low", "high"]])
        >>> pop.sample_shares({"edu": {"low": 0.5}}).round(4).tolist()
        [0.1429, 0.8571]
        """
        out = np.array(self.shares, dtype=float)
        for dim, by_group in (factors or {}).items():
            axis = self._axis(dim)
            for label, factor in by_group.items():
                if label not in self.groups[axis]:
                    raise invalid_value("factors", f"groups of {dim!r}: {self.groups[axis]}", label)
                if not (np.isfinite(factor) and factor > 0):
                    raise invalid_value("factors", "positive numbers", factor)
                sel = [slice(None)] * out.ndim
                sel[axis] = self.groups[axis].index(label)
                out[tuple(sel)] *= factor
        return out / out.sum()


def _true_percent(shares: np.ndarray, probs: np.ndarray, member: np.ndarray) -> np.ndarray:
    """(groups, responses) population-weighted percentages."""
    mass = member.T @ shares
    return 100.0 * (member.T @ (shares[:, None] * probs)) / mass[:, None]


def gaussian_copula_shares(shares_a: Any, shares_b: Any, correlation: float) -> np.ndarray:
    """Joint table of two ordered groupings with given margins and association.

    The groups are the intervals of two standard-normal latent variables
    with correlation ``correlation``, cut at the normal quantiles of the
    cumulative margins (a Gaussian copula with discretised margins).

    Parameters
    ----------
    shares_a, shares_b : array_like
        Margins (each summing to 1, entries > 0), bottom to top.
    correlation : float
        Latent correlation in (-1, 1); positive puts low with low.

    Returns
    -------
    ndarray
        Table of shape ``(len(shares_a), len(shares_b))`` whose margins are
        exactly ``shares_a`` and ``shares_b`` (to about 1e-12).

    Raises
    ------
    MigstatsValueError
        For invalid margins or a correlation outside (-1, 1).

    Notes
    -----
    The rectangle probabilities come from ``scipy.stats.multivariate_normal
    .cdf`` (Genz's algorithm), whose error is about 1e-8 here; a few rounds
    of iterative proportional fitting (Deming & Stephan 1940) then restore
    the margins exactly without changing the association's odds ratios.

    References
    ----------
    .. [1] Nelsen, R. B. (2006). *An Introduction to Copulas*, 2nd ed.
       Springer, sec. 2.3 (Sklar) and 4.1.
    .. [2] Deming, W. E., & Stephan, F. F. (1940). On a least squares
       adjustment of a sampled frequency table when the expected marginal
       totals are known. *Annals of Mathematical Statistics* 11, 427-444.

    Examples
    --------
    >>> from migstats import gaussian_copula_shares
    >>> t = gaussian_copula_shares([0.25, 0.35, 0.40], [0.2] * 5, 0.5)
    >>> t.sum(axis=1).round(6).tolist(), t.sum(axis=0).round(6).tolist()
    ([0.25, 0.35, 0.4], [0.2, 0.2, 0.2, 0.2, 0.2])
    >>> bool(t[0, 0] > 0.25 * 0.2)   # the low educated are more often in Q1
    True
    """
    from scipy.stats import multivariate_normal, norm

    a, b = _array(shares_a, "shares_a"), _array(shares_b, "shares_b")
    for arr, name, value in ((a, "shares_a", shares_a), (b, "shares_b", shares_b)):
        if arr.ndim != 1 or arr.size < 1 or (arr <= 0).any():
            raise invalid_value(name, "a 1-d array of positive shares", value)
        _check_distribution(arr, name, value)
    rho = float(correlation)
    if not -1 < rho < 1:
        raise invalid_value("correlation", "a number in (-1, 1)", correlation)
    cut_a = np.concatenate([[-np.inf], norm.ppf(np.cumsum(a)[:-1]), [np.inf]])
    cut_b = np.concatenate([[-np.inf], norm.ppf(np.cumsum(b)[:-1]), [np.inf]])
    xa, xb = np.meshgrid(cut_a, cut_b, indexing="ij")
    finite = np.isfinite(xa) & np.isfinite(xb)
    grid = np.zeros(xa.shape)
    mvn = multivariate_normal(mean=[0.0, 0.0], cov=[[1.0, rho], [rho, 1.0]])
    grid[finite] = mvn.cdf(np.column_stack([xa[finite], xb[finite]]))
    # one infinite coordinate: the other margin's normal cdf
    grid[np.isposinf(xa) & np.isfinite(xb)] = norm.cdf(xb[np.isposinf(xa) & np.isfinite(xb)])
    grid[np.isfinite(xa) & np.isposinf(xb)] = norm.cdf(xa[np.isfinite(xa) & np.isposinf(xb)])
    grid[np.isposinf(xa) & np.isposinf(xb)] = 1.0
    table = np.clip(np.diff(np.diff(grid, axis=0), axis=1), 1e-300, None)
    for _ in range(COPULA_FITTING_ITERATIONS):
        table *= (a / table.sum(axis=1))[:, None]
        table *= (b / table.sum(axis=0))[None, :]
    return table


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class SimulatedSurveys(Result):
    """The printed tables of many simulated surveys, with the truth beside them.

    Array fields have the replication axis first, then the printed groups
    (``dimension``/``group``: the total first), then the printed
    ``responses``.  ``n``, ``deff`` and ``n_effective`` are per replication
    and group; ``expected_n`` and ``expected_deff`` are the design's values
    (expected cell counts put into the same formulas).
    """

    item: str
    responses: tuple[str, ...]
    dimension: tuple[str, ...]
    group: tuple[str, ...]
    true_percent: np.ndarray
    weighted_percent: np.ndarray
    percent: np.ndarray
    n: np.ndarray
    deff: np.ndarray
    n_effective: np.ndarray
    expected_n: np.ndarray
    expected_deff: np.ndarray
    empty_weighting_cells: np.ndarray
    decimals: int
    rounding: str
    weighted: bool

    @property
    def replications(self) -> int:
        """Number of simulated surveys."""
        return int(self.percent.shape[0])

    def columns(self, dimension: str) -> np.ndarray:
        """Positions of ``dimension``'s groups on the group axis, in order."""
        pos = np.flatnonzero(np.asarray(self.dimension) == dimension)
        if pos.size == 0:
            raise invalid_value("dimension", f"one of {sorted(set(self.dimension))}", dimension)
        return pos

    def to_frame(self) -> pd.DataFrame:
        """Tidy frame, one row per replication x group x response.

        Columns :data:`SIMULATION_COLUMNS`; ``percent`` is the printed
        (rounded) number, ``weighted_percent`` the unrounded estimate.
        """
        r, g, k = self.percent.shape
        rep = np.repeat(np.arange(r), g * k)
        per_group = {
            "n": self.n,
            "n_effective": self.n_effective,
            "deff": self.deff,
        }
        frame = pd.DataFrame(
            {
                "replication": rep,
                "item": self.item,
                "response": np.tile(self.responses, r * g),
                "dimension": np.tile(np.repeat(self.dimension, k), r),
                "group": np.tile(np.repeat(self.group, k), r),
                "percent": self.percent.ravel(),
                "weighted_percent": self.weighted_percent.ravel(),
                "true_percent": np.tile(self.true_percent.ravel(), r),
                **{name: np.repeat(v.ravel(), k) for name, v in per_group.items()},
            }
        )
        return frame[list(SIMULATION_COLUMNS)]


def _whole(value: Any, minimum: int) -> bool:
    """Whether ``value`` is a whole number (not a bool) of at least ``minimum``."""
    if isinstance(value, (bool, str, bytes)):
        return False
    try:
        x = float(value)
    except (TypeError, ValueError):
        return False
    return x.is_integer() and x >= minimum


def _seed_ok(seed: Any) -> bool:
    """Whether ``seed`` is a whole number >= 0 or a non-empty sequence of them."""

    def whole(v: Any) -> bool:
        return isinstance(v, numbers.Integral) and not isinstance(v, bool) and v >= 0

    if whole(seed) or isinstance(seed, np.random.SeedSequence):
        return True
    if isinstance(seed, (list, tuple, np.ndarray)):
        return len(seed) > 0 and all(whole(v) for v in np.asarray(seed, dtype=object).ravel())
    return False


def _rng(rng: Any, seed: Any) -> np.random.Generator:
    if rng is not None and seed is not None:
        raise invalid_value("seed", "None when rng is given", seed)
    if rng is None:
        if seed is not None and not _seed_ok(seed):
            raise invalid_value(
                "seed", "None, a whole number >= 0 (an int) or a list of them", seed
            )
        return np.random.default_rng(seed)
    if not isinstance(rng, np.random.Generator):
        raise invalid_value("rng", "a numpy.random.Generator", rng)
    return rng


def _cell_counts(pop, n, sample, replications, gen):
    """(R, C) respondents per cell: multinomial overall or within groups of a dimension."""
    flat = sample.ravel()
    if not isinstance(n, Mapping):
        return gen.multinomial(int(n), flat, size=replications), float(n) * flat
    ((dim, sizes),) = n.items()
    axis = pop.dimensions.index(dim)
    index = np.indices(pop.shares.shape).reshape(len(pop.dimensions), -1)[axis]
    counts = np.zeros((replications, flat.size), dtype=np.int64)
    expected = np.zeros(flat.size)
    for g, size in enumerate(np.asarray(sizes).astype(np.int64)):  # loop over groups
        cells = index == g
        within = flat[cells] / flat[cells].sum()
        counts[:, cells] = gen.multinomial(size, within, size=replications)
        expected[cells] = size * within
    return counts, expected


def _check_n(pop: SurveyPopulation, n: Any) -> None:
    """Refuse an ``n`` that is not a whole total or one dimension's whole group sizes."""
    allowed = f"a whole number from 1 to {MAX_RESPONDENTS} (2**53) or {{dimension: group sizes}}"
    if not isinstance(n, Mapping):
        if not _whole(n, 1) or float(n) > MAX_RESPONDENTS:
            raise invalid_value("n", allowed, n)
        return
    if len(n) != 1:
        raise invalid_value("n", "a mapping with exactly one dimension", n)
    ((dim, sizes),) = n.items()
    if dim not in pop.dimensions:
        raise invalid_value("n", f"a mapping keyed by one of {list(pop.dimensions)}", dim)
    g = len(pop.groups[pop.dimensions.index(dim)])
    arr = np.asarray(sizes) if not isinstance(sizes, (str, bytes)) else np.asarray([sizes])
    if arr.dtype.kind not in "iuf" or arr.shape != (g,):
        raise invalid_value("n", f"{g} group sizes (numbers, not text) for {dim!r}", sizes)
    if not np.isfinite(arr).all() or (arr < 0).any() or (arr % 1).any():
        raise invalid_value("n", f"{g} whole sizes >= 0 for {dim!r}", sizes)
    if arr.sum() > MAX_RESPONDENTS:
        raise invalid_value("n", f"group sizes summing to at most {MAX_RESPONDENTS}", sizes)


def _check_names(pop: SurveyPopulation, value: Any, name: str) -> tuple[str, ...] | None:
    """A sequence of dimension names of ``pop`` (not a string), or None."""
    if value is None:
        return None
    allowed = f"a list of dimension names from {list(pop.dimensions)} (a list, not a string)"
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise invalid_value(name, allowed, value)
    value = list(value)
    unknown = [v for v in value if v not in pop.dimensions]
    if unknown or len(set(value)) != len(value):
        raise invalid_value(name, allowed + " without repeats", list(value))
    return tuple(value)


def _check_sample(pop, sample: np.ndarray, n: Any, weight_by: tuple[str, ...]) -> None:
    """Refuse sample shares that leave a sized group or a weighting cell without respondents."""
    index = np.indices(pop.shares.shape).reshape(len(pop.dimensions), -1)
    flat, target = sample.ravel(), pop.shares.ravel()
    if isinstance(n, Mapping):
        ((dim, sizes),) = n.items()
        groups = index[pop.dimensions.index(dim)]
        for g, size in enumerate(np.asarray(sizes, dtype=float)):
            if size > 0 and flat[groups == g].sum() <= 0:
                label = pop.groups[pop.dimensions.index(dim)][g]
                raise invalid_value(
                    "sample_shares",
                    f"a positive share in some cell of group {label!r}, which has {size:g} "
                    "respondents in n",
                    sample.tolist(),
                )
    if weight_by:
        axes = [pop.dimensions.index(d) for d in weight_by]
        shape = [pop.shares.shape[a] for a in axes]
        cls = np.ravel_multi_index(index[axes], shape)
        drawn = np.bincount(cls, weights=flat, minlength=int(np.prod(shape)))
        needed = np.bincount(cls, weights=target, minlength=int(np.prod(shape)))
        if ((drawn <= 0) & (needed > 0)).any():
            raise invalid_value(
                "sample_shares",
                f"a positive share in every weighting cell of {list(weight_by)} with a "
                "population share (a cell never sampled cannot be weighted)",
                sample.tolist(),
            )


def _weights(pop, counts, weight_by):
    """Post-stratification weights per cell (R, C) and empty weighting cells (R,)."""
    if not weight_by:
        return np.ones(counts.shape), np.zeros(counts.shape[0], dtype=int)
    axes = [pop._axis(d) for d in weight_by]
    index = np.indices(pop.shares.shape).reshape(len(pop.dimensions), -1)
    cls = np.ravel_multi_index(index[axes], [pop.shares.shape[a] for a in axes])
    h = int(cls.max()) + 1
    onehot = np.zeros((cls.size, h))
    onehot[np.arange(cls.size), cls] = 1.0
    target = pop.shares.ravel() @ onehot  # population share of each weighting class
    realised = counts @ onehot  # (R, H) respondents per class
    with np.errstate(divide="ignore", invalid="ignore"):
        w_class = np.where(realised > 0, target / realised, 0.0)
    # renormalise so the weights sum to the sample size (only matters with empty classes)
    total = (w_class * realised).sum(axis=1, keepdims=True)
    w_class *= realised.sum(axis=1, keepdims=True) / total
    empty = ((realised == 0) & (target > 0)).sum(axis=1)
    return w_class @ onehot.T, empty


def _group_summaries(counts, weights, answers, member):
    """Weighted proportions (R, G, K), sizes (R, G) and Kish deff (R, G)."""
    wn = counts * weights
    size = counts @ member
    wsum = wn @ member
    w2sum = (wn * weights) @ member
    with np.errstate(divide="ignore", invalid="ignore"):
        est = np.einsum("rck,cg->rgk", answers * weights[..., None], member) / wsum[..., None]
        deff = size * w2sum / wsum**2
    return est, size, deff


def simulate_surveys(
    population: SurveyPopulation,
    n: Any,
    *,
    replications: int = 1000,
    sample_shares: Any = None,
    weight_by: Sequence[str] | None = None,
    dimensions: Sequence[str] | None = None,
    decimals: int = 0,
    rounding: str = "half_up",
    seed: Any = None,
    rng: np.random.Generator | None = None,
) -> SimulatedSurveys:
    """Draw surveys from a population and print their weighted, rounded tables.

    Parameters
    ----------
    population : SurveyPopulation
        The known truth.
    n : int or mapping
        Respondents per survey: a total (cells drawn multinomially with
        probabilities ``sample_shares``), or ``{dimension: sizes}`` with fixed
        respondent counts per group of one dimension (cells within a group
        drawn in proportion to ``sample_shares``).
    replications : int, default 1000
        Number of independent surveys.
    sample_shares : array_like, optional
        Cell selection probabilities, shape of ``population.shares``
        (default: the population shares, a self-weighting sample).  Build
        under-representation with :meth:`SurveyPopulation.sample_shares`.
    weight_by : sequence of str, optional
        Dimensions whose joint cells the sample is post-stratified to
        (weights ``P_h / (n_h / n)`` for weighting cell ``h``).  Default
        ``None``: unweighted percentages.
    dimensions : sequence of str, optional
        Dimensions printed in the table (default all); the total is always
        printed.
    decimals : int, default 0
        Decimals of the printed percentages.
    rounding : str, default "half_up"
        Printing rule, one of :data:`SIMULATION_ROUNDING`, applied exactly by
        :func:`migstats.round_half`.
    seed : int or sequence of int, optional
        Seed of a new ``numpy.random.default_rng`` (whole numbers >= 0); or
        pass ``rng``.
    rng : numpy.random.Generator, optional
        Generator to draw from (not both ``seed`` and ``rng``).

    Returns
    -------
    SimulatedSurveys
        Printed ``percent``, unrounded ``weighted_percent``, ``true_percent``,
        realised ``n``, Kish ``deff`` and ``n_effective`` per replication and
        group, the design's ``expected_n``/``expected_deff``;
        ``to_frame()`` gives the tidy table.

    Raises
    ------
    MigstatsValueError
        For an invalid population, ``n`` (a total above
        :data:`MAX_RESPONDENTS`, group sizes that are text), ``replications``
        (more than :data:`MAX_DRAWN_CELLS` drawn cells), shares (a sized group
        or a weighting cell with sample share 0), dimension names (a string
        instead of a list), ``decimals``, ``rounding``, a ``seed`` that is
        not a whole number >= 0, or both ``seed`` and ``rng``.

    Notes
    -----
    *Sampling.*  Cell counts are one multinomial draw per replication (all
    replications in one call), the answers one binomial (binary) or
    multinomial (categorical) draw per cell and replication.  Respondents
    of a cell are exchangeable, so this is the same distribution as drawing
    respondents one by one, at a cost independent of ``n``.

    *Weighting.*  Post-stratification (Lumley 2010, ch. 7; Kish 1965,
    sec. 3.3) gives every respondent in weighting cell ``h`` the weight
    ``P_h / (n_h / n)``, so the weighted sample reproduces the population
    shares of the cells.  A weighting cell empty in some replication cannot
    be represented; its share is then spread over the other cells (weights
    rescaled to sum to ``n``) and the replication is counted in
    ``empty_weighting_cells`` -- a design with many such replications is
    too fine for its ``n``.  The estimate of a group is the weighted mean of
    its respondents' answers, ``sum w y / sum w`` (NaN for a group without
    respondents).

    *Design effect.*  Kish's (1965, eq. 11.7.6; Kish 1992) design effect
    of weighting for a group with respondent weights ``w_i`` is
    ``deff = n_g sum w_i^2 / (sum w_i)^2 = 1 + cv(w)^2``; ``n_effective =
    n_g / deff``.  It is the variance inflation of the weighted mean when
    the answer does not vary with the weights (here: with the weighting
    cells); where it does, post-stratification gains precision and the
    true variance is smaller.  ``expected_n`` and ``expected_deff`` put the
    expected cell counts into the same formulas (the large-sample values a
    report could publish).

    *Printing.*  ``percent = round_half(100 * estimate, decimals, rounding)``;
    unweighted percentages are rounded as exact fractions of whole counts
    (a tie such as 1/8 = 12.5 % is a tie), weighted ones at their binary
    value.

    References
    ----------
    .. [1] Kish, L. (1965). *Survey Sampling*. Wiley.
    .. [2] Kish, L. (1992). Weighting for unequal P_i. *Journal of Official
       Statistics* 8, 183-200.
    .. [3] Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using
       R*. Wiley, ch. 7 (post-stratification, raking, calibration).

    Examples
    --------
    Three education groups, a weighting stratum sampled unevenly, the low
    educated under-represented, post-stratified on education x stratum:

    >>> import numpy as np
    >>> from migstats import SurveyPopulation, simulate_surveys
    >>> shares = np.outer([0.25, 0.35, 0.40], [0.5, 0.5])
    >>> p = np.repeat([[0.45], [0.36], [0.30]], 2, axis=1)
    >>> pop = SurveyPopulation(shares, p, dimensions=["education", "stratum"],
    ...                        groups=[["low", "mid", "high"], ["a", "b"]], item="agree")
    >>> sample = pop.sample_shares({"education": {"low": 0.5}, "stratum": {"a": 2 + 3 ** 0.5}})
    >>> sims = simulate_surveys(pop, 1500, replications=2000, sample_shares=sample,
    ...                         weight_by=["education", "stratum"],
    ...                         dimensions=["education"], seed=1)
    >>> sims.percent.shape
    (2000, 4, 1)
    >>> sims.true_percent[:, 0].round(2).tolist()
    [35.85, 45.0, 36.0, 30.0]
    >>> sims.expected_deff.round(2).tolist()
    [1.64, 1.5, 1.5, 1.5]
    >>> bias = sims.weighted_percent.mean(axis=0) - sims.true_percent
    >>> bool(abs(bias).max() < 0.2)           # unbiased within Monte Carlo error
    True
    >>> sims.to_frame().columns.tolist()[:6]
    ['replication', 'item', 'response', 'dimension', 'group', 'percent']
    """
    if not isinstance(population, SurveyPopulation):
        raise invalid_value("population", "a SurveyPopulation", population)
    if not _whole(replications, 1):
        raise invalid_value("replications", "a whole number >= 1", replications)
    if float(replications) * population.shares.size > MAX_DRAWN_CELLS:
        raise invalid_value(
            "replications",
            f"at most {MAX_DRAWN_CELLS:.0e} / {population.shares.size} cells "
            "(split a bigger run over several seeds)",
            replications,
        )
    if not _whole(decimals, 0):
        raise invalid_value("decimals", "a whole number >= 0", decimals)
    rounding = check_option(rounding, "rounding", SIMULATION_ROUNDING)
    gen = _rng(rng, seed)
    pop = population
    if sample_shares is None:
        sample = np.array(pop.shares)
    else:
        sample = _array(sample_shares, "sample_shares")
        if sample.shape != pop.shares.shape:
            raise invalid_value(
                "sample_shares", f"an array of shape {pop.shares.shape}", sample.shape
            )
        _check_distribution(sample, "sample_shares", sample_shares)
    weight_by = _check_names(pop, weight_by, "weight_by") or ()
    _check_n(pop, n)
    _check_sample(pop, sample, n, weight_by)
    dim_of, group_of, member = pop.membership(_check_names(pop, dimensions, "dimensions"))
    counts, expected_counts = _cell_counts(pop, n, sample, int(replications), gen)

    probs = pop._cell_probabilities()
    if pop.binary:
        answers = gen.binomial(counts, probs[:, 0])[..., None]
    else:
        answers = gen.multinomial(counts, probs)
    weights, empty = _weights(pop, counts, weight_by)
    est, size, deff = _group_summaries(counts, weights, answers, member)
    exp_w, _ = _weights(pop, expected_counts[None, :], weight_by)
    _, exp_n, exp_deff = _group_summaries(
        expected_counts[None, :], exp_w, np.zeros((1, *probs.shape)), member
    )

    percent = np.full(est.shape, np.nan)
    ok = np.broadcast_to((size > 0)[..., None], est.shape)
    if weight_by:
        percent[ok] = round_half(100.0 * est[ok], int(decimals), rounding)
    else:  # whole counts: round the exact fraction 100 k / n
        num = np.einsum("rck,cg->rgk", answers, member.astype(np.int64))
        den = np.broadcast_to(size[..., None], est.shape).astype(np.int64)
        percent[ok] = round_half(100 * num[ok], int(decimals), rounding, denominator=den[ok])
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = size / deff
    return SimulatedSurveys(
        item=pop.item,
        responses=pop.responses,
        dimension=dim_of,
        group=group_of,
        true_percent=_true_percent(pop.shares.ravel(), probs, member),
        weighted_percent=100.0 * est,
        percent=percent,
        n=size.astype(np.int64),
        deff=deff,
        n_effective=n_eff,
        expected_n=exp_n[0],
        expected_deff=exp_deff[0],
        empty_weighting_cells=empty,
        decimals=int(decimals),
        rounding=rounding,
        weighted=bool(weight_by),
    )
