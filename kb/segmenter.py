"""jieba's accurate-mode segmentation (``jieba.cut(text)``, HMM on), word for word, in about half the time.

jieba finds the most probable route through a text in two passes: one builds a dict of candidate word ends for
every character, the next takes the best of them with a generator, a tuple and a ``log`` per candidate. Here
the two passes are one backward loop over the same dictionary (jieba's own FREQ, user words included), whose
log weights are computed once, when the Segmenter is made, not once per occurrence. The scores are the same floating-point
sums in the same order and ties go the same way, so the words are identical (tests/test_segmenter.py checks
this against ``jieba.cut``); everything outside the route (blocks, whitespace, the HMM for unknown runs) is
jieba's own code path, called the way ``jieba.cut`` calls it.
"""
from __future__ import annotations

import logging
from math import log

import jieba
from jieba import finalseg

# jieba logs its dictionary's loading ("Building prefix dict…", "Loading model cost…") at DEBUG on standard error,
# under every command. Silenced here, the one module that imports jieba: the rest of kb takes jieba from here.
jieba.setLogLevel(logging.WARNING)

# The same block and whitespace patterns jieba.cut uses in accurate mode.
_HAN_BLOCK = jieba.re_han_default
_SKIP = jieba.re_skip_default


_NOT_A_PREFIX = object()


class Segmenter:
    """``cut(text)`` gives what ``jieba.cut(text)`` gives, through jieba's default tokenizer's dictionary."""

    def __init__(self, tokenizer: jieba.Tokenizer | None = None):
        self.tokenizer = tokenizer or jieba.dt
        self.tokenizer.check_initialized()
        self._weights_for(self.tokenizer.total)

    def _weights_for(self, total: int) -> None:
        # jieba.add_word changes the dictionary, its total and its size; the weights follow them.
        # One lookup answers both of jieba's questions about a fragment: is it a prefix of some word (a key
        # here), and is it a word itself (a weight, log(frequency) - log(total), else None).
        self.dictionary_state = (total, len(self.tokenizer.FREQ))
        log_total = log(total)
        self.log_total = log_total
        self.weights = {word: (log(frequency) - log_total if frequency else None)
                        for word, frequency in self.tokenizer.FREQ.items()}

    def cut(self, text: str) -> list[str]:
        """The words of ``text``, as ``list(jieba.cut(text))`` gives them through this tokenizer's dictionary."""
        if (self.tokenizer.total, len(self.tokenizer.FREQ)) != self.dictionary_state:
            self._weights_for(self.tokenizer.total)
        words: list[str] = []
        for block in _HAN_BLOCK.split(text):
            if not block:
                continue
            if _HAN_BLOCK.match(block):
                self._cut_block(block, words)
            else:
                for piece in _SKIP.split(block):
                    if _SKIP.match(piece):
                        words.append(piece)
                    else:
                        words.extend(piece)
        return words

    def _best_route(self, block: str) -> list[int]:
        """For each position, the end (exclusive) of the word that starts there on the most probable route."""
        weight_of = self.weights.get
        # A character that starts no word is a word of frequency 1 (jieba's "or 1").
        unknown = log(1) - self.log_total
        n = len(block)
        score = [0.0] * (n + 1)
        word_end = [0] * (n + 1)
        for start in range(n - 1, -1, -1):
            best = None
            end = start
            weight = weight_of(block[start], _NOT_A_PREFIX)
            while weight is not _NOT_A_PREFIX:
                if weight is not None:
                    candidate = weight + score[end + 1]
                    # jieba takes max((score, end)): on equal scores the longer word wins.
                    if best is None or candidate >= best:
                        best = candidate
                        best_end = end
                end += 1
                if end == n:
                    break
                weight = weight_of(block[start:end + 1], _NOT_A_PREFIX)
            if best is None:
                best = unknown + score[start + 1]
                best_end = start
            score[start] = best
            word_end[start] = best_end + 1
        return word_end

    def _cut_block(self, block: str, words: list[str]) -> None:
        word_end = self._best_route(block)
        frequencies = self.tokenizer.FREQ
        start = 0
        single_run = ""  # consecutive one-character words: jieba hands an unknown run to its HMM
        n = len(block)
        while start < n:
            end = word_end[start]
            if end - start == 1:
                single_run += block[start]
            else:
                if single_run:
                    self._flush(single_run, frequencies, words)
                    single_run = ""
                words.append(block[start:end])
            start = end
        if single_run:
            self._flush(single_run, frequencies, words)

    @staticmethod
    def _flush(run: str, frequencies: dict, words: list[str]) -> None:
        if len(run) == 1:
            words.append(run)
        elif not frequencies.get(run):
            words.extend(finalseg.cut(run))
        else:
            words.extend(run)
