"""A quantifier's readings for a report: strict, the report's own usage, and plain.

This module owns :func:`quantifier_readings`, which reads a quantifier's
three ranges from a quantifier table or from a report (by name or path); it
sits above :mod:`.report_package` so that the quantifier tables themselves
(:mod:`.quantifiers`) need not know about reports.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .quantifiers import (
    DEFAULT_QUANTIFIER_SET,
    READINGS,
    QuantifierReading,
    _bundled_set,
    _reading,
    quantifier_range,
    range_of_row,
)
from .report_package import load_report

__all__ = ["quantifier_readings"]


def quantifier_readings(
    name: str, *, report: Any = None, quantifiers: pd.DataFrame | None = None
) -> dict[str, QuantifierReading]:
    """Every reading of a verbal quantifier: strict, the report's usage, plain.

    Parameters
    ----------
    name : str
        Key of the quantifier (``quantifier`` column), e.g.
        ``"comfortable_majority"``.
    report : None, str or Report, optional
        The report whose quantifier table (and so whose usage readings)
        apply: None for chapter 7, a bundled report's name
        (``"pew-inequality-2020"``), a package path or a
        :class:`~migstats.Report`.  Ignored when ``quantifiers`` is given.
    quantifiers : pandas.DataFrame, optional
        A validated quantifier table; overrides ``report``.

    Returns
    -------
    dict of str to QuantifierReading
        Keyed by :data:`READINGS` (``"strict"``, ``"usage"``, ``"plain"``, in
        that order).  Each value holds the reading's
        :class:`QuantifierRange`, its ``source`` and ``same_as_strict``
        (True where the table records no range of its own for the reading:
        the usage reading of a word the report never attaches to a number
        outside the strict range, the plain reading of a word whose
        definition is the convention itself, e.g. "a majority").

    Raises
    ------
    MigstatsValueError
        If ``name`` is not a quantifier of the table or ``report`` is not a
        report.

    Notes
    -----
    The strict reading is the project's convention (see
    :func:`load_quantifiers`).  The plain reading is what the words say by
    definition ("ruime meerderheid" is a majority: more than half).  The
    usage reading is evidence from the report itself: where the report
    attaches the word to a number, the strict range is widened to take in
    the rounding interval of every such number, so the loosest use bounds
    the reading (chapter 7 calls 58% a "ruime meerderheid", so its usage
    reading starts at 57.5).  A reading's test follows from its ends
    (starting at 0: ``below``; ending at the cap: ``above``; otherwise
    ``within``).  A verdict that differs between the readings depends on
    the reading; the strict reading is the conservative one.

    References
    ----------
    .. [1] Mosteller, F., & Youtz, C. (1990). Quantifying probabilistic
       expressions. *Statistical Science*, 5(1), 2--12 (probability words:
       fuzzy but shared meanings; no quantity words such as "majority").

    Examples
    --------
    >>> from migstats import quantifier_readings
    >>> r = quantifier_readings("comfortable_majority")
    >>> [(k, v.range.low, v.range.test) for k, v in r.items()]
    [('strict', 60.0, 'above'), ('usage', 57.5, 'above'), ('plain', 50.0, 'above')]
    >>> r["usage"].source[:35]
    'l.187 with table 7.2: 58% (always_s'
    >>> q = quantifier_readings("slightly_less_than_half")["plain"].range
    >>> q.low, q.high, q.test, q.high_inclusive
    (0.0, 50.0, 'below', False)
    >>> quantifier_readings("majority", report="pew-inequality-2020")["usage"].same_as_strict
    True
    """
    if quantifiers is None:
        if report is None:
            quantifiers = _bundled_set(DEFAULT_QUANTIFIER_SET)
        else:
            quantifiers = load_report(report).quantifiers
    quantifier_range(name, quantifiers=quantifiers)  # raises for an unknown name
    keys = quantifiers["quantifier"].tolist()
    return readings_of_row(quantifiers.iloc[keys.index(name)])


def readings_of_row(r: Any) -> dict[str, QuantifierReading]:
    """:func:`quantifier_readings` of one row of a quantifier table (a Series or a dict)."""
    strict = range_of_row(r)
    return {reading: _reading(r, reading, strict) for reading in READINGS}
