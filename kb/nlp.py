"""The one spaCy pipeline: blank "zh" with words from jieba, and rule components whose data comes from rules/.
Everything that runs is registered with spaCy, so ``nlp.config`` describes it whole:

- the tokenizer ``kb.jieba`` (spaCy's registry of tokenizers): jieba's dictionary plus the words of rules/;
- ``kb_modality``: rules/modality.yml words as whole jieba tokens (要 is not found in 重要), its match in
  ``doc.spans["modality"]``;
- ``kb_phrases``: the lexicons of rules/ (areas, units, metrics, competences, delivery words) found in the text,
  longest match first, with their exact character spans and the rule that holds them, in ``doc._.phrases``.

Phrase hits are not Spans: a Span covers whole tokens, and a third of the hits lie inside a jieba word (专利 in
发明专利申请量, 国务院 in 国务院办公厅), whose exact offsets the tags record. They are the Doc's extension attribute
(spaCy's place for a component's own data) instead. The same lexicon words go into jieba's user dictionary, so
segmentation and matching mostly agree. Nothing is downloaded: jieba ships its dictionary, and a blank pipeline
has no model.
"""
from __future__ import annotations

from bisect import bisect_right
import re
from functools import lru_cache
from operator import add, attrgetter
from typing import Callable, NamedTuple

import spacy
from spacy.language import Language
from spacy.attrs import IDX, ORTH
from spacy.tokens import Doc, Span
from spacy.util import get_words_and_spaces
from .rule_models.modality import Modality
from .segmenter import Segmenter, jieba

# What the pipeline leaves on a Doc besides its spans: the text the tokenizer was given (joining the tokens back
# costs as much as tagging) and the lexicon hits of kb_phrases (group → [PhraseHit]).
Doc.set_extension("text", default=None, force=True)
Doc.set_extension("phrases", default=None, force=True)
_WHITESPACE = re.compile(r"\s")
# Tokens that open a clause without being its first word: item numbers (1. (一) ①), brackets, spaces.
_ITEM_MARK = re.compile(r"[\s\d.、()（）．,:：\-—①-⑳零〇一二三四五六七八九十]+")


class PhraseHit(NamedTuple):  # a tuple: made millions of times, and cheaper to make than a frozen dataclass
    """A lexicon phrase found in a clause: its ``group`` (areas, units, competences, metrics, delivery), the rule
    that holds it, what it stands for, and ``start``/``end``, character offsets in the clause's text."""
    group: str
    rule_id: str
    label: str  # what the phrase stands for: an area id, a unit name, a metric id
    start: int
    end: int
    text: str


@Language.factory("kb_modality", default_config={"modalities": [], "default": "陈述"})
def make_modality(nlp: Language, name: str, modalities: list, default: str):
    """The ``kb_modality`` component: ``modalities`` are rules/modality.yml's, as plain data (the config's);
    ``default`` the label of a clause with none of their words."""
    return ModalityTagger(nlp, modalities, default)


