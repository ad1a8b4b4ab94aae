"""The one spaCy pipeline: blank "zh" with the jieba segmenter, and rule components whose data comes from rules/.

- ``kb_modality``: a token Matcher over rules/modality.yml words (whole jieba tokens, so 要 is not found in 重要);
- ``kb_phrases``: the lexicons of rules/ (areas, units, metrics, competences, delivery words) found in the text,
  longest match first, with their exact character spans and the rule that holds them.

The same lexicon words go into jieba's user dictionary, so segmentation and matching agree. Nothing is
downloaded: jieba ships its dictionary, and a blank pipeline has no model.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import jieba
import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

jieba.setLogLevel(logging.WARNING)


@dataclass(frozen=True)
class PhraseHit:
    group: str
    rule_id: str
    label: str  # what the phrase stands for: an area id, a unit name, a metric id
    start: int
    end: int
    text: str


@Language.factory("kb_modality", default_config={"modalities": [], "default": "陈述"})
def make_modality(nlp: Language, name: str, modalities: list, default: str):
    return ModalityTagger(nlp, modalities, default)


class ModalityTagger:
    def __init__(self, nlp: Language, modalities: list, default: str):
        self.matcher = Matcher(nlp.vocab)
        self.order = [m["id"] for m in modalities]
        self.labels = {m["id"]: m["label"] for m in modalities}
        self.default = default
        for modality in modalities:
            self.matcher.add(modality["id"], [[{"ORTH": {"IN": list(modality["words"])}}]])

    def __call__(self, doc: Doc) -> Doc:
        first: dict[str, tuple[int, int]] = {}
        for match_id, start, end in self.matcher(doc):
            first.setdefault(doc.vocab.strings[match_id], (start, end))
        spans = []
        for rule_id in self.order:
            if rule_id in first:
                start, end = first[rule_id]
                spans.append(Span(doc, start, end, label=rule_id))
                break
        doc.spans["modality"] = spans
        return doc


@Language.factory("kb_phrases", default_config={"lexicons": []})
def make_phrases(nlp: Language, name: str, lexicons: list):
    return PhraseFinder(lexicons)


class PhraseFinder:
    """Finds every lexicon phrase in the text; a longer phrase wins over one inside it, across the whole group
    when the group is exclusive (a span names one unit), else only among phrases of the same label."""

    def __init__(self, lexicons: list):
        # lexicons: [{"group", "rule_id", "label", "phrases": [...], "exclusive": bool (default true)}]
        self.groups: dict[str, list[tuple[str, str, str]]] = {}
        self.exclusive: dict[str, bool] = {}
        for lexicon in lexicons:
            self.exclusive[lexicon["group"]] = lexicon.get("exclusive", True)
            for phrase in lexicon["phrases"]:
                self.groups.setdefault(lexicon["group"], []).append(
                    (phrase, lexicon["rule_id"], lexicon["label"]))
        # Longest phrase first; each entry keeps its rank so candidates found by first character stay in order.
        self.by_first_char: dict[str, dict[str, list[tuple[int, tuple[str, str, str]]]]] = {}
        for group, entries in self.groups.items():
            entries.sort(key=lambda e: (-len(e[0]), e[0]))
            index = self.by_first_char.setdefault(group, {})
            for rank, entry in enumerate(entries):
                if entry[0]:
                    index.setdefault(entry[0][0], []).append((rank, entry))

    def find(self, text: str) -> dict[str, list[PhraseHit]]:
        found: dict[str, list[PhraseHit]] = {}
        characters = set(text)
        for group, index in self.by_first_char.items():
            # Only the phrases that occur in the text, in rank order: the same result as trying every phrase.
            candidates = sorted((ranked for ch in characters for ranked in index.get(ch, ())
                                 if ranked[1][0] in text), key=lambda ranked: ranked[0])
            taken_by: dict[str | None, list[bool]] = {}
            hits = []
            for _, (phrase, rule_id, label) in candidates:
                taken = taken_by.setdefault(None if self.exclusive[group] else label, [False] * len(text))
                start = text.find(phrase)
                while start != -1:
                    end = start + len(phrase)
                    if not any(taken[start:end]):
                        for i in range(start, end):
                            taken[i] = True
                        hits.append(PhraseHit(group, rule_id, label, start, end, phrase))
                    start = text.find(phrase, start + 1)
            found[group] = sorted(hits, key=lambda h: (h.start, h.end))
        return found

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data["phrases"] = self.find(doc.text)
        return doc


def build_pipeline(modalities: list, default_modality: str, lexicons: list) -> Language:
    """The pipeline for the given rule data (kb.rules builds the arguments from rules/*.yml)."""
    for lexicon in lexicons:
        for phrase in lexicon["phrases"]:
            if len(phrase) > 1:
                jieba.add_word(phrase)
    for modality in modalities:
        for word in modality["words"]:
            jieba.add_word(word)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("kb_modality", config={"modalities": modalities, "default": default_modality})
    nlp.add_pipe("kb_phrases", config={"lexicons": lexicons})
    return nlp


def modality_of(doc: Doc, labels: dict[str, str], default: str) -> tuple[str, str | None, int | None, int | None]:
    """(label, rule id, start, end) of a processed clause's modality."""
    spans = doc.spans.get("modality") or []
    if not spans:
        return default, None, None, None
    span = spans[0]
    return labels[span.label_], span.label_, span.start_char, span.end_char
