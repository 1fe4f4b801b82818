"""Statistics for the reports: Wilson intervals (more to come: change tests, SPC, sample size)."""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

Z95 = 1.959964


def round_half_up(x: float, places: int = 1) -> float:
    """Round as people expect (2.25 -> 2.3), not banker's rounding."""
    q = Decimal(1).scaleb(-places)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def wilson_interval(n: int, d: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for n successes out of d, as fractions (None when d is 0)."""
    if d == 0:
        return None
    p = n / d
    denom = 1 + z * z / d
    centre = (p + z * z / (2 * d)) / denom
    half = z * math.sqrt(p * (1 - p) / d + z * z / (4 * d * d)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)
