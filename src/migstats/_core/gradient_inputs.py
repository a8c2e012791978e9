"""Input checks and small helpers shared by the gradient statistics.

One concept: turning the arrays a gradient function is given (counts,
scores, shares, group sizes) into validated numpy arrays, and the Wald
interval all of them report.  Used by :mod:`.trend`, :mod:`.inequality` and
:mod:`.gradients`; not exported from the package.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._base import (
    SHARES_SUM_ATOL,
    ConfidenceInterval,
    MigstatsValueError,
    check_broadcast,
    check_in_unit_interval,
    check_n,
    check_numeric,
    invalid_value,
    z_critical,
)

#: Smallest number of ordered groups a gradient can be computed from.
MIN_GROUPS = 2

# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _scalar(x: Any) -> Any:
    """0-d arrays and NumPy scalars to Python floats; arrays unchanged."""
    arr = np.asarray(x)
    if arr.ndim == 0 and arr.dtype.kind in "fiub":
        return float(arr)
    if arr.ndim == 0:
        return arr.item()
    return arr


def _group_array(value: Any, name: str) -> np.ndarray:
    """A float array with a group axis (ndim >= 1) and at least MIN_GROUPS groups."""
    if isinstance(value, str):
        raise invalid_value(name, f"a sequence of at least {MIN_GROUPS} ordered groups", value)
    arr = check_numeric(value, name)  # no text, no booleans
    if arr.ndim == 0 or arr.shape[-1] < MIN_GROUPS:
        raise invalid_value(name, f"a sequence of at least {MIN_GROUPS} ordered groups", value)
    return arr


def _check_group_lengths(**arrays: np.ndarray) -> int:
    """Every array with a group axis must have the same number of groups."""
    lengths = {k: a.shape[-1] for k, a in arrays.items() if np.ndim(a) > 0}
    if len(set(lengths.values())) > 1:
        desc = ", ".join(f"{k} has length {v}" for k, v in lengths.items())
        raise MigstatsValueError(f"arguments must have the same length, but {desc}")
    return next(iter(lengths.values()))


def _check_counts(k: Any, n: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validate counts k (may be fractional) and group sizes n."""
    k_arr = _group_array(k, "k")
    n_arr = _group_array(n, "n")
    _check_group_lengths(k=k_arr, n=n_arr)
    k_arr = check_n(k_arr, "k", integer=False, minimum=0)
    n_arr = check_n(n_arr, "n", integer=False, minimum=0)
    if (n_arr < 1).any():
        raise _too_small_groups(n)
    k_arr, n_arr = check_broadcast(k=k_arr, n=n_arr)
    if (k_arr > n_arr).any():
        raise invalid_value("k", "<= n in every group", k)
    return k_arr, n_arr


def _check_scores(scores: Any, n_groups: int) -> np.ndarray:
    """Scores: finite, one per group (group axis last), not all equal."""
    if scores is None:
        return np.arange(1.0, n_groups + 1.0)
    arr = check_numeric(scores, "scores") if not isinstance(scores, str) else None
    if arr is None or arr.ndim == 0 or arr.shape[-1] != n_groups:
        raise invalid_value("scores", f"a sequence of {n_groups} numbers (one per group)", scores)
    if not np.isfinite(arr).all():
        raise invalid_value("scores", "finite", scores)
    if (np.ptp(arr, axis=-1) == 0).any():
        raise invalid_value("scores", "not all equal", scores)
    return arr


def _check_shares(shares: Any, name: str = "shares") -> np.ndarray:
    arr = _group_array(shares, name)
    arr = check_in_unit_interval(arr, name, open_ends=True)
    total = arr.sum(axis=-1)
    # np.allclose(total, 1, rtol=0, atol=SHARES_SUM_ATOL) on finite shares, without
    # its general machinery (called for every slope index of an audit)
    if not (np.abs(total - 1.0) <= SHARES_SUM_ATOL).all():
        raise invalid_value(
            name,
            "population shares that sum to 1 (normalise them first, e.g. s / s.sum())",
            shares,
        )
    return arr


def _too_small_groups(n: Any) -> MigstatsValueError:
    """The error for group sizes below 1: say that n * share is too small, and name n."""
    return invalid_value(
        "n",
        "group sizes of at least 1 in every group (a total n split by population "
        "shares gives groups of n * share: too small here, raise n)",
        n,
    )


def _group_sizes(n: Any, shares: np.ndarray | None, n_groups: int | None) -> np.ndarray:
    """n as per-group sizes, or a total (0-d) split as ``n * shares``."""
    n_arr = np.asarray(n, dtype=float) if not isinstance(n, str) else np.asarray(n)
    if n_arr.ndim == 0:
        total = check_n(n, "n", integer=False, minimum=1)
        if shares is None:
            raise invalid_value(
                "n",
                "per-group sizes, or a total together with shares",
                n,
            )
        sizes = total * shares
        return sizes
    n_arr = _group_array(n, "n")
    if n_groups is not None:
        _check_group_lengths(p=np.empty(n_groups), n=n_arr)
    sizes = check_n(n_arr, "n", integer=False, minimum=0)
    if (sizes < 1).any():
        raise _too_small_groups(n)
    return sizes


def _wald(est: np.ndarray, se: np.ndarray, confidence_level: float):
    from scipy import special  # lazily: keeps ``import migstats`` light

    z = z_critical(1.0 - confidence_level)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # se 0 or tiny: +-inf
        stat = np.true_divide(est, se)
    pvalue = 2.0 * special.ndtr(-np.abs(stat))
    return stat, pvalue, ConfidenceInterval(est - z * se, est + z * se)


def _out(x: Any) -> Any:
    arr = np.asarray(x, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


# --------------------------------------------------------------------------
# trend test
# --------------------------------------------------------------------------
