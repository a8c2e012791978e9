"""The table context: what every table-level analysis resolves before it starts.

A :class:`TableContext` is built ONCE per call from the user's arguments
(a table id, a list of ids or a tidy DataFrame; the :class:`SampleDesign`;
``n``, ``deff``, ``items``, ``groups`` and ``confidence_level``).  It
validates them and resolves, in one place,

* the table rows (a chapter table id selects the table's rows **plus** every
  number the running text reports about the same items, table ``"text"``);
* the dimensions' groups in order;
* the candidate total sample sizes and design effects;
* the group sizes ``n_g`` (one cached lookup, :meth:`TableContext.group_size`
  and :meth:`TableContext.group_sizes`) and the design's group shares;
* the rounding rule and decimals, and the interval of true values every
  published number stands for (:meth:`TableContext.percent_intervals`,
  :meth:`TableContext.true_intervals`).

Every table function (:mod:`.check`, :mod:`.shares`, :mod:`.counts`,
:mod:`.intervals`, :mod:`.compare`, :mod:`.gradients`) starts from it.

Units: ``percent`` and the rounding intervals are in percent (the unit of
the published tables).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._base import (
    MigstatsValueError,
    check_confidence_level,
    check_deff,
    check_n,
    check_option,
    invalid_value,
)
from .._core import PERCENT_SCALE, ROUNDING_RULES, count_range, rounding_interval
from .._corpus import (
    DEFAULT_REPORT,
    DIMENSIONS,
    NON_PARTITION_DIMENSIONS,
    SCRUTINY_ROUNDING_ALIASES,
    SampleDesign,
    as_table,
    check_total_n,
    complete_responses,
    load_items,
    load_report,
    resolve_report,
    validate_items,
)

__all__ = ["INTERVAL_ATOL", "TableContext"]

#: Absolute tolerance (in percent) when comparing interval ends computed in
#: floating point (sums of shares times interval ends).  Published numbers
#: have at most a few decimals, so 1e-9 only absorbs representation error.
INTERVAL_ATOL = 1e-9

#: Response label pattern of a combined response such as "6-10".
_RANGE_RESPONSE = re.compile(r"^(\d+)-(\d+)$")

#: A reported number given as a range ("51-54").
RANGE_REPORTED = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*$")


# --------------------------------------------------------------------------
# loading the rows
# --------------------------------------------------------------------------


def _load_one(table: Any, design: SampleDesign, items: Any, groups: Any) -> pd.DataFrame:
    """Validated tidy rows of a user DataFrame given with a design and no report."""
    if isinstance(table, pd.DataFrame):
        return as_table(table, items=items, groups=groups, decimals=design.decimals)
    raise invalid_value("table", "a DataFrame", type(table).__name__)  # pragma: no cover


def _load_from_report(
    report: Any, table: Any, design: SampleDesign, items: Any, groups: Any, several: bool
) -> pd.DataFrame:
    """Rows of ``table`` (an id, a list of ids with ``several``, None: all) of ``report``.

    A DataFrame is validated against the report's items, dimensions and decimals.
    """
    if isinstance(table, pd.DataFrame):
        return as_table(
            table,
            items=report.items if items is None else items,
            groups=report.dimensions if groups is None else groups,
            partitions=report.partitions,
            decimals=design.decimals,
        )
    if isinstance(table, str) or (several and table is None):
        return report.rows(table)
    if several and isinstance(table, Sequence) and table and all(isinstance(t, str) for t in table):
        return report.rows(list(table))
    allowed = f"a table id of report {report.name!r} ({', '.join(report.table_ids)})"
    raise invalid_value(
        "tables" if several else "table",
        allowed + (", a list of them, None" if several else "") + " or a DataFrame",
        table if isinstance(table, list | tuple) else type(table).__name__,
    )


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Object-typed copy of ``dimension`` and ``group`` (no categoricals) for easy grouping."""
    out = frame.copy()
    for c in ("dimension", "group"):
        out[c] = out[c].astype(str)
    return out


# --------------------------------------------------------------------------
# resolving the arguments
# --------------------------------------------------------------------------


def _check_design(design: Any) -> SampleDesign:
    if not isinstance(design, SampleDesign):
        raise invalid_value("design", "a migstats.SampleDesign", type(design).__name__)
    return design


