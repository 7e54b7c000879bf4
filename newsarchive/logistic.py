"""The probability a trained judge gives (the topic judge, the judge of whole documents' spans):
a logistic regression over standardised features, in pure Python (scripts/logistic.py trains it)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def probability(features: Sequence[float], means: Sequence[float], scales: Sequence[float], weights: Sequence[float], bias: float) -> float:
    """P(right | features); the logit is held within ±30, where the answer is 0 or 1 anyway."""
    total = bias + sum(w * (f - m) / s for f, m, s, w in zip(features, means, scales, weights, strict=True))
    return 1.0 / (1.0 + math.exp(-max(min(total, 30.0), -30.0)))
