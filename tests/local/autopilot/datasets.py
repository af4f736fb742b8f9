"""Data sets of the local Autopilot's tests, as header and text rows the export would write."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, make_classification, make_friedman1


@dataclass(frozen=True)
class Table:
    """Header (target last), training rows and held-out rows (fields as text)."""

    header: list[str]
    rows: list[list[str]]
    held_out: list[list[str]]

    @property
    def target(self) -> str:
        return self.header[-1]


def _split(header: list[str], rows: list[list[str]], every: int = 5) -> Table:
    return Table(header, [r for i, r in enumerate(rows) if i % every], [r for i, r in enumerate(rows) if not i % every])


def breast_cancer(holdout: bool = False) -> Table:
    """569 tumours, 30 numbers (names with spaces), diagnosis M/B; all rows train unless ``holdout``."""
    data = load_breast_cancer()
    header = [str(name) for name in data.feature_names] + ["diagnosis"]
    rows = [[repr(float(v)) for v in x] + ["M" if y == 0 else "B"] for x, y in zip(data.data, data.target)]
    return _split(header, rows) if holdout else Table(header, rows, [])


def three_classes(rows: int = 700) -> Table:
    """A multiclass table: numbers, a text column with commas and quotes, some empty fields."""
    x, y = make_classification(n_samples=rows, n_features=6, n_informative=5, n_redundant=0, n_classes=3,
                               class_sep=1.5, random_state=7)
    colours = ['red, dark', 'the "blue"', "green"]
    table = []
    for i, (features, label) in enumerate(zip(x, y)):
        fields = [repr(round(float(v), 6)) for v in features]
        if i % 17 == 0:
            fields[2] = ""  # missing number
        fields.append("" if i % 23 == 0 else colours[(label + (i % 7 == 3)) % 3])
        fields.append(["setosa", "versicolor", "virginica"][label])
        table.append(fields)
    return _split([f"x{i}" for i in range(6)] + ["colour", "species"], table)


def friedman(rows: int = 700) -> Table:
    """A regression table (Friedman #1: a smooth non-linear target with noise)."""
    x, y = make_friedman1(n_samples=rows, n_features=6, noise=0.5, random_state=3)
    table = [[repr(float(v)) for v in features] + [repr(float(t))] for features, t in zip(x, y)]
    return _split([f"x{i}" for i in range(6)] + ["y"], table)


def diabetes() -> Table:
    """442 patients: fewer rows than Autopilot needs."""
    data = load_diabetes()
    rows = [[repr(float(v)) for v in x] + [repr(float(t))] for x, t in zip(data.data, data.target)]
    return Table([str(n) for n in data.feature_names] + ["progression"], rows, [])


def accuracy(pairs: list[tuple[str, str]]) -> float:
    return sum(a == b for a, b in pairs) / len(pairs)


def r2(actual: list[float], predicted: list[float]) -> float:
    a, p = np.asarray(actual), np.asarray(predicted)
    return float(1 - ((a - p) ** 2).sum() / ((a - a.mean()) ** 2).sum())
