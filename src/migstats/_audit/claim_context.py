"""A claim ready to be evaluated, and what every kind's preparer may need.

This module owns :class:`Prepared` (a claim with the function that evaluates
its test at any (n, deff) points and any published numbers, the method in
words and, for text_table claims, a rounding-interval check instead of a
test), :class:`Untestable` (raised by a preparer when the published numbers
cannot test the claim) and :class:`ClaimContext` (the tables, design,
quantifiers, settings and dimension orders a preparer reads).  The
preparers themselves live in :mod:`migstats._audit.kinds`, one module per kind.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._base import invalid_value
from .._corpus import (
    DimensionOrder,
    QuantifierRange,
    dimension_groups,
    quantifier_range,
    quantifier_rows,
    range_of_row,
    split_list,
)
from .decide import Evidence
from .memo import memoised
from .profiles import Profile, design_shares, profile
from .settings import AuditSettings


@dataclasses.dataclass
class Prepared:
    """A claim ready to be evaluated (see the module docstring).

    ``evaluate(pcts, n, deff, with_ci=True, box=None)`` returns the test's
    components (:class:`~.decide.Evidence`, arrays elementwise over the
    points); its optional attributes ``bounded`` (components bounded over
    the box), ``apart`` (it takes ``only=c``: component ``c`` alone) and
    ``stacks`` (numbers and box may be stacked by point, one row per point)
    are read by :mod:`.stacking` and :mod:`.outcome`; ``kernel`` (a
    :class:`Kernel`: its p-values over rows of many claims at once) or
    ``parts`` (:class:`KernelPart`: its components in parts, each with a
    kernel) by :mod:`.across` (CONTRIBUTING.md, "Adding a claim kind").
    """

    claim: dict
    profiles: list
    evaluate: Callable[..., Evidence] | None
    method: str
    untestable: str = ""
    text_check: Callable[[list], tuple] | None = None


class Kernel(NamedTuple):
    """A kind's p-values over the rows of many claims at once (claims of a kind stacked).

    ``inputs(pcts, n, deff)`` turns one claim's numbers stacked by point
    (per profile an array (rows, groups), row ``r`` at point ``(n[r],
    deff[r])``) into a tuple of arrays whose first axis is the rows;
    ``run(*rows)`` gives every component's ``(pvalue_support,
    pvalue_contradict, z)`` over the rows, elementwise, as the kind's
    evaluate function gives them (the same code).  Claims whose kernels have
    equal ``key`` are evaluated in one call of ``run`` over their rows
    concatenated (:mod:`.across`), so the key names everything ``run``
    depends on besides the rows (the kind, the number of components and
    their form).  A monotone component's p-values are also taken at its
    least favourable corners, rows like any other; a component bounded
    over the rounding box (the evaluate function's ``bounded``) at the
    published numbers only, where a ``boxed`` kernel gives its bound.
    ``intervals(*rows)``, optional, gives ``(interval, rows)``: the
    function that computes every component's interval into the audit's
    cache (where the kind's evaluate function finds them), called as
    ``interval(*rows, level)``, and its rows; the rows of every kernel with
    the same ``interval`` are one call, so that the intervals of many
    claims are computed together.
    ``boxed``: the kind's p-values at the published numbers read the
    rounding box (its evaluate function with ``box``); ``inputs`` is then
    called as ``inputs(pcts, n, deff, box, at_box)``, with the claim's box
    (per profile ``(low, high)``, one row per row) or None, and ``at_box``,
    a bool array marking the rows at the published numbers, where ``run``
    gives what the evaluate function gives with the box.  ``count``: the
    number of components ``run`` gives (0: not known before it runs).
    """

    key: tuple
    inputs: Callable[..., tuple]
    run: Callable[..., list]
    intervals: Callable[..., tuple] | None = None
    boxed: bool = False
    count: int = 0


class KernelPart(NamedTuple):
    """Some of a claim's components computed by a kernel of their own (see :func:`kernel_parts`).

    ``profiles``: the claim's profiles whose numbers the kernel's ``inputs``
    take, in order (None: all); ``components``: how many of the claim's
    components it gives, the next ones in order (None: all).
    """

    kernel: Kernel
    profiles: tuple | None = None
    components: int | None = None


def kernel_parts(evaluate: Callable | None) -> tuple[KernelPart, ...] | None:
    """How a claim's components are computed with other claims' (None: claim by claim).

    A kind's evaluate function has the attribute ``kernel`` (one
    :class:`Kernel` for all its components) or ``parts`` (a tuple of
    :class:`KernelPart`, e.g. one per reference of a comparison or per item
    of a statement over several items): a part is evaluated at the
    rounding corners its own components need, with every claim's part of
    the same key.
    """
    parts = getattr(evaluate, "parts", None)
    if parts is not None:
        return tuple(parts)
    kernel = getattr(evaluate, "kernel", None)
    return None if kernel is None else (KernelPart(kernel),)


class Untestable(Exception):
    """Raised by a preparer when the published numbers cannot test the claim (the reason)."""


@dataclasses.dataclass(frozen=True)
class ClaimContext:
    """What every preparer may need besides the claim itself.

    ``dimensions`` is the report's declaration of its dimensions
    (:func:`migstats._corpus.dimension_orders`): which are ordered and their
    groups' order.  A dimension it does not declare is taken as ordered, its
    groups in the order of the design's shares, else in the order the tables
    list them (chapter 7 declares nothing: its tables list education and
    income in their natural order).
    """

    tables: pd.DataFrame
    design: Any
    quantifiers: pd.DataFrame
    settings: AuditSettings
    dimensions: Mapping[str, DimensionOrder] = dataclasses.field(default_factory=dict)

    def quantifier(self, name: str) -> QuantifierRange:
        """The range of the quantifier ``name`` in the context's table, looked up once per audit.

        :func:`migstats.quantifier_range` of ``quantifiers``, kept inside
        :func:`.memo.audit_memo` (every claim with that quantifier reads it).
        """
        q = self.quantifiers
        rows = memoised(("quantifier_rows", id(q)), (q,), lambda: quantifier_rows(q))
        if not isinstance(name, str) or name not in rows:
            return quantifier_range(name, quantifiers=q)  # raises: not a quantifier of q
        return memoised(("quantifier", id(q), name), (q,), lambda: range_of_row(rows[name]))

    def published(self, column: str) -> list[str]:
        """The distinct values of a column of the tables (e.g. every table), sorted.

        Read once per audit (:func:`.memo.audit_memo`).
        """
        t = self.tables
        return memoised(("published", id(t), column), (t,), lambda: sorted(set(t[column])))

    def order(self, dimension: str) -> DimensionOrder:
        """The groups of ``dimension`` in order and whether it is ordered (see the class)."""
        declared = self.dimensions.get(dimension)
        if declared is not None and declared.groups is not None:
            return declared
        shares = design_shares(self.design, dimension)
        groups = tuple(shares) if shares else tuple(dimension_groups(self.tables, dimension))
        return DimensionOrder(groups, True if declared is None else declared.ordered)

    def groups_of(self, dimension: str, P: Profile) -> list[str]:
        """Every group of ``dimension`` (published or not), in order."""
        order = list(self.order(dimension).groups or ())
        return order + [g for g in P.groups if g not in order]

    def require_published(self, claim: dict, P: Profile, names) -> None:
        """Raise :class:`Untestable` if a group in ``names`` is not published for the claim."""
        missing = [g for g in dict.fromkeys(names) if g not in P.groups]
        if missing:
            raise Untestable(
                f"the test needs the share of {', '.join(missing)}, which the tables do not "
                f"publish for {claim['item']} ({claim['response']}) by {claim['dimension']} "
                f"(published: {', '.join(P.groups)})"
            )

    def ordered_profile(self, claim: dict, P: Profile, dimension: str | None = None) -> Profile:
        """``P`` with its groups in the dimension's order; raises for an unordered dimension.

        A gradient across an incomplete profile uses the extreme-group gap,
        which needs the first and the last group of the order published
        (otherwise :class:`Untestable`).
        """
        dim = claim["dimension"] if dimension is None else dimension
        order = self.order(dim)
        if not order.ordered:
            raise invalid_value(
                "dimension",
                f"an ordered dimension for kind {claim['kind']!r} (declared unordered: "
                f"{dim!r}; pairwise kinds such as difference, ratio and rank work on it)",
                dim,
            )
        groups = list(order.groups or ())
        ix = [P.groups.index(g) for g in groups if g in P.groups]
        ix += [i for i, g in enumerate(P.groups) if g not in groups]
        if ix != list(range(len(P.groups))):
            P = dataclasses.replace(
                P,
                groups=tuple(P.groups[i] for i in ix),
                percent=P.percent[ix],
                d_low=P.d_low[ix],
                d_high=P.d_high[ix],
                n_frac=P.n_frac[ix],
                shares=P.shares[ix],
            )
        if not P.complete and groups and len(groups) > 2:
            self.require_published(claim, P, [groups[0], groups[-1]])
            every = design_shares(self.design, dim) or {}
            if all(g in every for g in groups):
                w = np.array([every[g] for g in groups], dtype=float)
                P = dataclasses.replace(P, dimension_shares=w / w.sum())
        return P

    def profile(self, claim: dict, item: str | None = None, dimension: str | None = None):
        """The profile of the claim's item (or ``item``) across its dimension (or ``dimension``).

        The claim's own item is looked up in the claim's tables, another
        item in every table.
        """
        item = claim["item"] if item is None else item
        dimension = claim["dimension"] if dimension is None else dimension
        ids = split_list(claim["table"]) if item == claim["item"] else self.published("table")
        return profile(
            self.tables, ids, item, claim["response"], dimension, self.design, self.settings
        )
