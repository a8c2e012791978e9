"""Building a :class:`~migstats.SampleDesign` from published percentages, margins and group sizes.

This module owns the alternative constructors of a design, as the mixin
:class:`DesignConstructors` that :class:`~migstats.SampleDesign` inherits:
:meth:`from_percentages` (shares normalised explicitly from rounded
percentages), :meth:`from_margin_of_error` (a deff derived from a published
margin of error) and :meth:`with_published_groups` (published group sizes and
margins).  It imports nothing of ``design.py``: the class arrives as ``cls``
or ``self``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._base import MigstatsValueError, invalid_value
from .design_checks import normalize_shares
from .design_helpers import deff_from_margin_of_error

__all__ = ["DesignConstructors"]


class DesignConstructors:
    """Constructors of :class:`~migstats.SampleDesign` from published facts (a mixin)."""

    @classmethod
    def from_percentages(
        cls,
        n: int,
        n_range: tuple[int, int],
        percentages: Mapping[str, Mapping[str, float]],
        **kwargs: Any,
    ) -> Any:
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
    ) -> Any:
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
        extra = kwargs.pop("notes", "")
        if not isinstance(extra, str):
            raise invalid_value("notes", "a string", extra)
        notes = (extra + " " + note).strip()
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
    ) -> Any:
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
