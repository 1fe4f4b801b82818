"""Dip-sample size: how many cases for a margin of error, and the margin a sample achieves.

Thin wrappers over `stats.sample_size` / `stats.achieved_margin` that turn bad input into
`ParameterError` and describe the result in words for the worksheet and the report."""
from __future__ import annotations

from ..errors import ParameterError
from ..stats import achieved_margin, round_half_up, sample_size


def size_for(population: int, margin: float = 0.05, p: float = 0.5,
             confidence: float = 0.95) -> int:
    try:
        return sample_size(population, p=p, margin=margin, confidence=confidence)
    except ValueError as e:
        raise ParameterError(str(e)) from None


def margin_for(n: int, population: int, p: float = 0.5, confidence: float = 0.95) -> float:
    try:
        return achieved_margin(n, population, p=p, confidence=confidence)
    except ValueError as e:
        raise ParameterError(str(e)) from None


def _pct(x: float) -> str:
    return f"{round_half_up(100 * x, 1):.1f}%"


def describe_size(population: int, margin: float = 0.05, p: float = 0.5,
                  confidence: float = 0.95) -> str:
    n = size_for(population, margin, p, confidence)
    return (f"sample {n} of {population} cases for a margin of error of +/- {_pct(margin)} "
            f"at {100 * confidence:g}% confidence (expected proportion {p:g})")


def describe_margin(n: int, population: int, p: float = 0.5, confidence: float = 0.95) -> str:
    m = margin_for(n, population, p, confidence)
    return (f"a sample of {n} of {population} cases gives a margin of error of +/- {_pct(m)} "
            f"at {100 * confidence:g}% confidence (expected proportion {p:g})")