class ModalityTagger:
    """The first modality rule, in the order of rules/modality.yml, that has one of its words as a whole token.
    Single-token patterns need no Matcher: the tokens' ORTH ids are looked up in one table."""

    def __init__(self, nlp: Language, modalities: list, default: str):
        modalities = [Modality.model_validate(m) for m in modalities]  # the config holds plain data (nlp.config)
        self.order = [m.id for m in modalities]
        self.labels = {m.id: m.label for m in modalities}
        self.default = default
        self.rules_of_word: dict[int, list[int]] = {}
        # Rules whose words count only as the clause's first word (a task sentence opening with a verb).
        # Rules whose words count only as the clause's first word (a task sentence opening with a verb); a word
        # of two or more characters also counts at the start of a longer token (建立健全, 切实加强).
        self.first_word_rules: list[tuple[int, frozenset, tuple]] = []
        for rank, modality in enumerate(modalities):
            if modality.position == "first":
                words = modality.words
                self.first_word_rules.append((rank, frozenset(words), tuple(w for w in words if len(w) > 1)))
                continue
            for word in modality.words:
                self.rules_of_word.setdefault(nlp.vocab.strings.add(word), []).append(rank)

    def __call__(self, doc: Doc) -> Doc:
        best = None  # (rule rank, token index)
        columns = doc.to_array([ORTH, IDX])
        orths = columns[:, 0].tolist()
        for index, orth in enumerate(orths):
            for rank in self.rules_of_word.get(orth, ()):
                if best is None or rank < best[0]:
                    best = (rank, index)
        if self.first_word_rules and (best is None or best[0] > min(r for r, _, _ in self.first_word_rules)):
            # The first word that is not all item number: the token holding the first character after the
            # leading marks (a token such as 一批 starts with a mark character and is still a word).
            text = doc._.text or doc.text
            opening = _ITEM_MARK.match(text)
            end = opening.end() if opening else 0
            first = bisect_right(columns[:, 1].tolist(), end) - 1 if end < len(text) else None
            word = doc[first].text if first is not None and first >= 0 else ""
            for rank, words, prefixes in self.first_word_rules:
                if word and (word in words or word.startswith(prefixes)) and (best is None or rank < best[0]):
                    best = (rank, first)
        doc.spans["modality"] = [Span(doc, best[1], best[1] + 1, label=self.order[best[0]])] if best else []
        return doc


_position = attrgetter("start", "end")


@Language.factory("kb_phrases", default_config={"lexicons": []})
def make_phrases(nlp: Language, name: str, lexicons: list):
    """The ``kb_phrases`` component over ``lexicons`` (kb.rules.RuleSet.lexicons)."""
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
        # Longest phrase first within a group; each entry keeps its rank, so candidates stay in that order.
        # Every distinct phrase is indexed once by its first two characters (one-character phrases by the one),
        # so a clause only looks at phrases that can start in it.
        self.entries_of: dict[str, list[tuple[str, int, tuple[str, str, str]]]] = {}
        for group, entries in self.groups.items():
            entries.sort(key=lambda e: (-len(e[0]), e[0]))
            for rank, entry in enumerate(entries):
                if entry[0]:
                    self.entries_of.setdefault(entry[0], []).append((group, rank, entry))
        # opening → (entries of the phrase that is the opening itself, [(longer phrase, its entries)])
        self.by_opening: dict[str, tuple[list, list]] = {}
        for phrase, phrase_entries in self.entries_of.items():
            exact, longer = self.by_opening.setdefault(phrase[:2], ([], []))
            if len(phrase) <= 2:
                exact.extend(phrase_entries)
            else:
                longer.append((phrase, phrase_entries))
        self.openings = set(self.by_opening)

    def find(self, text: str) -> dict[str, list[PhraseHit]]:
        """Every group's hits in ``text``, in order of position (a group with none has an empty list)."""
        found: dict[str, list[PhraseHit]] = {group: [] for group in self.groups}
        openings = set(map(add, text, text[1:]))  # every two neighbouring characters
        openings.update(text)
        candidates: dict[str, list[tuple[int, tuple[str, str, str]]]] = {}
        for opening in openings & self.openings:
            exact, longer = self.by_opening[opening]
            for group, rank, entry in exact:
                candidates.setdefault(group, []).append((rank, entry))
            for phrase, phrase_entries in longer:
                if phrase in text:
                    for group, rank, entry in phrase_entries:
                        candidates.setdefault(group, []).append((rank, entry))
        for group, ranked in candidates.items():
            # Only the phrases that occur in the text, in rank order: the same result as trying every phrase.
            ranked.sort()  # ranks are unique within a group
            exclusive = self.exclusive[group]
            taken_by: dict[str | None, bytearray] = {}
            hits = []
            for _, (phrase, rule_id, label) in ranked:
                owner = None if exclusive else label  # whose spans a longer phrase keeps from the shorter
                taken = taken_by.get(owner)
                if taken is None:
                    taken = taken_by[owner] = bytearray(len(text))
                length = len(phrase)
                start = text.find(phrase)
                while start != -1:
                    end = start + length
                    if taken.find(1, start, end) == -1:
                        taken[start:end] = b"\x01" * length
                        hits.append(PhraseHit(group, rule_id, label, start, end, phrase))
                    start = text.find(phrase, start + 1)
            hits.sort(key=_position)
            found[group] = hits
        return found

    def __call__(self, doc: Doc) -> Doc:
        """The Doc with its hits (group → [PhraseHit], clause-relative offsets) in ``doc._.phrases``."""
        doc._.phrases = self.find(doc._.text or doc.text)
        return doc


