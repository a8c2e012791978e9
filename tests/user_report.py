"""A small user report built with ``Report.from_frames``, shared by the figure and CLI tests."""

from __future__ import annotations

import pandas as pd

import migstats


def user_report():
    """A user report built with Report.from_frames: age has shares, region has none.

    The item has a complete three-answer distribution in the total row, and a
    gradient claim over each dimension.
    """
    ages, regions = ["18-34", "35-54", "55+"], ["north", "mid", "south"]
    tables = pd.DataFrame(
        {
            "table": "Q1",
            "item": "trust_government",
            "response": ["trust", "neutral", "distrust"] + ["trust"] * 6,
            "dimension": ["total"] * 3 + ["age"] * 3 + ["region"] * 3,
            "group": ["total"] * 3 + ages + regions,
            "percent": [42, 18, 40, 33, 41, 50, 30, 40, 55],
        }
    )
    claims = pd.DataFrame(
        {
            "claim_id": ["U1", "U2"],
            "kind": "gradient",
            "table": "Q1",
            "item": "trust_government",
            "response": "trust",
            "dimension": ["age", "region"],
            "groups": "increasing",
            "claim": ["Trust rises with age.", "Trust rises from north to south."],
        }
    )
    design = migstats.SampleDesign(
        n=1000,
        n_range=(1000, 1000),
        shares={"age": dict(zip(ages, [0.28, 0.33, 0.39], strict=True))},
        deff=1.2,
    )
    return migstats.Report.from_frames(
        tables,
        design=design,
        claims=claims,
        dimensions={
            "age": {"groups": ages, "ordered": True, "partition": True},
            "region": {"groups": regions, "ordered": True, "partition": True},
        },
        name="user-survey",
    )
