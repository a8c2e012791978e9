"""The sample design as a set of explicit, documented assumptions.

This module owns :class:`SampleDesign` (sample size and its plausible range,
population shares per breakdown, the groups' sample sizes and design effects,
Kish design effect, rounding of the published numbers, whether they are
weighted); the checks of its per-group fields, the apportioning of group
sizes and the under-representation scenario are in :mod:`.design_groups`.
:data:`LISS_2023`, the design assumed for chapter 7 of the 2024
SCP report (LISS panel, September 2023), is built in :mod:`.liss`; its
assumptions are listed here.

The chapter publishes percentages only: no sample size, no group sizes, no
design effect.  Every number here is therefore an *assumption* with a cited
source, and every analysis built on it should be repeated across
:meth:`SampleDesign.n_grid` and several design effects.

``LISS_2023`` (all assumptions; the chapter's methods appendix was not available)

* ``n = 2900``, ``n_range = (1500, 5480)``.  The LISS panel holds about
  5,000 households with 7,200-8,000 members [1]_ [2]_; SCP questionnaires
  fielded on LISS have been completed by between about 1,500 (of 2,134
  invited) and 5,480 (of 7,229 invited) members.  The central value is the
  geometric midpoint ``sqrt(1500 * 5480) = 2867`` rounded to hundreds:
  standard errors scale with ``1 / sqrt(n)``, so the geometric midpoint is
  the natural centre of the range.  It is an assumption, not a published n.
* education shares: CBS (2023) [3]_, population aged 25 and over, low 26 %,
  middle 35 %, high 38 % (sum 99, normalised explicitly to 26/99, 35/99,
  38/99), mapped bo/vmbo = low, havo/vwo/mbo = middle, hbo/wo = high.  The
  chapter's population is aged 18 and over (more of whom are still in
  education), and ``implied_group_shares`` estimates the shares that the
  tables themselves imply.
* income shares: 0.2 for each quintile Q1..Q5 of the respondents with known
  income.  Respondents with unknown income are left out of the income
  breakdown, so the income groups may cover fewer than ``n`` respondents:
  ``partial_dimensions = ("income",)``, and a total is not checked against
  the income groups (it is not their weighted mean).
* ``deff = 2.0`` (:data:`WEIGHTED_DEFAULT_DEFF`, the conservative default
  of weighted designs).  The LISS percentages are weighted, which raises the
  variance (Kish [4]_); 2.0 lies above the 1.83 DERIVED from the Pew American
  Trends Panel's published margin of error (+/-1.6 points at n = 6,878) and
  above the group design effects docs/calibration.md measured for
  post-stratified LISS-like designs with an under-represented group (1.75).
  No group sizes or group design effects are published: sample shares =
  population shares and every group's deff = 2.0 (:meth:`SampleDesign.scenarios`
  adds an under-representation scenario).
* ``decimals = 0``, ``rounding = "up_or_down"``: the report prints whole
  percentages and does not state its rounding rule, so a tie may have gone
  either way.
* ``weighted = True``: "counts" derived from the percentages are weighted
  counts; GRIM-type checks are exact only for unweighted data.

References
----------
.. [1] Scherpenzeel, A. C. and Das, M. (2010). "True" longitudinal and
   probability-based internet panels: evidence from the Netherlands. In
   M. Das, P. Ester and L. Kaczmirek (eds.), *Social and Behavioral Research
   and the Internet*, 77-104. Taylor & Francis.
.. [2] Centerdata, LISS panel (Longitudinal Internet studies for the Social
   Sciences), https://www.lissdata.nl.
.. [3] CBS (2023), Statistics Netherlands, highest attained education level
   of the population aged 25 and over.
.. [4] Kish, L. (1965). *Survey Sampling*. Wiley.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from .._base import (
    PROVENANCE_COLUMNS,
    MigstatsValueError,
    check_deff,
    check_n,
    check_option,
    invalid_value,
)
from .._core import ROUNDING_RULES
from .design_checks import check_n_and_range, check_shares, normalize_shares
from .design_groups import (
    QUOTA_DECIMALS,
    check_group_fields,
    largest_remainder,
    underrepresented_fields,
)
from .design_helpers import (
    UNDERREPRESENTED_DEFF_FACTOR,
    UNDERREPRESENTED_SELECTION_FACTOR,
    WEIGHTED_DEFAULT_DEFF,
    GroupDesign,
    deff_from_margin_of_error,
)
from .design_sources import (
    DESIGN_QUANTITIES,
    GIVEN_PER_GROUP,
    check_sources,
    default_sources,
    describe_value,
)

__all__ = [
    "DESIGN_ROUNDING_RULES",
    "N_GRID_SPACINGS",
    "QUOTA_DECIMALS",
    "SCRUTINY_ROUNDING_ALIASES",
    "SampleDesign",
]

#: Rounding names of the R package scrutiny (Jung 2024) accepted as aliases
#: of :data:`migstats._rounding.ROUNDING_RULES`; stored as given.
SCRUTINY_ROUNDING_ALIASES: Mapping[str, str] = MappingProxyType(
    {"up": "half_up", "down": "half_down", "even": "half_even", "trunc": "truncate"}
)

#: Every value :class:`SampleDesign` accepts for ``rounding``.
DESIGN_ROUNDING_RULES: tuple[str, ...] = (*ROUNDING_RULES, *SCRUTINY_ROUNDING_ALIASES)

#: Spacings offered by :meth:`SampleDesign.n_grid`.
N_GRID_SPACINGS: tuple[str, ...] = ("geometric", "linear")


@dataclasses.dataclass(frozen=True)
class SampleDesign:
    """A survey's sample design, written down as explicit assumptions.

    Parameters
    ----------
    n : int
        Assumed number of respondents (central value).
    n_range : tuple of (int, int)
        Plausible range ``(low, high)`` of ``n``, with ``low <= n <= high``;
        used for sensitivity analyses (:meth:`n_grid`).
    shares : mapping of str to mapping of str to float
        For each breakdown (dimension), the share of respondents in each
        group, in the groups' natural order.  Each dimension's shares must lie
        in [0, 1] and sum to 1 within :data:`SHARE_SUM_TOLERANCE`; a group
        label may appear in one dimension only.  Use
        :meth:`from_percentages` or :func:`normalize_shares` for percentages
        that do not sum to exactly 100.
    deff : float, optional
        Kish design effect of the whole sample; the effective sample size is
        ``n / deff``.  Default (None): :data:`WEIGHTED_DEFAULT_DEFF` (2.0, a
        conservative sourced value, see ``docs/methods.md``) when
        ``weighted`` is True, 1 (simple random sampling) otherwise.
    decimals : int, default 0
        Decimals to which the percentages were published.
    rounding : str, default "up_or_down"
        Rounding rule of the published numbers, one of
        :data:`migstats._rounding.ROUNDING_RULES` (``"up_or_down"``: the rule
        is unknown, so a tie may have gone either way), or one of the R
        scrutiny names ``"up"``, ``"down"``, ``"even"``, ``"trunc"``
        (:data:`SCRUTINY_ROUNDING_ALIASES`), stored as given.
    weighted : bool, default True
        Whether the published percentages are weighted.  Then "counts"
        derived from them are weighted counts, and GRIM-type consistency
        checks (which assume ``k / n`` with integer ``k``) are only
        approximate.
    partial_dimensions : tuple of str, default ()
        Dimensions whose groups do not cover every respondent (income
        quintiles of those with a known income): the published total is then
        not a weighted mean of these groups, and :func:`migstats.check_table`
        does not test it against them.  Each must be a dimension of
        ``shares``.
    name, notes : str, default ""
        Label and free-text description of the sources.
    sample_shares : mapping of str to mapping of str to float, optional
        Per dimension, the share of the *classified respondents* in each
        group, when the sample's composition differs from the population's
        (a group under-represented and weighted up).  Sums to 1 per
        dimension.  Default: the population ``shares``.  Used for group
        sizes only; ridits, pooling and slope indices use ``shares``.
    group_n : mapping of str to mapping of str to int, optional
        Per dimension, published respondent counts of every group.  They
        fix the sample shares (``group_n / sum``) and the unclassified share
        (``1 - sum / n``); at another total ``n`` the sizes scale
        proportionally.  A dimension may not also be in ``sample_shares``
        or ``unclassified_share``.
    group_deff : mapping of str to mapping of str to float, optional
        Per dimension, the design effect of some or all groups (e.g. from
        published group margins of error).  Default: ``deff`` for every group.
    unclassified_share : mapping of str to float, optional
        Per dimension, the share of respondents in none of its groups
        (unknown income), in [0, 1).  The groups then hold
        ``n * (1 - share)`` respondents, and the dimension counts as partial
        (added to ``partial_dimensions``).  Default 0.

    Raises
    ------
    MigstatsValueError
        On construction (and on :meth:`replace`) for any invalid field.

    Notes
    -----
    The class is frozen: change an assumption with :meth:`replace`, which
    validates the new design.  ``shares`` is stored as read-only mappings.
    Population shares serve the ridits, pooling and slope indices; the
    variances use :meth:`group_design`, the one lookup of the respondents
    ``n_g`` and design effects ``deff_g`` per group (sample shares, published
    counts, unclassified share and group design effects).  Whole group sizes
    follow by the largest-remainder method (:meth:`group_sizes`).

    References
    ----------
    .. [1] Kish, L. (1965). *Survey Sampling*. Wiley.  (Design effect.)
    .. [2] Balinski, M. L. and Young, H. P. (2001). *Fair Representation*,
       2nd ed. Brookings.  (Hamilton's largest-remainder method.)

    Examples
    --------
    >>> from migstats import SampleDesign
    >>> d = SampleDesign(n=1000, n_range=(800, 1200),
    ...                  shares={"sex": {"men": 0.49, "women": 0.51}}, deff=1.5)
    >>> d.group_sizes("sex").tolist()
    [490, 510]
    >>> round(float(d.n_effective()), 1)
    666.7
    >>> d.replace(n=1200).n
    1200
    """

    n: int
    n_range: tuple[int, int] | None = None
    shares: Mapping[str, Mapping[str, float]] = dataclasses.field(default=None, hash=False)
    deff: float | None = None
    decimals: int = 0
    rounding: str = "up_or_down"
    weighted: bool = True
    partial_dimensions: tuple[str, ...] = ()
    name: str = ""
    notes: str = ""
    sample_shares: Mapping[str, Mapping[str, float]] | None = dataclasses.field(
        default=None, hash=False
    )
    group_n: Mapping[str, Mapping[str, float]] | None = dataclasses.field(default=None, hash=False)
    group_deff: Mapping[str, Mapping[str, float]] | None = dataclasses.field(
        default=None, hash=False
    )
    unclassified_share: Mapping[str, float] | None = dataclasses.field(default=None, hash=False)
    sources: Mapping[str, tuple[str, str]] | None = dataclasses.field(default=None, hash=False)

    def __post_init__(self) -> None:
        """Validate every field and freeze the mappings.  Long because it orders the checks."""
        given_sources = check_sources(self.sources)
        n, (lo, hi) = check_n_and_range(self.n, self.n_range, given_sources.get("n"))
        if not isinstance(self.weighted, bool):
            raise MigstatsValueError(f"weighted must be True or False, but got {self.weighted!r}")
        if self.deff is None:
            deff = WEIGHTED_DEFAULT_DEFF if self.weighted else 1.0
        elif np.ndim(self.deff) != 0 or isinstance(self.deff, bool | str):
            raise MigstatsValueError(f"deff must be a single number > 0, but got {self.deff!r}")
        else:
            deff = float(check_deff(self.deff))
        if (
            isinstance(self.decimals, bool)
            or not isinstance(self.decimals, numbers.Integral)
            or self.decimals < 0
        ):
            raise MigstatsValueError(f"decimals must be an integer >= 0, but got {self.decimals!r}")
        check_option(self.rounding, "rounding", DESIGN_ROUNDING_RULES)
        if not isinstance(self.weighted, bool):
            raise MigstatsValueError(f"weighted must be True or False, but got {self.weighted!r}")
        partial = self.partial_dimensions
        if isinstance(partial, str) or not isinstance(partial, tuple | list):
            raise MigstatsValueError(
                f"partial_dimensions must be a tuple of dimension names, but got {partial!r}"
            )
        unknown = [d for d in partial if d not in self.shares]
        if unknown:
            raise MigstatsValueError(
                f"partial_dimensions must name dimensions of shares "
                f"({', '.join(map(repr, self.shares))}), but got {unknown!r}"
            )
        shares = check_shares(self.shares)
        given = {k: bool(getattr(self, k)) for k in GIVEN_PER_GROUP}
        self._set_groups(shares, n)
        unclassified = {**self.unclassified_share, **self._count_unclassified(n)}
        partial = (*partial, *(d for d, u in unclassified.items() if u > 0 and d not in partial))
        object.__setattr__(self, "partial_dimensions", tuple(partial))
        for attr in ("name", "notes"):
            if not isinstance(getattr(self, attr), str):
                raise MigstatsValueError(
                    f"{attr} must be a string, but got {getattr(self, attr)!r}"
                )
        defaults = default_sources(
            n_is_point=lo == hi == n,
            deff_given=self.deff is not None,
            weighted=self.weighted,
            given=given,
        )
        object.__setattr__(self, "sources", given_sources)
        object.__setattr__(self, "_default_sources", MappingProxyType(defaults))
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "n_range", (lo, hi))
        object.__setattr__(self, "deff", deff)
        object.__setattr__(self, "decimals", int(self.decimals))
        object.__setattr__(self, "shares", shares)

    def _set_groups(self, shares: Mapping[str, Mapping[str, float]], n: int) -> None:
        """Validate and freeze the per-group fields (called by ``__post_init__``)."""
        for attr, value in check_group_fields(self, shares, n).items():
            object.__setattr__(self, attr, value)

    def _count_unclassified(self, n: int) -> dict[str, float]:
        """Unclassified shares implied by published counts: ``1 - sum(group_n) / n``."""
        return {d: 1.0 - math.fsum(c.values()) / n for d, c in self.group_n.items()}

    def __repr__(self) -> str:
        dims = ", ".join(f"{d}: {len(g)} groups" for d, g in self.shares.items())
        label = f"name={self.name!r}, " if self.name else ""
        return (
            f"SampleDesign({label}n={self.n}, n_range={self.n_range}, deff={self.deff:g}, "
            f"shares={{{dims}}}, decimals={self.decimals}, rounding={self.rounding!r}, "
            f"weighted={self.weighted}"
            + (f", partial_dimensions={self.partial_dimensions}" if self.partial_dimensions else "")
            + "".join(
                f", {f}={{{', '.join(getattr(self, f))}}}"
                for f in ("sample_shares", "group_n", "group_deff", "unclassified_share")
                if getattr(self, f)
            )
            + ")"
        )

    # ------------------------------------------------------------------
    @classmethod
    def from_percentages(
        cls,
        n: int,
        n_range: tuple[int, int],
        percentages: Mapping[str, Mapping[str, float]],
        **kwargs: Any,
    ) -> SampleDesign:
        """Build a design from group percentages, normalising each dimension explicitly.

        Parameters
        ----------
        n, n_range
            As for :class:`SampleDesign`.
        percentages : mapping of str to mapping of str to float
            Dimension -> group -> non-negative percentage (or any weight);
            each dimension is divided by its own sum (:func:`normalize_shares`).
        **kwargs
            Further fields of :class:`SampleDesign` (``deff``, ``decimals``,
            ``rounding``, ``weighted``, ``name``, ``notes``).

        Returns
        -------
        SampleDesign

        Raises
        ------
        MigstatsValueError
            As :func:`normalize_shares` and :class:`SampleDesign`.

        Notes
        -----
        Use this when the shares come from rounded published percentages
        (CBS's 26 + 35 + 38 = 99); the normalisation is the documented step,
        not a silent repair.

        References
        ----------
        .. [1] CBS (2023), educational attainment of the population aged 25+.

        Examples
        --------
        >>> from migstats import SampleDesign
        >>> d = SampleDesign.from_percentages(
        ...     2900, (1500, 5480), {"education": {"low": 26, "mid": 35, "high": 38}})
        >>> d.group_shares("education").round(4).tolist()
        [0.2626, 0.3535, 0.3838]
        """
        if not isinstance(percentages, Mapping) or not percentages:
            raise MigstatsValueError(
                "percentages must be a non-empty mapping dimension -> {group: percent}, but got "
                f"{percentages!r}"
            )
        shares = {dim: normalize_shares(p) for dim, p in percentages.items()}
        return cls(n=n, n_range=n_range, shares=shares, **kwargs)

    @classmethod
    def from_margin_of_error(
        cls,
        moe_points: float | str,
        n: int,
        *,
        shares: Mapping[str, Mapping[str, float]],
        confidence_level: float = 0.95,
        p: float = 0.5,
        conservative: bool = False,
        n_range: tuple[int, int] | None = None,
        **kwargs: Any,
    ) -> SampleDesign:
        """A design whose deff is implied by a published margin of error.

        Parameters
        ----------
        moe_points : float or str
            The published margin of error in points (``1.6`` or ``"1.6"``).
        n : int
            The respondents the margin refers to (the design's ``n``).
        shares : mapping
            Population shares per dimension, as for :class:`SampleDesign`.
        confidence_level : float, default 0.95
            Confidence level of the margin.
        p : float, default 0.5
            Proportion at which the margin is stated.
        conservative : bool, default False
            Use the largest deff the rounding of the margin allows
            (:attr:`MarginDeff.high`) instead of the deff at the printed value.
        n_range : tuple of int, optional
            Plausible range of n; default ``(n, n)`` (a published n).
        **kwargs
            Further fields of :class:`SampleDesign` (``weighted`` defaults to
            True: a stated margin that includes weighting).

        Returns
        -------
        SampleDesign

        Raises
        ------
        MigstatsValueError
            As :func:`deff_from_margin_of_error` and :class:`SampleDesign`.

        Notes
        -----
        ``deff = (moe / (100 z sqrt(p (1 - p) / n)))**2`` (Kish 1965, section
        8.2); the margin is rounded, so the deff lies in the range of
        :func:`deff_from_margin_of_error`, recorded in ``notes``.

        References
        ----------
        .. [1] Kish, L. (1965). *Survey Sampling*. Wiley, section 8.2.

        Examples
        --------
        >>> from migstats import SampleDesign
        >>> d = SampleDesign.from_margin_of_error(
        ...     1.6, 6878, shares={"income": {"lower": 0.3, "middle": 0.5, "upper": 0.2}})
        >>> round(d.deff, 3), d.n_range
        (1.833, (6878, 6878))
        """
        if not isinstance(conservative, bool):
            raise invalid_value("conservative", "True or False", conservative)
        r = deff_from_margin_of_error(moe_points, n, confidence_level=confidence_level, p=p)
        note = (
            f"deff from the published margin of error +/-{moe_points} points at n = {n} "
            f"({confidence_level:g} level, p = {p:g}): {r.deff:.3f}; the margin's rounding "
            f"allows {r.low:.3f}-{r.high:.3f}."
        )
        notes = (kwargs.pop("notes", "") + " " + note).strip()
        kwargs.setdefault("weighted", True)
        kwargs["sources"] = {"deff": ("derived", note), **(kwargs.get("sources") or {})}
        return cls(
            n=n,
            n_range=n_range,
            shares=shares,
            deff=r.high if conservative else r.deff,
            notes=notes,
            **kwargs,
        )

    def with_published_groups(
        self,
        dimension: str,
        group_n: Mapping[str, int],
        margins: Mapping[str, float | str] | None = None,
        *,
        confidence_level: float = 0.95,
        p: float = 0.5,
    ) -> SampleDesign:
        """A copy with a dimension's published group sizes (and margins of error).

        Parameters
        ----------
        dimension : str
            One of :attr:`dimensions`.
        group_n : mapping of str to int
            Published respondents of every group (a report's table of group
            sizes); sets ``group_n[dimension]``.
        margins : mapping of str to float or str, optional
            Published margins of error (points) of some or all groups; each
            gives that group's design effect by
            :func:`deff_from_margin_of_error` at its ``group_n``.
        confidence_level, p
            Of the margins, as in :func:`deff_from_margin_of_error`.

        Returns
        -------
        SampleDesign

        Raises
        ------
        MigstatsValueError
            For an unknown dimension or group, bad counts or margins.

        Examples
        --------
        >>> from migstats import SampleDesign
        >>> d = SampleDesign(1000, (1000, 1000), {"edu": {"low": 0.3, "high": 0.7}})
        >>> d2 = d.with_published_groups("edu", {"low": 200, "high": 750}, {"low": "9.8"})
        >>> d2.group_sizes("edu").tolist(), round(d2.unclassified("edu"), 3)
        ([200, 750], 0.05)
        >>> round(float(d2.group_deffs("edu")["low"]), 2)
        2.0
        """
        self._dimension(dimension)
        counts = {**self.group_n, dimension: dict(group_n)}
        sample = {k: v for k, v in self.sample_shares.items() if k != dimension}
        unclassified = {k: v for k, v in self.unclassified_share.items() if k != dimension}
        deffs = {k: dict(v) for k, v in self.group_deff.items()}
        if margins is not None:
            if not isinstance(margins, Mapping):
                raise invalid_value("margins", "a mapping group -> margin of error", margins)
            for g, moe in margins.items():
                if g not in group_n:
                    raise invalid_value(
                        "margins", f"keyed by groups of group_n {tuple(group_n)}", g
                    )
                r = deff_from_margin_of_error(
                    moe, group_n[g], confidence_level=confidence_level, p=p
                )
                deffs.setdefault(dimension, {})[g] = r.deff
        sources = {**self.sources, "group_n": ("published", "with_published_groups")}
        if margins is not None:
            sources["group_deff"] = (
                "derived",
                "deff_from_margin_of_error of the published group margins (Kish 1965, 8.2)",
            )
        return self.replace(
            group_n=counts,
            sample_shares=sample,
            unclassified_share=unclassified,
            group_deff=deffs,
            sources=sources,
        )

    def provenance(self) -> pd.DataFrame:
        """Where every design value comes from: published, derived or assumed, with its source.

        Returns
        -------
        pandas.DataFrame
            One row per quantity of :data:`DESIGN_QUANTITIES`, columns
            :data:`migstats.COLUMNS` ``["SampleDesign.provenance"]``:
            ``quantity`` (the field), ``value`` (as text), ``source_kind``
            (``published``, ``derived`` or ``assumed``) and ``source``.

        Notes
        -----
        Values come from the ``sources`` argument; a value without one gets
        the project's convention (:func:`default_sources`): an ``n`` given
        without a range is the published n, filled-in fields say how they
        were filled in, and everything else is an assumption "given without
        a stated source".

        References
        ----------
        .. [1] W3C (2013). PROV-O: The PROV Ontology (entities, their
           derivation and attribution), the model of a value's origin.

        Examples
        --------
        >>> from migstats import SampleDesign
        >>> d = SampleDesign(n=1000, shares={"sex": {"men": 0.5, "women": 0.5}},
        ...                  sources={"shares": ("published", "census 2020, table 3")})
        >>> p = d.provenance().set_index("quantity")
        >>> p.loc["n", ["value", "source_kind"]].tolist()
        ['1000', 'published']
        >>> p.loc["shares", ["source_kind", "source"]].tolist()
        ['published', 'census 2020, table 3']
        >>> p.loc["deff", "source_kind"]
        'assumed'
        """
        origin = {**self._default_sources, **self.sources}
        rows = [(q, describe_value(getattr(self, q)), *origin[q]) for q in DESIGN_QUANTITIES]
        return pd.DataFrame(rows, columns=list(PROVENANCE_COLUMNS))

    # ------------------------------------------------------------------
    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimensions that have shares, in the order given."""
        return tuple(self.shares)

    def _dimension(self, dimension: Any) -> Mapping[str, float]:
        check_option(dimension, "dimension", tuple(self.shares))
        return self.shares[dimension]

    def group_shares(self, dimension: str) -> pd.Series:
        """Shares of the groups of one dimension.

        Parameters
        ----------
        dimension : str
            One of :attr:`dimensions`.

        Returns
        -------
        pandas.Series
            Float shares summing to 1, named ``"share"``, indexed by group (in
            order; index name ``"group"``).

        Raises
        ------
        MigstatsValueError
            If ``dimension`` is unknown.

        Notes
        -----
        The shares are assumptions of the design, not estimates from the
        tables; ``migstats.implied_group_shares`` estimates the shares that
        the published totals and group percentages themselves imply.

        References
        ----------
        .. [1] CBS (2023), educational attainment of the population aged 25+.

        Examples
        --------
        >>> from migstats import LISS_2023
        >>> LISS_2023.group_shares("income").tolist()
        [0.2, 0.2, 0.2, 0.2, 0.2]
        """
        groups = self._dimension(dimension)
        return pd.Series(
            list(groups.values()),
            index=pd.Index(list(groups), name="group"),
            name="share",
            dtype=float,
        )

    def sample_group_shares(self, dimension: str) -> pd.Series:
        """Shares of the classified respondents in each group (for group sizes).

        ``group_n`` normalised, else ``sample_shares``, else the population
        shares (:meth:`group_shares`), the documented default.

        Examples
        --------
        >>> from migstats import SampleDesign
        >>> d = SampleDesign(1000, (1000, 1000), {"edu": {"low": 0.3, "high": 0.7}},
        ...                  sample_shares={"edu": {"low": 0.2, "high": 0.8}})
        >>> d.sample_group_shares("edu").tolist(), d.group_shares("edu").tolist()
        ([0.2, 0.8], [0.3, 0.7])
        """
        groups = self._dimension(dimension)
        if dimension in self.group_n:
            counts = np.array([self.group_n[dimension][g] for g in groups], dtype=float)
            values = counts / counts.sum()
        elif dimension in self.sample_shares:
            values = np.array([self.sample_shares[dimension][g] for g in groups], dtype=float)
        else:
            values = np.array(list(groups.values()), dtype=float)
        return pd.Series(values, index=pd.Index(list(groups), name="group"), name="share")

    def unclassified(self, dimension: str) -> float:
        """Share of respondents in none of ``dimension``'s groups (0 unless given).

        Examples
        --------
        >>> from migstats import LISS_2023
        >>> LISS_2023.unclassified("income")
        0.0
        """
        self._dimension(dimension)
        if dimension in self.group_n:
            return self._count_unclassified(self.n)[dimension]
        return float(self.unclassified_share.get(dimension, 0.0))

    def group_sizes(
        self, dimension: str, n: int | None = None, *, integer: bool = True
    ) -> pd.Series | pd.DataFrame:
        """Respondents per group at a total ``n``: ``n (1 - unclassified) * sample share``.

        Parameters
        ----------
        dimension : str
            One of :attr:`dimensions`.
        n : int or 1-d array of int, optional
            Total number of respondents of the survey; default :attr:`n`.
            The groups hold ``n * (1 - unclassified(dimension))`` of them.
        integer : bool, default True
            If True, whole numbers that sum to ``round(n * (1 - unclassified))``
            (largest-remainder method); if False, the exact quotas (floats).

        Returns
        -------
        pandas.Series or pandas.DataFrame
            For scalar ``n`` a Series indexed by group (named ``"n"``); for an
            array of ``n`` a DataFrame with one row per ``n`` (index ``n``) and
            one column per group.

        Raises
        ------
        MigstatsValueError
            For an unknown dimension or an ``n`` that is not an integer >= 1.

        Notes
        -----
        Shares are :meth:`sample_group_shares` (published counts, sample
        shares, or by default the population shares).  Hamilton's
        largest-remainder method [1]_: every group first gets the floor of its
        quota; the units still missing go one each to the groups with the
        largest fractional remainders (ties to the group listed first).
        Every size is the floor or the ceiling of its quota.  Quotas are
        rounded to :data:`QUOTA_DECIMALS` decimals before the floor so that
        floating-point noise cannot move a whole quota down by one.  numpy has
        no apportionment routine, hence the few lines here.  With published
        ``group_n`` the sizes at the design's own ``n`` are exactly those.

        References
        ----------
        .. [1] Balinski, M. L. and Young, H. P. (2001). *Fair Representation:
           Meeting the Ideal of One Man, One Vote*, 2nd ed. Brookings.

        Examples
        --------
        >>> from migstats import LISS_2023
        >>> LISS_2023.group_sizes("education").tolist()
        [762, 1025, 1113]
        >>> LISS_2023.group_sizes("education", integer=False).round(2).tolist()
        [761.62, 1025.25, 1113.13]
        """
        groups = self._dimension(dimension)
        if not isinstance(integer, bool):
            raise MigstatsValueError(f"integer must be True or False, but got {integer!r}")
        n_arr = check_n(self.n if n is None else n, "n")
        if n_arr.ndim > 1:
            raise MigstatsValueError(f"n must be a scalar or 1-d, but got shape {n_arr.shape}")
        shares = self.sample_group_shares(dimension).to_numpy()
        n2 = np.atleast_1d(n_arr).astype(float) * (1.0 - self.unclassified(dimension))
        quotas = n2[:, None] * shares[None, :]
        values = largest_remainder(quotas, n2) if integer else quotas
        cols = pd.Index(list(groups), name="group")
        if n_arr.ndim == 0:
            return pd.Series(values[0], index=cols, name="n")
        return pd.DataFrame(values, index=pd.Index(np.atleast_1d(n_arr), name="n"), columns=cols)

    def group_deffs(self, dimension: str, deff: Any = None) -> pd.Series:
        """Design effect of every group of ``dimension`` at the overall ``deff``.

        ``deff_g = deff * group_deff_g / self.deff``: the design's group design
        effects (default: :attr:`deff` for every group) rescaled to an overall
        ``deff`` (default :attr:`deff`, so the design's own values).

        Examples
        --------
        >>> from migstats import SampleDesign
        >>> d = SampleDesign(1000, (1000, 1000), {"edu": {"low": 0.3, "high": 0.7}},
        ...                  deff=2.0, group_deff={"edu": {"low": 2.5}})
        >>> d.group_deffs("edu").tolist(), d.group_deffs("edu", 1.0).tolist()
        ([2.5, 2.0], [1.25, 1.0])
        """
        groups = self._dimension(dimension)
        own = self.group_deff.get(dimension, {})
        ratio = np.array([own.get(g, self.deff) / self.deff for g in groups], dtype=float)
        d = float(self.deff if deff is None else check_deff(deff))
        return pd.Series(d * ratio, index=pd.Index(list(groups), name="group"), name="deff")

    def group_design(
        self, dimension: str, n: Any = None, deff: Any = None, *, integer: bool = False
    ) -> GroupDesign:
        """Respondents ``n_g`` and design effects ``deff_g`` of every group: the one lookup.

        Parameters
        ----------
        dimension : str
            One of :attr:`dimensions`.
        n : int or 1-d array of int, optional
            Total survey size(s); default :attr:`n`.
        deff : float or 1-d array of float, optional
            Overall design effect(s); default :attr:`deff`.  Each group's
            design effect is rescaled with it (:meth:`group_deffs`).
        integer : bool, default False
            Whole group sizes (largest remainder) instead of exact quotas.

        Returns
        -------
        GroupDesign
            ``(n, deff, groups)``: ``n`` of shape ``(G,)`` or ``(len(n), G)``;
            ``deff`` of shape ``(G,)`` or ``(len(deff), G)``.

        Raises
        ------
        MigstatsValueError
            For an unknown dimension, a bad ``n`` or ``deff``.

        Notes
        -----
        Variances use the effective sizes ``n_g / deff_g`` (Kish 1965,
        section 8.2).  ``n_g = n (1 - unclassified) q_g`` with ``q_g`` the
        sample shares (:meth:`group_sizes`); when the design gives neither
        counts nor sample shares, ``q_g`` are the population shares and
        ``deff_g = deff`` (the documented defaults).  An explicit ``deff`` is
        the design's overall design effect: group design effects keep their
        ratio to it, so a sensitivity grid over ``deff`` keeps the pattern
        of an under-represented group.

        References
        ----------
        .. [1] Kish, L. (1965). *Survey Sampling*. Wiley, section 8.2.

        Examples
        --------
        >>> from migstats import LISS_2023
        >>> g = LISS_2023.group_design("education", n=[1500, 5480], deff=[1.0, 2.0])
        >>> g.n.round(1).tolist()
        [[393.9, 530.3, 575.8], [1439.2, 1937.4, 2103.4]]
        >>> g.deff.tolist(), g.groups
        ([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]], ('bo/vmbo', 'havo/vwo/mbo', 'hbo/wo'))
        """
        sizes = self.group_sizes(dimension, n, integer=integer)
        if deff is None:
            deffs = self.group_deffs(dimension).to_numpy()
        else:
            d = check_deff(deff)
            if d.ndim > 1:
                raise invalid_value("deff", "a number > 0 or a 1-d sequence of them", deff)
            unit = self.group_deffs(dimension, 1.0).to_numpy()
            deffs = d[..., None] * unit if d.ndim else float(d) * unit
        return GroupDesign(sizes.to_numpy(), deffs, tuple(self.shares[dimension]))

    def scenarios(
        self,
        dimensions: Any = None,
        *,
        selection_factor: float = UNDERREPRESENTED_SELECTION_FACTOR,
        deff_factor: float = UNDERREPRESENTED_DEFF_FACTOR,
    ) -> dict[str, SampleDesign]:
        """The design and its under-representation scenario, for sensitivity grids.

        Parameters
        ----------
        dimensions : sequence of str, optional
            Ordered dimensions whose *first* group (the lowest) may be
            under-represented; default every dimension of the design that has
            no published ``group_n`` (published counts need no scenario).
        selection_factor : float, default 0.5
            The lowest group's selection rate relative to the others
            (:data:`UNDERREPRESENTED_SELECTION_FACTOR`).
        deff_factor : float, default 1.125
            Factor on the lowest group's design effect
            (:data:`UNDERREPRESENTED_DEFF_FACTOR`).

        Returns
        -------
        dict of str to SampleDesign
            ``"as designed"``: this design; ``"lowest groups under-represented"``:
            in every dimension of ``dimensions`` the lowest group's sample
            share reduced (:func:`underrepresented_shares`) and its design
            effect multiplied by ``deff_factor``.

        Raises
        ------
        MigstatsValueError
            For an unknown dimension or a factor that is not > 0.

        Notes
        -----
        Both defaults come from the simulated designs of docs/calibration.md
        (tools/calibrate.py, design "low education under-represented": the
        lowest education group sampled at half rate and post-stratified,
        which made its sample share 14.3 % instead of 25 % and gave the lowest
        income quintile a Kish deff of 1.125).  An analysis whose verdict
        holds in every scenario does not depend on the unknown sample
        composition.

        References
        ----------
        .. [1] Kish, L. (1965). *Survey Sampling*. Wiley, section 11.7.

        Examples
        --------
        >>> from migstats import LISS_2023
        >>> sc = LISS_2023.scenarios()
        >>> list(sc)
        ['as designed', 'lowest groups under-represented']
        >>> u = sc["lowest groups under-represented"]
        >>> u.group_sizes("education").tolist(), u.group_deffs("education").tolist()
        ([438, 1180, 1282], [2.25, 2.0, 2.0])
        """
        under = self.replace(
            **underrepresented_fields(self, dimensions, selection_factor, deff_factor)
        )
        return {"as designed": self, "lowest groups under-represented": under}

    def n_effective(self, n: Any = None, deff: Any = None) -> Any:
        """Kish effective sample size ``n / deff``.

        Parameters
        ----------
        n : int or array_like of int, optional
            Sample size(s); default :attr:`n`.
        deff : float or array_like, optional
            Design effect(s); default :attr:`deff`.  Broadcast against ``n``.

        Returns
        -------
        float or numpy.ndarray
            ``n / deff`` (a float for scalar inputs, an array otherwise).

        Raises
        ------
        MigstatsValueError
            If ``n`` is not an integer >= 1 or ``deff`` is not > 0.

        Notes
        -----
        Kish's design effect is the ratio of the variance of an estimate
        under the actual design to its variance under simple random sampling
        of the same size, so a design with ``n`` respondents estimates as
        precisely as a simple random sample of ``n / deff`` [1]_.  Weighting
        alone gives ``deff ~= 1 + CV(w)^2`` [2]_.

        References
        ----------
        .. [1] Kish, L. (1965). *Survey Sampling*. Wiley, section 8.2.
        .. [2] Kish, L. (1992). Weighting for unequal P_i. *Journal of
           Official Statistics* 8(2), 183-200.

        Examples
        --------
        >>> from migstats import LISS_2023
        >>> LISS_2023.n_effective(deff=[1.0, 1.5, 2.0]).round(1).tolist()
        [2900.0, 1933.3, 1450.0]
        >>> LISS_2023.n_effective()
        1450.0
        """
        n_arr = check_n(self.n if n is None else n, "n")
        d_arr = check_deff(self.deff if deff is None else deff)
        out = n_arr / d_arr
        return float(out) if np.ndim(out) == 0 else out

    def n_grid(self, num: int = 9, *, spacing: str = "geometric") -> np.ndarray:
        """Candidate sample sizes across :attr:`n_range` for sensitivity analyses.

        Parameters
        ----------
        num : int, default 9
            Number of points (>= 2), including both ends of the range.
        spacing : {"geometric", "linear"}, default "geometric"
            ``"geometric"`` spaces the points evenly on a log scale
            (:func:`numpy.geomspace`), so standard errors, which scale with
            ``1 / sqrt(n)``, change by equal factors between points;
            ``"linear"`` uses :func:`numpy.linspace`.

        Returns
        -------
        numpy.ndarray of int64
            Increasing whole numbers from ``n_range[0]`` to ``n_range[1]``.
            Points are rounded to the nearest integer; duplicates (possible
            only for a very narrow range) are dropped, so the result can be
            shorter than ``num``.

        Raises
        ------
        MigstatsValueError
            If ``num`` is not an integer >= 2 or ``spacing`` is unknown.

        Notes
        -----
        The central :attr:`n` is not added; include it yourself if needed.

        References
        ----------
        .. [1] numpy.geomspace, https://numpy.org/doc/stable/reference/generated/numpy.geomspace.html

        Examples
        --------
        >>> from migstats import LISS_2023
        >>> LISS_2023.n_grid(5).tolist()
        [1500, 2074, 2867, 3964, 5480]
        >>> LISS_2023.n_grid(3, spacing="linear").tolist()
        [1500, 3490, 5480]
        """
        num_v = int(check_n(num, "num", minimum=2)) if np.ndim(num) == 0 else None
        if num_v is None:
            raise MigstatsValueError(f"num must be a single integer >= 2, but got {num!r}")
        check_option(spacing, "spacing", N_GRID_SPACINGS)
        lo, hi = self.n_range
        space = np.geomspace if spacing == "geometric" else np.linspace
        return np.unique(np.rint(space(lo, hi, num_v)).astype(np.int64))

    def replace(self, **changes: Any) -> SampleDesign:
        """Return a copy with some assumptions changed (validated anew).

        Parameters
        ----------
        **changes
            New values for fields of :class:`SampleDesign`.

        Returns
        -------
        SampleDesign

        Raises
        ------
        MigstatsValueError
            For an unknown field name or an invalid new value.

        Notes
        -----
        Wraps :func:`dataclasses.replace`; ``__post_init__`` validates the
        result, so a design can never hold inconsistent values.

        References
        ----------
        .. [1] Python documentation, dataclasses.replace.

        Examples
        --------
        >>> from migstats import LISS_2023
        >>> d = LISS_2023.replace(deff=1.5)
        >>> d.deff, LISS_2023.deff
        (1.5, 2.0)
        """
        fields = {f.name for f in dataclasses.fields(self)}
        for key in changes:
            if key not in fields:
                raise MigstatsValueError(
                    f"changes must name fields of SampleDesign ({', '.join(sorted(fields))}), "
                    f"but got {key!r}"
                )
        return dataclasses.replace(self, **changes)
