"""Latency percentiles, one definition for every report."""

from __future__ import annotations


def percentile(values: list[float], p: float) -> float:
    """The value at rank round(p% of n-1) of the sorted values (0.0 for none)."""
    s = sorted(values)
    if not s:
        return 0.0
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))]


def percentiles(values: list[float]) -> dict[str, float]:
    return {"p50": percentile(values, 50), "p95": percentile(values, 95),
            "p99": percentile(values, 99)}
