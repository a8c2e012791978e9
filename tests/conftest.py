"""Shared pytest configuration: hypothesis profiles.

Choose a profile with the environment variable ``HYPOTHESIS_PROFILE``:
``ci`` (default; deterministic, moderate example counts), ``dev`` (fewer
examples, for quick local runs) or ``thorough`` (many examples, for a
nightly-style run).

Fixture ``chapter_result``: the default audit (chapter 7), run once per
session and shared by the modules that read it (an AuditResult is frozen;
read its frame, or take a copy with ``to_frame()`` to change one).

Fixture ``audit_family``: a function that runs an audit and returns its
tested claims as the audit prepared them (``preps``, ``corners``), the
headline deff and the settings the break-even search received, with the
audit frame indexed by claim.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,  # the same examples locally and on a clean CI clone
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile(
    "thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def chapter_result():
    """``migstats.audit()`` at its defaults, once per test session."""
    import migstats

    return migstats.audit()


@pytest.fixture(scope="session")
def audit_family():
    """``audit_family(**audit_kwargs) -> (seen, frame)``: the family the break-even search got."""
    import migstats
    from migstats._audit import family

    def run(**kwargs):
        seen = {}
        real = family.family_breakeven

        def capture(preps, corners, deff, s, first=None):
            seen.update(preps=preps, corners=corners, deff=deff, s=s)
            return real(preps, corners, deff, s, first)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(family, "family_breakeven", capture)
            result = migstats.audit(**kwargs)
        return seen, result.to_frame().set_index("claim_id")

    return run
