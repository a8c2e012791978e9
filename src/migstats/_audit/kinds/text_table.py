"""The ``text_table`` claim kind: a number of the text against the tables, within rounding.

Interval arithmetic on the rounding intervals, no test (so nothing to
evaluate over points or together with other claims).
"""

from __future__ import annotations

import numpy as np

from ..._base import MigstatsValueError, invalid_value
from ..._corpus import parse_reported, split_list
from ..claim_context import ClaimContext, Prepared
from ..profiles import Profile, profile, rounding_deltas
from .registry import registers

#: How each ``check`` of a text_table claim is decided, in words.
TEXT_CHECK_METHODS = {
    "equal": "rounding intervals of text and table must overlap",
    "sum": "rounding interval of the text's number must overlap the sum of the "
    "table's rounding intervals",
    "at_most_100": "lower rounding bounds of the responses must add up to at most 100",
    "weighted_mean": "design-share-weighted mean of the groups' rounding intervals must "
    "overlap the total's rounding interval",
}


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _check_equal(claim: dict, P: Profile, rep_iv: list, pcts: list) -> tuple:
    """``equal`` / ``sum``: each quoted number against its group's rounding interval."""
    names = list(P.groups) if claim["groups"] in ("all", "") else split_list(claim["groups"], ",")
    ix = P.idx(names)
    if len(ix) != len(rep_iv):
        raise invalid_value("reported", f"{len(ix)} number(s), one per group", claim["reported"])
    bad = []
    for i, iv in zip(ix, rep_iv, strict=True):
        tiv = (pcts[0][i] - P.d_low[i], pcts[0][i] + P.d_high[i])
        if not _overlap(tiv, iv):
            bad.append(
                f"{P.groups[i]}: text {iv[0]:g} to {iv[1]:g} vs tables {tiv[0]:g} to {tiv[1]:g}"
            )
    i0 = ix[0]
    what = "sum of the published shares" if claim["check"] == "sum" else "published numbers"
    msg = (
        f"the text's number(s) agree with the {what} within rounding"
        if not bad
        else "the text's number(s) differ from the tables beyond rounding: " + "; ".join(bad)
    )
    return not bad, msg, pcts[0][i0], pcts[0][i0] - P.d_low[i0], pcts[0][i0] + P.d_high[i0]


def _check_at_most_100(profiles: list, pcts: list) -> tuple:
    """``at_most_100``: the responses' lower rounding bounds add up to at most 100."""
    total = sum(float(p[0]) for p in pcts)
    low = sum(float(p[0] - pr.d_low[0]) for p, pr in zip(pcts, profiles, strict=True))
    high = sum(float(p[0] + pr.d_high[0]) for p, pr in zip(pcts, profiles, strict=True))
    ok = low <= 100.0
    msg = f"the responses add up to {total:g}% (at least {low:g} within rounding), " + (
        "leaving room for the other categories" if ok else "more than 100%"
    )
    return ok, msg, total, low, high


def _check_weighted_mean(P: Profile, rep_iv: list, pcts: list) -> tuple:
    """``weighted_mean``: group numbers with design shares against the total."""
    w = P.shares
    low = float(np.sum(w * (pcts[0] - P.d_low)))
    high = float(np.sum(w * (pcts[0] + P.d_high)))
    iv = rep_iv[0]
    ok = _overlap((low, high), iv)
    msg = (
        f"the share-weighted mean of the groups lies in [{low:.1f}, {high:.1f}], which "
        f"{'overlaps' if ok else 'misses'} the total's {iv[0]:g} to {iv[1]:g}"
    )
    if P.assumption:
        msg += f"; assumption: {P.assumption}"
    return ok, msg, float(np.sum(w * pcts[0])), low, high


def _text_profiles(claim: dict, ctx: ClaimContext) -> list[Profile]:
    """One profile per response, each from the first of the claim's tables that has it."""
    profiles = []
    for resp in split_list(claim["response"]):
        for t in split_list(claim["table"]):
            try:
                profiles.append(
                    profile(
                        ctx.tables,
                        [t],
                        claim["item"],
                        resp,
                        claim["dimension"],
                        ctx.design,
                        ctx.settings,
                        as_shares=False,  # the check reads the sums as printed
                    )
                )
                break
            except MigstatsValueError:
                continue
        else:
            raise invalid_value("response", f"published in table(s) {claim['table']}", resp)
    return profiles


def prepare_text(claim: dict, ctx: ClaimContext) -> Prepared:
    """``text_table``: rounding-interval arithmetic, no test."""
    s = ctx.settings
    check = claim["check"]
    rep_iv = [
        (lo - rounding_deltas([lo], [False], s)[0], hi + rounding_deltas([hi], [False], s)[1])
        for lo, hi in parse_reported(claim["reported"])
    ]
    profiles = _text_profiles(claim, ctx)

    def check_fn(pcts: list) -> tuple:
        if check in ("equal", "sum"):
            return _check_equal(claim, profiles[0], rep_iv, pcts)
        if check == "at_most_100":
            return _check_at_most_100(profiles, pcts)
        return _check_weighted_mean(profiles[0], rep_iv, pcts)

    return Prepared(claim, profiles, None, TEXT_CHECK_METHODS[check], text_check=check_fn)


registers("text_table")(prepare_text)
