"""Sensitivity of a :class:`~migstats.SampleDesign`: scenarios, effective n and the n grid.

This module owns what an analysis varies around a design, as the mixin
:class:`DesignSensitivity` that :class:`~migstats.SampleDesign` inherits:
:meth:`scenarios` (the under-representation scenario), :meth:`n_effective`
(Kish's ``n / deff``) and :meth:`n_grid` (sample sizes across ``n_range``).
It imports nothing of ``design.py``: the design arrives as ``self``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._base import MigstatsValueError, check_deff, check_n, check_option
from .design_groups import underrepresented_fields
from .design_helpers import UNDERREPRESENTED_DEFF_FACTOR, UNDERREPRESENTED_SELECTION_FACTOR

__all__ = ["N_GRID_SPACINGS", "DesignSensitivity"]

#: Spacings offered by :meth:`SampleDesign.n_grid`.
N_GRID_SPACINGS: tuple[str, ...] = ("geometric", "linear")


class DesignSensitivity:
    """Scenarios, effective n and the n grid of a :class:`~migstats.SampleDesign` (a mixin)."""

    def scenarios(
        self,
        dimensions: Any = None,
        *,
        selection_factor: float = UNDERREPRESENTED_SELECTION_FACTOR,
        deff_factor: float = UNDERREPRESENTED_DEFF_FACTOR,
    ) -> dict[str, Any]:
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
