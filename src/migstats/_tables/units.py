"""The one unit convention of the table layer: shares, gaps and differences in percent.

Table-level functions take published percentages and return their
estimates, interval ends, gaps and differences in the same unit: percent
for a share, percentage points for a difference of two shares.  Ratios
(``rii``, ``ratio``), log-odds slopes, test statistics and p-values have no
unit.  The core functions (counts in, :mod:`migstats._core`) keep
proportions, as scipy and statsmodels do.  Every table-level frame states
its unit in ``frame.attrs["units"]`` (:data:`TABLE_UNITS`).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["TABLE_UNITS", "in_points"]

#: The unit of every share, gap and difference column of a table-level frame
#: (``frame.attrs["units"]``): percent, and percentage points for differences.
TABLE_UNITS = "percent"


def in_points(frame: pd.DataFrame) -> pd.DataFrame:
    """Mark ``frame`` as in percent (points): ``frame.attrs["units"] = TABLE_UNITS``.

    Examples
    --------
    >>> import pandas as pd
    >>> in_points(pd.DataFrame({"estimate": [21.0]})).attrs["units"]
    'percent'
    """
    frame.attrs["units"] = TABLE_UNITS
    return frame