def _interval_rule(design: SampleDesign) -> str:
    """The design's rounding rule in the vocabulary of rounding_interval."""
    rule = design.rounding
    if rule in ROUNDING_RULES:
        return rule
    return SCRUTINY_ROUNDING_ALIASES[rule]


def _resolve_ns(design: SampleDesign, n: Any, single: str | None) -> np.ndarray:
    """Candidate total sample sizes as a 1-d int array (``None`` -> design.n).

    With ``single`` (the calling function's name) ``n`` must be one integer.
    """
    arr = check_n(design.n if n is None else n, "n")
    if single is not None and arr.ndim != 0:
        raise invalid_value(
            "n", f"a single integer in {single} (use gradient_table for several)", n
        )
    if arr.ndim > 1:
        raise invalid_value("n", "an integer or a 1-d sequence of integers", n)
    check_total_n(design, arr)
    return np.atleast_1d(arr)


def _resolve_deffs(design: SampleDesign, deff: Any, single: bool) -> np.ndarray:
    """Candidate design effects as a 1-d float array (``None`` -> design.deff)."""
    allowed = "a single number > 0" if single else "a number > 0 or a 1-d sequence of them"
    if isinstance(deff, str | bool | np.bool_):
        raise invalid_value("deff", allowed, deff)
    d = check_deff(design.deff if deff is None else deff)
    if d.ndim > (0 if single else 1):
        raise invalid_value("deff", allowed, deff)
    return np.atleast_1d(d).astype(float)


def _resolve_report_design(table: Any, design: Any, report: Any) -> tuple[Any, SampleDesign]:
    """The report (None for a user DataFrame with a design only) and the design to use.

    Neither given: the default report, loaded by name, with its own design
    (a user DataFrame then needs ``design``).  An explicit ``design`` wins
    over the report's design.
    """
    if report is None and isinstance(table, pd.DataFrame):
        if design is None:
            raise invalid_value(
                "design",
                "a migstats.SampleDesign (or report=) for a table of your own, so that its "
                "group sizes and design effect are not another report's",
                None,
            )
        return None, _check_design(design)
    report = load_report(DEFAULT_REPORT) if report is None else resolve_report(report)
    return report, _check_design(report.design if design is None else design)


def _check_described(rows: pd.DataFrame, design: SampleDesign, name: str) -> None:
    """Raise, naming every one, for dimensions and groups of ``rows`` the design lacks.

    A user table's numbers are never dropped for want of group sizes: each
    dimension other than ``"total"`` must be a dimension of ``design`` and
    each of its groups one of the design's groups.
    """
    problems = []
    for dim, sub in rows.groupby("dimension", sort=False):
        groups = list(dict.fromkeys(sub["group"].astype(str)))
        if dim == "total":
            extra = [g for g in groups if g != "total"]
        elif dim not in design.dimensions:
            problems.append(f"dimension {dim!r} (groups {', '.join(map(repr, groups))})")
            continue
        else:
            known = set(design.group_shares(dim).index.astype(str))
            extra = [g for g in groups if g not in known]
        if extra:
            problems.append(f"groups {', '.join(map(repr, extra))} of dimension {dim!r}")
    if problems:
        described = ", ".join(repr(d) for d in ("total", *design.dimensions))
        raise invalid_value(
            name,
            f"a table whose dimensions and groups the design describes ({described})",
            "a table with " + "; ".join(problems),
        )


@functools.lru_cache(maxsize=4096)
def _sizes_of(design: SampleDesign, dimension: str, n_total: int) -> Mapping[str, int]:
    """Whole respondents per group at ``n_total`` (cached: designs are frozen).

    From :meth:`SampleDesign.group_design` (sample shares, published counts,
    unclassified share), the one lookup of group sizes.
    """
    g = design.group_design(dimension, int(n_total), integer=True)
    return {str(k): int(v) for k, v in zip(g.groups, g.n, strict=True)}


@functools.lru_cache(maxsize=256)
def _deff_ratios_of(design: SampleDesign, dimension: str) -> Mapping[str, float]:
    """``deff_g / deff`` per group (:meth:`SampleDesign.group_design` at deff 1)."""
    g = design.group_design(dimension, 1, 1.0)
    return {str(k): float(v) for k, v in zip(g.groups, g.deff, strict=True)}


