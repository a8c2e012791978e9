"""The sample design as a set of explicit, documented assumptions.

This module owns :class:`SampleDesign` (sample size and its plausible range,
population shares per breakdown, the groups' sample sizes and design effects,
Kish design effect, rounding of the published numbers, whether they are
weighted); the checks of its per-group fields, the apportioning of group
sizes and the under-representation scenario are in :mod:`.design_groups`.
The bundled reports' designs are data: each report package states its
design, and :data:`~migstats.LISS_2023` (chapter 7, :mod:`.liss`) lists every
assumption behind its values.  Every value a design holds records whether
it was published, derived or assumed (:meth:`SampleDesign.provenance`).
The alternative constructors are in :mod:`.design_constructors`, the
sensitivity helpers (scenarios, effective n, n grid) in
:mod:`.design_sensitivity`.

References
----------
.. [1] Kish, L. (1965). *Survey Sampling*. Wiley.
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
from .design_checks import check_n_and_range, check_shares
from .design_constructors import DesignConstructors
from .design_groups import (
    QUOTA_DECIMALS,
    check_group_fields,
    largest_remainder,
)
from .design_helpers import (
    WEIGHTED_DEFAULT_DEFF,
    GroupDesign,
)
from .design_sensitivity import N_GRID_SPACINGS, DesignSensitivity
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


@dataclasses.dataclass(frozen=True)
class SampleDesign(DesignConstructors, DesignSensitivity):
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
