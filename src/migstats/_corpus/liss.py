"""The sample design assumed for chapter 7: :data:`LISS_2023` and its sources.

This module owns the numbers behind the design of chapter 7 of the 2024 SCP
report (LISS panel, September 2023): the plausible range and centre of n,
CBS's education shares, the income quintile share and the
:class:`~migstats.SampleDesign` built from them, with the source of each
value (:data:`LISS_SOURCES`, and ``docs/data.md``).

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
The values are data: the ``design`` object of the chapter's package
descriptor ``data/datapackage.json`` (``n``, ``n_range``, the group
``percentages``, ``deff``, rounding, ``notes`` and the ``sources`` of each
value); this module reads it once and documents it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .design import SampleDesign
from .package import descriptor

__all__ = [
    "CBS_EDUCATION_PERCENT_25PLUS",
    "DESIGN_SPEC",
    "INCOME_QUINTILE_SHARE",
    "LISS_2023",
    "LISS_N_CENTRAL",
    "LISS_N_RANGE",
    "LISS_SOURCES",
]

#: The ``design`` object of the chapter's package descriptor, as read.
DESIGN_SPEC: Mapping = MappingProxyType(descriptor()["design"])

#: Plausible range of the number of respondents (LISS panel, Centerdata).  The
#: panel holds about 5,000 households with 7,200-8,000 members; SCP
#: questionnaires fielded on LISS have been completed by between about 1,500
#: (of 2,134 invited) and 5,480 (of 7,229 invited) members.  The chapter's own
#: methods appendix was not available.  ``design.n_range`` of the descriptor.
LISS_N_RANGE: tuple[int, int] = tuple(DESIGN_SPEC["n_range"])

#: Central n: the geometric midpoint of :data:`LISS_N_RANGE`,
#: ``sqrt(1500 * 5480) = 2867.1``, rounded to hundreds.  Standard errors scale
#: with ``1 / sqrt(n)``, so the geometric midpoint is the natural centre of the
#: range on the scale that matters.  An assumption, not a published number.
LISS_N_CENTRAL: int = int(DESIGN_SPEC["n"])

#: Highest attained education of the Dutch population aged 25 and over in
#: 2023, Statistics Netherlands (CBS 2023): low 26 %, middle 35 %, high 38 %
#: (published rounded; they sum to 99).  Mapped to the chapter's groups as
#: low = bo/vmbo, middle = havo/vwo/mbo, high = hbo/wo.
CBS_EDUCATION_PERCENT_25PLUS: Mapping[str, float] = MappingProxyType(
    {g: float(p) for g, p in DESIGN_SPEC["percentages"]["education"].items()}
)

#: Income quintiles hold one fifth each of the respondents with known income
#: (by definition of a quintile): the descriptor's 20 % per quintile.
INCOME_QUINTILE_SHARE: float = DESIGN_SPEC["percentages"]["income"]["Q1"] / 100

#: Where each value of :data:`LISS_2023` comes from (its
#: :meth:`~migstats.SampleDesign.provenance`): ``design.sources`` of the
#: descriptor; see also ``docs/data.md``.
LISS_SOURCES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {k: (str(v[0]), str(v[1])) for k, v in DESIGN_SPEC["sources"].items()}
)

#: The sample design assumed for chapter 7 (LISS panel, September 2023), built
#: from the descriptor's ``design``.  See :data:`LISS_N_RANGE`,
#: :data:`LISS_N_CENTRAL`, :data:`CBS_EDUCATION_PERCENT_25PLUS` and
#: ``docs/data.md``.
LISS_2023 = SampleDesign.from_percentages(
    n=LISS_N_CENTRAL,
    n_range=LISS_N_RANGE,
    percentages={dim: dict(p) for dim, p in DESIGN_SPEC["percentages"].items()},
    deff=float(DESIGN_SPEC["deff"]),
    decimals=int(DESIGN_SPEC["decimals"]),
    rounding=str(DESIGN_SPEC["rounding"]),
    weighted=bool(DESIGN_SPEC["weighted"]),
    partial_dimensions=tuple(DESIGN_SPEC["partial_dimensions"]),
    name=str(DESIGN_SPEC["name"]),
    notes=str(DESIGN_SPEC["notes"]),
    sources=LISS_SOURCES,
)
