"""Lexical similarity of clauses across levels, its parts: ``Localiser`` spells level, place and unit words alike
at every level (rules/align.yml ``localise``), ``Rarity`` weighs a bigram by its rarity among all clauses of the
KB (term_clause_counts, the counts the search index keeps, of kb.index_text's folding), ``shared_phrases`` says
which words two clauses share (kb.align.vectors holds the vectors).

Why bigrams: the search index reads Chinese the same way, needs no model, and a reworded task keeps most of its
two-character words (知识产权, 质押融资) while the function words it changes are common and weigh little.
"""
from __future__ import annotations

import math
import re
import sqlite3

from ..index_text import fold
from ..rule_models.align import AlignmentRule

# Rarity is looked up for this many bigrams per statement (SQLite's limit of bound parameters is far above it).
LOOKUP_BATCH = 500


class Localiser:
    """Spells a clause of either document of a pair alike: its ``names`` (the two jurisdictions, with their short
    forms: 东岚省 and 东岚) become the placeholder, then the ``localise`` steps apply in order."""

    def __init__(self, rule: AlignmentRule, names: list[str]):
        forms = set()
        ending = re.compile("(?:%s)$" % "|".join(map(re.escape, rule.jurisdiction_endings)))
        for name in names:
            if name and name != "全国":
                forms.add(name)
                short = ending.sub("", name)
                if len(short) >= 2:
                    forms.add(short)
        ordered = sorted(forms, key=len, reverse=True)
        self.places = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        self.placeholder = rule.placeholder
        self.steps = [(step.pattern, step.replace) for step in rule.localise]

    def __call__(self, text: str) -> str:
        """``text`` folded (kb.index_text.fold) with its places and level words as the placeholder."""
        text = fold(text)
        if self.places is not None:
            text = self.places.sub(self.placeholder, text)
        for pattern, replace in self.steps:
            text = pattern.sub(replace, text)
        return text


class Rarity:
    """The weight of a bigram by its rarity among the KB's clauses: ``1 + ln((N + 1) / (df + 1))``, df its count
    in term_clause_counts (a bigram of the placeholder weighs ``placeholder_weight``). Looked up once per bigram
    and kept for the run."""

    def __init__(self, conn: sqlite3.Connection, rule: AlignmentRule):
        self.conn, self.rule = conn, rule
        row = conn.execute("select clauses from term_clause_counts where term = ''").fetchone()
        self.total = row[0] if row else 0
        self.weights: dict[str, float] = {}
        self.by_code: dict[int, float] = {}

    def prepare(self, terms) -> None:
        """Look up the rarity of the ``terms`` not seen yet, in batches."""
        wanted = [t for t in set(terms) if t not in self.weights and self.rule.placeholder not in t]
        for start in range(0, len(wanted), LOOKUP_BATCH):
            part = wanted[start:start + LOOKUP_BATCH]
            found = dict(self.conn.execute(f"select term, clauses from term_clause_counts where term in "
                                           f"({','.join('?' * len(part))})", part))
            for term in part:
                self.weights[term] = 1.0 + math.log((self.total + 1) / (found.get(term, 0) + 1))

    def weights_of(self, codes):
        """The weights of an array of distinct bigram codes (kb.align.vectors), as a float array."""
        from .vectors import term_of

        codes = codes.tolist()
        terms = [term_of(code) for code in codes]
        self.prepare(terms)
        import numpy

        weights = [self.weight(term) for term in terms]
        self.by_code.update(zip(codes, weights))
        return numpy.array(weights, dtype=numpy.float64)



    def weight(self, term: str) -> float:
        """The weight of one bigram (``prepare`` it first)."""
        if self.rule.placeholder in term:
            return self.rule.placeholder_weight
        return self.weights.get(term, 1.0)


def shared_phrases(text: str, codes: list[int], shared: set[int], weights: dict[int, float],
                   limit: int = 5) -> list[str]:
    """The runs of ``text`` (localised; ``codes``: the bigram code at each position, kb.align.vectors) made of
    ``shared`` bigrams, rarest first (the sum of their ``weights``, which holds every shared code): the key phrases
    two clauses have in common, as a reader sees them (figures left out)."""
    runs, start = [], None
    for i, code in enumerate(codes):
        if code in shared:
            start = i if start is None else start
            continue
        if start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(codes)))
    scored: dict[str, float] = {}
    for begin, end in runs:
        # A run of figures (0亿元, 2020) says which number, not which task: its digits are left out.
        run = text[begin:end + 1].strip("0123456789.%")
        if len(run) >= 2:
            scored[run] = max(scored.get(run, 0.0), sum(map(weights.__getitem__, codes[begin:end])))
    return sorted(scored, key=lambda run: (-scored[run], run))[:limit]
