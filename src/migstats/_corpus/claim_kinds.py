"""The claim kinds: what each kind of claim needs, declared once (the registry).

This module owns :class:`ClaimKind` -- a kind's name, what it asserts, the
grammar of its ``groups`` field, whether it needs a ``reference``, a
``check`` or a quantifier (and on which scale, with which tests), the
estimand it shows with the interval of that estimand, and how the HTML page
marks what the estimate is tested against -- and :data:`KIND_REGISTRY`, the
one list of kinds.  The claims validator (:mod:`.claims`), the schema check
of ``data/claims.schema.json`` and the command-line help read it.

How a kind is *tested* lives one layer up, in ``migstats/_audit/kinds/``: one
module per kind (or family of kinds sharing a test), each registering its
preparer under the kind's name; ``tests/test_kinds.py`` checks that both
registries name the same kinds and that no other list of kinds exists in
``src/``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from .quantifiers import RANGE_TESTS, RANK_TESTS

__all__ = ["GROUPS_GRAMMARS", "KIND_REGISTRY", "ClaimKind", "kinds_where"]

#: The grammars of the ``groups`` field: ``"groups"`` (group names, comma
#: separated, or ``"all"``), ``"comparison"`` (``"A>B"``, ``"A+B>rest"``,
#: ``"A>B,C"``), ``"ratio"`` (``"A;B"``), ``"direction"`` (``"increasing"``
#: or ``"decreasing"``), ``"profile"`` (``"all"``: the whole ordered
#: profile), ``"rank"`` (one group of the dimension), ``"text"`` (the groups
#: of a text_table check, or ``"all"``), ``"group"`` (the group of a
#: dimension published as one group, e.g. ``"total"``, or ``"all"``).
GROUPS_GRAMMARS = (
    "groups", "comparison", "ratio", "direction", "profile", "rank", "text", "group"
)  # fmt: skip

#: What the page draws as the target of an estimate: a quantifier's range, the
#: equivalence margin, zero, or nothing.
TARGETS = ("quantifier", "margin", "zero", "none")


@dataclasses.dataclass(frozen=True)
class ClaimKind:
    """One kind of claim, declared (see the module docstring).

    Attributes
    ----------
    name : str
        The value of the ``kind`` column.
    description : str
        What a claim of this kind asserts.
    groups : str
        The grammar of its ``groups`` field, one of :data:`GROUPS_GRAMMARS`.
    quantifier : tuple or None
        ``(scale, tests)`` of the quantifiers it takes (``"percent"`` or
        ``"ratio"``; tests from ``RANGE_TESTS`` / ``RANK_TESTS``), or None
        if it takes none.
    reference : bool
        Whether a (testable) claim must name a ``reference``.
    check : bool
        Whether it has a ``check`` (text_table claims only).
    estimand : str
        The estimate it shows, in words (the start of the audit's ``estimand``).
    interval : str
        The interval shown with that estimate (named in the audit's ``method``).
    target : str
        What the page draws the estimate against, one of :data:`TARGETS`.
    """

    name: str
    description: str
    groups: str
    quantifier: tuple[str, tuple[str, ...]] | None = None
    reference: bool = False
    check: bool = False
    estimand: str = ""
    interval: str = ""
    target: str = "zero"

    @property
    def needs_profile(self) -> bool:
        """Whether it needs the whole ordered profile of a dimension (``groups="all"``)."""
        return self.groups == "profile"


_SHARE = "share of"
_WILSON = "Wilson"
_SII = "SII or extreme-group gap"
_WALD_SII = "Wald interval of the slope index"
_MN = "Miettinen-Nurminen score interval"

_KINDS = (
    ClaimKind(
        "level",
        "a share lies in the range of a verbal quantifier ('a majority', 'about a "
        "third'); with groups 'all' it must hold in every group",
        "groups",
        quantifier=("percent", RANGE_TESTS),
        estimand=_SHARE,
        interval=_WILSON,
        target="quantifier",
    ),
    ClaimKind(
        "difference",
        "one group (or pooled groups) has a higher share than another",
        "comparison",
        estimand="difference",
        interval=_MN,
    ),
    ClaimKind(
        "gradient",
        "the share rises ('increasing') or falls ('decreasing') along the ordered "
        "dimension (sign of the slope index of inequality, SII)",
        "direction",
        estimand=_SII,
        interval=_WALD_SII,
    ),
    ClaimKind(
        "small_difference",
        "the gradient across the dimension is smaller in magnitude than a reference "
        "gradient (another dimension or other items)",
        "profile",
        reference=True,
        estimand="|SII| minus |SII| or |extreme-group gap| minus |extreme-group gap|",
        interval="Wald interval of the difference of absolute slope indices",
    ),
    ClaimKind(
        "no_difference",
        "the gradient is negligible: |SII| below the equivalence margin (an equivalence "
        "test, not mere non-significance)",
        "profile",
        estimand=_SII,
        interval=_WALD_SII,
        target="margin",
    ),
    ClaimKind(
        "consensus",
        "every group is above the quantifier's level and the gradient is negligible",
        "profile",
        quantifier=("percent", RANGE_TESTS),
        estimand=f"{_SHARE} a group, or {_SII}",
        interval=f"{_WILSON} for a share, {_WALD_SII}",
        target="margin",
    ),
    ClaimKind(
        "larger_gradient",
        "the gradient is larger in magnitude than a reference gradient (e.g. education "
        "larger than income)",
        "profile",
        reference=True,
        estimand="|SII| minus |SII| or |extreme-group gap| minus |extreme-group gap|",
        interval="Wald interval of the difference of absolute slope indices",
    ),
    ClaimKind(
        "item_difference",
        "the item's share is higher than the reference item's share in the same population",
        "group",
        reference=True,
        estimand="difference of two items",
        interval="Wald interval for two items of the same respondents",
    ),
    ClaimKind(
        "time_trend",
        "a change between periods of a repeated survey",
        "comparison",
        estimand="difference",
        interval=_MN,
    ),
    ClaimKind(
        "urbanisation",
        "a difference between urbanisation classes (class sizes unknown; tested under "
        "assumed equal shares)",
        "comparison",
        estimand="difference",
        interval=_MN,
    ),
    ClaimKind(
        "text_table",
        "a number in the text agrees with the tables within rounding",
        "text",
        check=True,
        estimand="published number",
        interval="rounding intervals of the published numbers",
        target="none",
    ),
    ClaimKind(
        "ratio",
        "the share of one group (or pooled groups) divided by another's lies in the range "
        "of a ratio-scale quantifier ('nearly twice as likely'); groups 'A;B' (A over B)",
        "ratio",
        quantifier=("ratio", RANGE_TESTS),
        estimand="ratio of shares",
        interval="Koopman score interval",
        target="none",
    ),
    ClaimKind(
        "rank",
        "the group's share is the highest (quantifier 'highest') or lowest ('lowest') of "
        "the dimension's groups, or of the groups listed in reference",
        "rank",
        quantifier=("percent", RANK_TESTS),
        estimand="difference",
        interval=_MN,
    ),
)

#: The registry: kind name -> :class:`ClaimKind`, in the order of the schema's enum.
KIND_REGISTRY: Mapping[str, ClaimKind] = {k.name: k for k in _KINDS}


def kinds_where(**fields: object) -> tuple[str, ...]:
    """Names of the kinds whose declared fields equal ``fields`` (in registry order).

    Examples
    --------
    >>> kinds_where(groups="comparison")
    ('difference', 'time_trend', 'urbanisation')
    """
    return tuple(
        k.name for k in KIND_REGISTRY.values() if all(getattr(k, f) == v for f, v in fields.items())
    )