class JiebaTokenizer:
    """The pipeline's tokenizer: jieba's words through this pipeline's own dictionary (``segmenter``), keeping the
    text it was given in ``doc._.text``.

    A text without whitespace (almost every clause) becomes a Doc straight from jieba's words (kb.segmenter gives
    the same words as jieba.cut, faster), which is what spaCy's zh tokenizer makes of it too, without its
    word-and-space alignment pass."""

    def __init__(self, vocab, segmenter: Segmenter):
        self.vocab = vocab
        self.segmenter = segmenter

    def __call__(self, text: str) -> Doc:
        """The Doc of ``text``, one token a jieba word."""
        words = self.segmenter.cut(text) if text else []
        if text and not _WHITESPACE.search(text):
            doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        else:
            # As spaCy's zh tokenizer does with jieba's words, but through this pipeline's own dictionary.
            words, spaces = get_words_and_spaces([w for w in words if w], text)
            doc = Doc(self.vocab, words=words, spaces=spaces)
        doc._.text = text
        return doc


@spacy.registry.tokenizers("kb.jieba")
def jieba_tokenizer(words: list[str]) -> Callable[[Language], JiebaTokenizer]:
    """The tokenizer of kb's pipeline (``[nlp.tokenizer] @tokenizers = "kb.jieba"``): jieba's dictionary plus
    ``words``, the phrases and modality words of rules/, so that segmentation and matching agree. spaCy's own zh
    "jieba" segmenter would load jieba's global dictionary (a second of start-up) and change it for every pipeline
    of the process."""
    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, Segmenter(pipeline_tokenizer(words)))
    return make


@lru_cache(maxsize=1)
def _jieba_dictionary() -> jieba.Tokenizer:
    """jieba's own dictionary, loaded once per process and never changed: each pipeline copies it."""
    base = jieba.Tokenizer()
    base.check_initialized()
    return base


def pipeline_tokenizer(words) -> jieba.Tokenizer:
    """A jieba tokenizer of its own: jieba's dictionary plus ``words``. jieba's global one is never touched, so
    rule sets do not leak into one another (two pipelines in one process keep their own words)."""
    base = _jieba_dictionary()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = dict(base.FREQ), base.total
    tokenizer.initialized = True
    for word in words:
        tokenizer.add_word(word)
    return tokenizer


def build_pipeline(modalities: list[Modality], default_modality: str, lexicons: list) -> Language:
    """The pipeline for the given rule data (kb.rules builds the arguments from rules/*.yml)."""
    words = [phrase for lexicon in lexicons for phrase in lexicon["phrases"] if len(phrase) > 1]
    words += [word for modality in modalities for word in modality.words]
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kb.jieba", "words": words}}})
    nlp.add_pipe("kb_modality", config={"modalities": [m.model_dump() for m in modalities],
                                        "default": default_modality})
    nlp.add_pipe("kb_phrases", config={"lexicons": lexicons})
    return nlp


def process(nlp: Language, texts):
    """Each text through the pipeline: the Docs ``nlp.pipe`` gives, without its batching and error-handler
    machinery, which cost a tenth of a build's time (a million short clauses, one Doc each)."""
    components = [component for _, component in nlp.pipeline]
    for text in texts:
        doc = nlp.make_doc(text)
        for component in components:
            doc = component(doc)
        yield doc


def modality_of(doc: Doc, labels: dict[str, str], default: str) -> tuple[str, str | None, int | None, int | None]:
    """(label, rule id, start, end) of a processed clause's modality."""
    spans = doc.spans.get("modality") or []
    if not spans:
        return default, None, None, None
    span = spans[0]
    return labels[span.label_], span.label_, span.start_char, span.end_char
