"""Confidence bounds of a share, shared by the plugins: "most helpful" reviews and
the funnel's worst products rank by them, not by raw rates a tiny sample can fake."""

import math


def wilson_lower_bound(positive, total, z=1.96):
    """Lower bound of the Wilson score interval for ``positive`` out of ``total``.

    Ranks "most helpful": 9 of 10 helpful votes (0.60) beats 1 of 1 (0.21).
    """
    if total <= 0:
        return 0.0
    p = positive / total
    denominator = 1 + z * z / total
    centre = p + z * z / (2 * total)
    margin = z * math.sqrt((p * (1 - p) + z * z / (4 * total)) / total)
    # Rounding can take a zero share a hair below zero; a bound of a share is >= 0.
    return max(0.0, (centre - margin) / denominator)

