"""The L2 logistic regression the project's judges are trained with (numpy, training only).

Features are standardised, the bias is not penalised, and Newton's method gives the same weights
on every run. The judges apply the weights in pure Python at tagging time."""

from __future__ import annotations

import numpy as np

Model = tuple[np.ndarray, np.ndarray, np.ndarray, float]  # means, scales, weights, bias


def fit(x: np.ndarray, y: np.ndarray, penalty: float, weight: np.ndarray | None = None, steps: int = 50) -> Model:
    """(means, scales, weights, bias) of an L2 logistic regression on standardised features, each
    row counted `weight` times."""
    weight = np.ones(len(y)) if weight is None else weight
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales < 1e-9] = 1.0
    z = np.hstack([(x - means) / scales, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    ridge = np.full(z.shape[1], penalty)
    ridge[-1] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        gradient = z.T @ (weight * (p - y)) + ridge * w
        hessian = (z * (weight * p * (1 - p))[:, None]).T @ z + np.diag(ridge) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return means, scales, w[:-1], float(w[-1])


def predict(model: Model, x: np.ndarray) -> np.ndarray:
    """P(right) of each row."""
    means, scales, weights, bias = model
    return 1 / (1 + np.exp(-(((x - means) / scales) @ weights + bias)))
