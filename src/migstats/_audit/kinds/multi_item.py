"""General statements over several items: one claim tested on every item it names.

A claim whose ``item`` is a ``;`` list (a general statement such as "more
limits on migration and more selective admission") is prepared item by item
with its kind's own preparer; the claim holds only if it holds on every
item, an intersection-union test (Berger 1982): its support p-value is the
largest of the items', and its reason names the binding item and every item
tested.

Where every item's kind has a :class:`~..claim_context.Kernel`, each item's
components are computed with the other claims' of their kind, as parts of
the claim (:func:`_parts`); otherwise the claim is evaluated claim by
claim, each item's components computed alone (``apart``).
"""

from __future__ import annotations

from collections.abc import Callable

from ..._corpus import split_list
from ..claim_context import ClaimContext, KernelPart, Prepared, Untestable, kernel_parts
from ..decide import Evidence


def items_of(claim: dict) -> list[str]:
    """The items a claim names (one for an ordinary claim).

    Examples
    --------
    >>> items_of({"item": "close_borders;paid_work"})
    ['close_borders', 'paid_work']
    """
    return split_list(claim["item"])


def _named(ev: Callable, item: str, items: list[str]) -> Callable:
    """``ev`` whose components' details start with the item they are about."""

    def named(pcts, n, deff, with_ci=True, box=None, only=None):
        if only is not None and getattr(ev, "apart", False):
            out = ev(pcts, n, deff, with_ci=with_ci, box=box, only=only)
        else:
            out = ev(pcts, n, deff, with_ci=with_ci, box=box)
        parts = [out] if isinstance(out, Evidence) else list(out)
        if only is not None and not getattr(ev, "apart", False):
            parts = [parts[only]]
        over = f"over the {len(items)} items {', '.join(items)}, on {item}"
        return [t._replace(detail=f"{over}: {t.detail}") for t in parts]

    return named


def prepare_items(claim: dict, ctx: ClaimContext, preparer: Callable) -> Prepared:
    """Prepare a claim over several items with ``preparer`` item by item (intersection-union).

    Raises :class:`Untestable` naming the item when one item cannot be
    tested; a text check over several items is not a kind the claims use
    and is refused the same way.
    """
    items = items_of(claim)
    parts = []
    for item in items:
        try:
            parts.append(preparer({**claim, "item": item}, ctx))
        except Untestable as why:
            raise Untestable(f"on {item}: {why}") from why
        if parts[-1].untestable or parts[-1].evaluate is None:
            raise Untestable(
                f"on {item}: {parts[-1].untestable or 'not a statistical test'}; "
                f"a statement over several items is tested only when every item is"
            )
    sizes = [len(p.profiles) for p in parts]
    evals = [_named(p.evaluate, item, items) for p, item in zip(parts, items, strict=True)]

    starts = [sum(sizes[:i]) for i in range(len(sizes))]  # each item's first profile
    counts: list[int] = []  # components per item, known after the first evaluation

    def ev(pcts, n, deff, with_ci=True, box=None, only=None):
        # every item's components, each of them a condition of the intersection-union
        # test; the engine searches the rounding box component by component (only=:
        # that one component, computed with its item alone once the counts are known)
        def part(i: int, at: int | None = None) -> list[Evidence]:
            k, size = starts[i], sizes[i]
            part_box = None if box is None else box[k : k + size]
            return evals[i](pcts[k : k + size], n, deff, with_ci=with_ci, box=part_box, only=at)

        if only is None:
            parts = [part(i) for i in range(len(sizes))]
            counts[:] = [len(p) for p in parts]
            return [t for p in parts for t in p]
        if not counts:
            return ev(pcts, n, deff, with_ci=with_ci, box=box)[only]
        i, first = 0, 0
        while only >= first + counts[i]:
            first, i = first + counts[i], i + 1
        return part(i, only - first)[0]

    ev.apart = True
    ev.stacks = all(getattr(p.evaluate, "stacks", False) for p in parts)
    composed = _parts(parts, starts)
    if composed is not None:
        ev.parts = composed

    methods = list(dict.fromkeys(p.method for p in parts))
    method = "; ".join(methods) + "; every item must qualify (intersection-union)"
    return Prepared(claim, [pr for p in parts for pr in p.profiles], ev, method)


def _parts(parts: list[Prepared], starts: list[int]) -> tuple[KernelPart, ...] | None:
    """The claim's kernel parts: every item's, on its own profiles (None: an item has none).

    Each item's components follow the previous items' (the order of the
    evaluate function), so each part must say how many it gives.
    """
    out = []
    for p, start in zip(parts, starts, strict=True):
        own = kernel_parts(p.evaluate)
        if own is None:
            return None
        for part in own:
            count = part.kernel.count if part.components is None else part.components
            if not count:
                return None
            cols = range(len(p.profiles)) if part.profiles is None else part.profiles
            out.append(KernelPart(part.kernel, tuple(start + j for j in cols), count))
    return tuple(out)
