"""Figures of a report's reanalysis (needs the optional ``plot`` extra).

This package holds three figures of any report, one module each
(``report=``: the bundled chapter 7 by default, another bundled report, a
package directory or a :class:`migstats.Report`), and :func:`save`
(:mod:`.files`):

* :func:`plot_gaps` -- forest plot of the gradients of every item across the
  report's ordered dimensions (slope index of inequality or extreme-group
  gap, with intervals), from :func:`migstats.gradient_table`;
* :func:`plot_distribution` -- a complete response distribution (chapter 7:
  table 7.1) with simultaneous Sison-Glaz intervals
  (:func:`migstats.multinomial_ci`) and the range each printed percentage
  allows (:func:`migstats.rounding_interval`);
* :func:`plot_breakeven` -- every claim's break-even sample size
  (:func:`migstats.audit`) against the plausible range of n.

A dimension without published group shares is drawn, as the audit tests it,
under the assumption of equal shares (:func:`assume_equal_shares`), and the
figure says so.

matplotlib is imported inside the functions, so ``import migstats.plots``
works without it; calling a plot function without matplotlib raises an
:class:`ImportError` that says how to install it.  Figures are built with
:class:`matplotlib.figure.Figure` (no pyplot, no GUI backend, nothing shown),
so the functions are safe in scripts, servers and tests.  Every function
returns the Figure (the one of ``ax`` if an Axes is given).  The statistics
are computed by the library; this package only draws them.
"""

from ._design import assume_equal_shares
from ._style import MATPLOTLIB_MISSING
from .breakeven import INFINITE_POSITION, plot_breakeven
from .distribution import REST_LABEL, plot_distribution
from .files import FIGURE_FORMATS, SVG_HASH_SALT, figure_format, save
from .gaps import GAP_MEASURES, plot_gaps

__all__ = [
    "FIGURE_FORMATS",
    "GAP_MEASURES",
    "INFINITE_POSITION",
    "MATPLOTLIB_MISSING",
    "REST_LABEL",
    "SVG_HASH_SALT",
    "assume_equal_shares",
    "figure_format",
    "plot_breakeven",
    "plot_distribution",
    "plot_gaps",
    "save",
]
