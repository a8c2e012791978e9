"""_calibration layer: a report's audit measured on simulations of its own design.

Other layers import from this package, never from its files.  The files:
``plan`` (the report's design, claims and scenarios as picklable data),
``truth`` (the scenarios' populations and the oracle), ``replicate`` (one
chunk of replications: simulate, audit, record), ``rates`` (streaming rates
and :class:`CalibrationResult`), ``run`` (:func:`calibrate`).
"""

from .plan import SCENARIOS
from .rates import CALIBRATION_COLUMNS, RATES, CalibrationResult
from .run import DEFAULT_CHUNK_SIZE, DEFAULT_EFFECTS, calibrate

__all__ = [
    "CALIBRATION_COLUMNS",
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_EFFECTS",
    "RATES",
    "SCENARIOS",
    "CalibrationResult",
    "calibrate",
]