# --------------------------------------------------------------------------
# the context
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, eq=False)
class TableContext:
    """Resolved arguments of one table-level analysis (built by :meth:`build`).

    Attributes
    ----------
    design : SampleDesign
        The validated design.
    rows : pandas.DataFrame
        The table rows (``dimension`` and ``group`` as plain strings).
    groups : Mapping[str, tuple of str]
        Every dimension's groups, in order.
    items : object
        The user's item catalogue argument (None: the chapter's).
    ns : ndarray of int
        Candidate total sample sizes (1-d).
    deffs : ndarray of float
        Candidate design effects (1-d).
    confidence_level : float or None
        The validated confidence level (None when the analysis has none).
    rule : str
        The rounding rule in the vocabulary of :func:`migstats.rounding_interval`.
    decimals : int
        The design's decimals.
    non_partitions : frozenset of str
        Dimensions whose groups do not partition the respondents (chapter 7:
        total and period; a report: every dimension not in ``report.partitions``).
    default_response : str or None
        The report's ``defaultResponse`` (None: none declared, or a user
        DataFrame): the response analysed when none is named, where an item
        publishes it; else the item's first published response.

    Examples
    --------
    >>> from migstats._tables.context import TableContext
    >>> ctx = TableContext.build("7.6", n=1000)
    >>> ctx.groups["education"]
    ('bo/vmbo', 'havo/vwo/mbo', 'hbo/wo')
    >>> ctx.group_sizes("education", ctx.groups["education"], 1000).tolist()
    [263, 353, 384]
    >>> ctx.group_size("total", "total", 1000), ctx.rule
    (1000, 'up_or_down')
    """

    design: SampleDesign
    rows: pd.DataFrame
    groups: Mapping[str, tuple]
    items: Any
    ns: np.ndarray
    deffs: np.ndarray
    confidence_level: float | None
    rule: str
    decimals: int
    non_partitions: frozenset = NON_PARTITION_DIMENSIONS
    default_response: str | None = None

    @classmethod
    def build(
        cls,
        table: Any,
        *,
        design: SampleDesign | None = None,
        report: Any = None,
        n: Any = None,
        deff: Any = None,
        items: Any = None,
        groups: Mapping[str, Sequence[str]] | None = None,
        confidence_level: Any = None,
        several_tables: bool = False,
        single: str | None = None,
        described: bool = True,
    ) -> TableContext:
        """Validate the arguments of a table function and resolve them.

        Parameters
        ----------
        table : str, list of str, pandas.DataFrame or None
            The ``table`` argument (``tables`` with ``several_tables``: None
            means the whole chapter, a list of ids is allowed).
        design, n, deff, items, groups
            As in the table functions.
        report : Report, str or path, optional
            The report whose rows, items, dimensions and design are used
            (:func:`migstats.load_report`); default: the default report
            (``"scp2024-ch7"``), loaded by name.  An explicit ``design`` wins
            over the report's.  A user DataFrame given with neither
            ``design`` nor ``report`` is refused (error naming ``design``):
            its n and design effect would otherwise be another report's.
        confidence_level : float, optional
            Validated when given.
        several_tables : bool, default False
            Whether ``table`` is the ``tables`` argument.
        single : str, optional
            Name of a function that takes one ``n`` and one ``deff`` only.
        described : bool, default True
            Require that the design describes every dimension and group of a
            user DataFrame (False for :func:`implied_group_shares`, which
            estimates the shares a design lacks).
        """
        report, design = _resolve_report_design(table, design, report)
        level = None if confidence_level is None else check_confidence_level(confidence_level)
        ns = _resolve_ns(design, n, single)
        deffs = _resolve_deffs(design, deff, single is not None)
        if report is None:  # a user DataFrame with an explicit design
            rows = _plain(_load_one(table, design, items, groups))
            src = DIMENSIONS if groups is None else groups
            non_partitions = NON_PARTITION_DIMENSIONS
        else:
            rows = _plain(_load_from_report(report, table, design, items, groups, several_tables))
            src = report.dimensions if groups is None else groups
            items = report.items if items is None else items
            non_partitions = frozenset(d for d in src if d not in report.partitions)
        if described and isinstance(table, pd.DataFrame):
            _check_described(rows, design, "tables" if several_tables else "table")
        dims = {str(d): tuple(str(g) for g in gs) for d, gs in src.items()}
        return cls(
            design=design,
            rows=rows,
            groups=dims,
            items=items,
            ns=ns,
            deffs=deffs,
            confidence_level=level,
            rule=_interval_rule(design),
            decimals=design.decimals,
            non_partitions=non_partitions,
            default_response=None if report is None else report.default_response,
        )

    # ---- single-valued views and loops ---------------------------------

    @property
    def n(self) -> int:
        """The one total sample size (functions built with ``single``)."""
        return int(self.ns[0])

    @property
    def deff(self) -> float:
        """The one design effect (functions built with ``single``)."""
        return float(self.deffs[0])

    def scenarios(self) -> Iterator[tuple[int, float]]:
        """Every ``(n, deff)`` combination, ``n`` varying slowest."""
        for n_total, d in itertools.product(self.ns, self.deffs):
            yield int(n_total), float(d)

    # ---- items and distributions ---------------------------------------

    @functools.cached_property
    def catalogue(self) -> pd.DataFrame:
        """The item catalogue (the chapter's, or the user's validated one)."""
        return load_items() if self.items is None else validate_items(self.items)

    def complete_codes(self, item: str) -> tuple[str, ...] | None:
        """The response codes of a complete K-point distribution of ``item`` (or None)."""
        scale = self.catalogue.loc[self.catalogue["item"] == item, "scale"]
        if scale.empty:
            return None
        return complete_responses(str(scale.iloc[0]))

    def blocks(self) -> list[tuple[tuple[str, str, str], pd.DataFrame, bool]]:
        """Distributions: (item, dimension, group) blocks of mutually exclusive responses.

        A combined response such as "6-10" is left out of a block that also
        holds the single codes it covers (it overlaps them); otherwise it is a
        category of its own.  Returns ``(key, block, complete)`` with
        ``complete`` True when the block holds every code of the item's
        K-point scale.
        """
        out = []
        for key, block in self.rows.groupby(["item", "dimension", "group"], sort=False):
            responses = set(block["response"])
            keep = [
                not (is_range_response(r) and set(range_codes(r)) <= responses)
                for r in block["response"]
            ]
            block = block[np.array(keep, dtype=bool)]
            codes = self.complete_codes(key[0])
            complete = codes is not None and set(block["response"]) == set(codes)
            out.append((key, block, complete))
        return out

    def profile(self, item: Any, dimension: Any, response: Any) -> pd.DataFrame:
        """Rows of one item, response and dimension, in group order (all groups present)."""
        rows = self.rows
        check_option(item, "item", tuple(dict.fromkeys(rows["item"])))
        of_item = rows[rows["item"] == item]
        partition = tuple(
            d for d in dict.fromkeys(of_item["dimension"]) if d not in self.non_partitions
        )
        check_option(dimension, "dimension", partition)
        if response is None:
            response = self.response_of(of_item[of_item["dimension"] == dimension]["response"])
        check_option(response, "response", tuple(dict.fromkeys(of_item["response"])))
        sub = of_item[(of_item["dimension"] == dimension) & (of_item["response"] == response)]
        return in_group_order(sub, self.groups.get(dimension, ()), item, response, dimension)

    def response_of(self, published: Any) -> str:
        """The response analysed when none is named, of an item's ``published`` responses.

        The report's ``defaultResponse`` where the item publishes it, else
        the first published response (in the order of the table).
        """
        order = [str(r) for r in dict.fromkeys(published)]
        return self.default_response if self.default_response in order else order[0]

    # ---- shares and group sizes ----------------------------------------

    def shares(self, dimension: str, groups: Sequence[str]) -> np.ndarray | None:
        """The design's shares of ``groups`` (None if the design has no such dimension)."""
        design = self.design
        if dimension not in design.dimensions:
            return None
        s = design.group_shares(dimension)
        if set(s.index) != set(groups):
            raise MigstatsValueError(
                f"design must give shares for the groups of dimension {dimension!r} "
                f"({', '.join(groups)}), but got shares for {', '.join(map(str, s.index))}"
            )
        return s.reindex(list(groups)).to_numpy(dtype=float)

    def require_shares(self, dimension: str, groups: Sequence[str]) -> np.ndarray:
        """:meth:`shares`, raising if the design has none for ``dimension``."""
        shares = self.shares(dimension, groups)
        if shares is None:
            raise invalid_value(
                "design",
                f"a design with shares for dimension {dimension!r}",
                self.design.dimensions,
            )
        return shares

    def check_groups(self, dimensions: Any) -> None:
        """Raise if the design's groups of ``dimensions`` differ from the table's."""
        for dim in dimensions:
            if dim != "total":
                self.shares(dim, self.groups.get(dim, ()))

    def has_sizes(self, dimension: str) -> bool:
        """Whether group sizes exist for ``dimension`` (the total, or a design dimension)."""
        return dimension == "total" or dimension in self.design.dimensions

    def group_size(self, dimension: str, group: str, n_total: int) -> int:
        """Size of ``group`` at total ``n_total`` (the total itself for "total").

        Largest remainder from the design's shares
        (:meth:`SampleDesign.group_sizes`); the one group-size lookup of the
        table functions.
        """
        if dimension == "total":
            return int(n_total)
        return _sizes_of(self.design, dimension, int(n_total))[group]

    def group_sizes(self, dimension: str, groups: Sequence[str], n_total: int) -> np.ndarray:
        """Whole sizes of ``groups`` at total ``n_total`` (int64 array, see :meth:`group_size`)."""
        return np.array([self.group_size(dimension, g, n_total) for g in groups], dtype=np.int64)

    def deff_ratios(self, dimension: str, groups: Sequence[str]) -> np.ndarray:
        """Each group's design effect relative to the overall one, ``deff_g / deff``.

        1 for "total" and for designs without group design effects
        (:meth:`SampleDesign.group_deffs`).
        """
        if dimension == "total":
            return np.ones(len(groups))
        ratios = _deff_ratios_of(self.design, dimension)
        return np.array([ratios[g] for g in groups], dtype=float)

    def variance_sizes(self, dimension: str, groups: Sequence[str], n_total: int) -> np.ndarray:
        """Sizes for variances at the overall deff: ``n_g / (deff_g / deff)`` (floats).

        With these sizes and the overall ``deff`` every variance
        ``p (1 - p) deff / size`` equals the group's own ``p (1 - p) deff_g / n_g``
        (Kish 1965, section 8.2); equal to :meth:`group_sizes` for designs
        without group design effects.
        """
        sizes = self.group_sizes(dimension, groups, n_total).astype(float)
        return sizes / self.deff_ratios(dimension, groups)

    def size_fractions(self, dimension: str, groups: Sequence[str]) -> np.ndarray:
        """Exact ``n_g / n`` over ``deff_g / deff``: the groups' shares of a total n for variances.

        Used for break-even n (the total survey n from which the groups'
        sizes follow by the design).
        """
        if dimension == "total":
            return np.ones(len(groups))
        g = self.design.group_design(dimension, 1, 1.0)
        frac = dict(zip(g.groups, g.n / g.deff, strict=True))
        return np.array([frac[x] for x in groups], dtype=float)

    # ---- rounding ------------------------------------------------------

    def percent_intervals(self, frame: pd.DataFrame | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Rounding interval of every published number of ``frame`` (default: the rows).

        Intersected with [0, 100]; uses the ``reported`` strings (so trailing
        zeros give the decimals); a number reported as a range ("51-54")
        stands for [low of 51, high of 54].
        """
        frame = self.rows if frame is None else frame
        return _percent_intervals(frame, self.rule)

    def true_intervals(self, frame: pd.DataFrame, n_g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """True percentages the published numbers of ``frame`` allow, in groups of ``n_g``.

        Weighted percentages (``design.weighted``): the rounding interval.
        Unweighted: only ``100 c / n_g`` for whole ``c`` are possible
        (:func:`migstats.count_range`, GRIM), so the range shrinks to
        ``[100 c_lo / n_g, 100 c_hi / n_g]``; cells reported as a range and
        cells no whole count fits keep the rounding interval.
        """
        lo, hi = _percent_intervals(frame, self.rule)
        if self.design.weighted:
            return lo, hi
        reported = frame["reported"].astype(str).to_numpy()
        plain = np.array([RANGE_REPORTED.match(r) is None for r in reported], dtype=bool)
        if plain.any():
            sizes = np.asarray(n_g, dtype=float)[plain].astype(np.int64)
            c = count_range(list(reported[plain]), sizes, rounding=self.rule)
            c_lo, c_hi = np.atleast_1d(c.low).astype(float), np.atleast_1d(c.high).astype(float)
            fits = c_lo <= c_hi
            idx = np.flatnonzero(plain)[fits]
            lo[idx] = PERCENT_SCALE * c_lo[fits] / sizes[fits]
            hi[idx] = PERCENT_SCALE * c_hi[fits] / sizes[fits]
        return lo, hi

    def weighted_note(self) -> str:
        """The caveat appended to count-based details for weighted percentages."""
        if self.design.weighted:
            return (
                " The design says the percentages are weighted, so the counts are those of a "
                "hypothetical unweighted sample of this size: the verdict is indicative."
            )
        return ""


# --------------------------------------------------------------------------
# helpers shared by the analyses
# --------------------------------------------------------------------------


def _percent_intervals(frame: pd.DataFrame, rule: str) -> tuple[np.ndarray, np.ndarray]:
    """Rounding interval of every published number, intersected with [0, 100]."""
    reported = frame["reported"].astype(str).to_numpy()
    lo = np.empty(len(reported))
    hi = np.empty(len(reported))
    ranges = [RANGE_REPORTED.match(r) for r in reported]
    plain = np.array([m is None for m in ranges], dtype=bool)
    if plain.any():
        iv = rounding_interval(list(reported[plain]), rounding=rule)
        lo[plain] = np.atleast_1d(iv.low)
        hi[plain] = np.atleast_1d(iv.high)
    if (~plain).any():
        firsts = [m.group(1) for m in ranges if m is not None]
        lasts = [m.group(2) for m in ranges if m is not None]
        lo[~plain] = np.atleast_1d(rounding_interval(firsts, rounding=rule).low)
        hi[~plain] = np.atleast_1d(rounding_interval(lasts, rounding=rule).high)
    return np.clip(lo, 0.0, float(PERCENT_SCALE)), np.clip(hi, 0.0, float(PERCENT_SCALE))


def in_group_order(
    sub: pd.DataFrame, order: Sequence[str], item: Any, response: Any, dimension: Any
) -> pd.DataFrame:
    """Rows of ``sub`` (one item, response, dimension) in ``order``; every group required."""
    present = set(sub["group"])
    missing = [g for g in order if g not in present]
    if sub.empty or missing:
        raise MigstatsValueError(
            f"dimension must have every group published for item {item!r} and response "
            f"{response!r}, but {dimension!r} lacks {', '.join(missing) or 'all groups'}"
        )
    # each group's first row, in ``order``, the group column first (as
    # drop_duplicates("group").set_index("group").loc[order].reset_index() gives
    # them, without its four frames)
    first: dict = {}
    for pos, g in enumerate(sub["group"].tolist()):
        first.setdefault(g, pos)
    columns = ["group", *(c for c in sub.columns if c != "group")]
    return sub.iloc[[first[g] for g in order]][columns].reset_index(drop=True)


def is_range_response(response: str) -> bool:
    """Whether ``response`` is a combined response such as ``"6-10"``."""
    return _RANGE_RESPONSE.match(str(response)) is not None


def range_codes(response: str) -> tuple[str, ...]:
    """The single codes a combined response covers (``"6-10"`` -> ``"6" ... "10"``)."""
    m = _RANGE_RESPONSE.match(str(response))
    if m is None:  # pragma: no cover - guarded by callers
        return ()
    a, b = int(m.group(1)), int(m.group(2))
    return tuple(str(i) for i in range(a, b + 1))


def tables_label(values: Any) -> str:
    """The tables involved, in order of appearance (``"7.1+text"``)."""
    return "+".join(dict.fromkeys(str(v) for v in values))


def choices(values: Any) -> str:
    """Distinct values, quoted, for an error message."""
    return ", ".join(repr(v) for v in dict.fromkeys(values))


def linear_range(
    weights: np.ndarray, lo: np.ndarray, hi: np.ndarray, complete: bool
) -> tuple[float, float]:
    """Min and max of ``weights @ t`` over ``lo <= t <= hi`` with ``sum t = 100``
    (complete distribution) or ``sum t <= 100`` (partial), by linear programming
    (:func:`scipy.optimize.linprog`, HiGHS)."""
    from scipy.optimize import linprog

    k = len(weights)
    kw: dict[str, Any] = {"bounds": list(zip(lo, hi, strict=True)), "method": "highs"}
    if complete:
        kw.update(A_eq=np.ones((1, k)), b_eq=[float(PERCENT_SCALE)])
    else:
        kw.update(A_ub=np.ones((1, k)), b_ub=[float(PERCENT_SCALE)])
    res_min = linprog(weights, **kw)
    res_max = linprog(-weights, **kw)
    if res_min.status != 0 or res_max.status != 0:
        return np.nan, np.nan
    return float(res_min.fun), float(-res_max.fun)
