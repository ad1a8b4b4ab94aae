"""The scores ``kb eval`` gives: precision, recall and F1 of a set of predictions against a gold set, and
units-per-item accuracy."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Score:
    """A gold set against what kb predicted: ``true_positives`` of ``gold`` gold items and ``predicted`` items;
    ``missing`` (gold, not predicted) and ``extra`` (predicted, not gold), sorted."""

    name: str
    true_positives: int
    gold: int
    predicted: int
    missing: list
    extra: list

    @property
    def precision(self) -> float:
        """Right predictions over predictions (1.0 with none)."""
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Right predictions over gold items (1.0 with none)."""
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall (0.0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_of(name: str, gold: set, predicted: set) -> Score:
    """The Score of two sets of hashable items."""
    return Score(name, len(gold & predicted), len(gold), len(predicted), sorted(gold - predicted, key=str),
                 sorted(predicted - gold, key=str))


@dataclass
class ItemScore:
    """Units-per-item accuracy and (name, role) pair precision and recall of one group of documents; ``wrong``:
    the items not right, as (number, start, gold pairs, kb's pairs)."""

    name: str
    items: int = 0
    items_right: int = 0
    gold_pairs: int = 0
    predicted_pairs: int = 0
    pairs_right: int = 0
    wrong: list = None

    @property
    def accuracy(self) -> float:
        """Items right over items (1.0 with none)."""
        return self.items_right / self.items if self.items else 1.0

    @property
    def precision(self) -> float:
        """Right (unit, role) pairs over predicted pairs (1.0 with none)."""
        return self.pairs_right / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        """Right (unit, role) pairs over gold pairs (1.0 with none)."""
        return self.pairs_right / self.gold_pairs if self.gold_pairs else 1.0
