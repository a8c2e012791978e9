"""The result of an audit: the tidy frame together with what it was computed with.

This module owns :class:`AuditResult`, what :func:`migstats.audit` returns:
the frame (one row per claim), the :class:`~.settings.AuditSettings` (and so
the design), the claims, tables and quantifiers the audit ran on, and the
report they came from.  Every renderer (text, Markdown, CSV, JSON, the HTML
page, the break-even figure) takes an :class:`AuditResult` and reads the
settings from it, so that a result cannot be described with settings other
than those it was computed with.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from .._base import Result, invalid_value
from .settings import AuditSettings

__all__ = ["AuditResult", "check_result"]


@dataclasses.dataclass(frozen=True, repr=False)
class AuditResult(Result):
    """What :func:`migstats.audit` returns: the verdicts with their settings.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per claim, the columns :data:`migstats.COLUMNS` ``["audit"]``
        (also ``to_frame()``, a copy).  Column access (``result["verdict"]``),
        ``len(result)`` and the frame's other attributes (``result.loc``,
        ``result.set_index(...)``) reach the frame; what they return is a
        plain DataFrame, which no longer carries the settings.
    settings : AuditSettings
        The validated arguments of the audit (design, n, deff, alpha,
        correction, margin, robustness grid, headline, rounding-awareness).
    claims : pandas.DataFrame
        The claims registry the audit ran on (validated).
    tables : pandas.DataFrame
        The published tables the claims rest on.
    quantifiers : pandas.DataFrame
        The numeric reading of the verbal quantifiers used.
    report : Report or None
        The report the claims, tables and design came from; None when they
        were passed directly.
    reading : str
        The quantifier reading the verdicts were taken at (``"usage"``,
        ``"strict"`` or ``"plain"``; see :func:`migstats.quantifier_readings`).

    Examples
    --------
    >>> import migstats
    >>> res = migstats.audit(claims=migstats.load_claims().head(3))
    >>> len(res), res.settings.correction, res.design.name
    (3, 'fdr_bh', 'LISS_2023')
    >>> res.to_frame()["verdict"].tolist()
    ['depends on n', 'supported', 'depends on n']
    >>> for row in res.to_frame().itertuples():
    ...     print(row.claim_id, row.kind)
    C01 level
    C02 text_table
    C03 level
    """

    frame: pd.DataFrame
    settings: AuditSettings
    claims: pd.DataFrame
    tables: pd.DataFrame
    quantifiers: pd.DataFrame
    report: Any = None
    reading: str = "usage"

    @property
    def design(self) -> Any:
        """The sample design the audit used (``settings.design``)."""
        return self.settings.design

    @property
    def title(self) -> str:
        """What was audited, in words: the report's title, else the design's name."""
        if self.report is not None:
            return f"{self.report.title} ({self.report.name})"
        return f"a claims registry under the design {self.design.name or 'custom design'}"

    def to_frame(self) -> pd.DataFrame:
        """The tidy frame (a copy): one row per claim; ``attrs["units"]`` is ``"percent"``.

        Shares, differences, intervals and slope indices are in percent or
        percentage points (the audit's one unit); p-values and ratios have none.
        """
        out = self.frame.copy()
        out.attrs["units"] = "percent"
        return out

    def design_values(self) -> pd.DataFrame:
        """Every design value the audit used, published, derived or assumed, with its source.

        See :meth:`AuditSettings.design_values`: columns ``quantity``,
        ``value``, ``source_kind``, ``source``.
        """
        return self.settings.design_values()

    @property
    def tested(self) -> int:
        """The number of tested claims (those with an adjusted p-value): the family's size."""
        return int(self.frame["pvalue_adjusted"].notna().sum())

    @property
    def error_rate(self) -> str:
        """The controlled error rate in words (``"FDR 5% (Benjamini-Hochberg) over 83 claims"``)."""
        return self.settings.error_rate(self.tested)

    def to_dict(self) -> dict[str, Any]:
        """The frame's records (plain values) with the report's name."""
        from .formats import records

        name = None if self.report is None else self.report.name
        return {"report": name, "claims": records(self.frame)}

    def __repr__(self) -> str:
        name = "" if self.report is None else f"report={self.report.name!r}, "
        s = self.settings
        return (
            f"AuditResult({name}claims={len(self.frame)}, design={self.design.name!r}, "
            f"n={s.n}, deff={s.deff:g}, alpha={s.alpha:g}, correction={s.correction!r})"
        )

    def __len__(self) -> int:
        return len(self.frame)

    def __getitem__(self, key: Any) -> Any:
        return self.frame[key]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in {f.name for f in dataclasses.fields(AuditResult)}:
            raise AttributeError(name)
        return getattr(self.frame, name)


def check_result(result: Any, name: str = "result") -> AuditResult:
    """``result`` if it is an :class:`AuditResult`, else an error naming ``name``."""
    if not isinstance(result, AuditResult):
        raise invalid_value(
            name, "the AuditResult returned by migstats.audit", type(result).__name__
        )
    return result
