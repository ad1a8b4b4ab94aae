"""A document's tasks as one sparse matrix of rarity-weighted bigrams (numpy), made once per document and reused
for every pair it belongs to, and the cosine of two such matrices in one product.

Why numpy: a 20,000-document KB has tens of thousands of pairs; scoring them clause by clause in Python cost
minutes, the product of two small matrices over the parent's vocabulary costs a fraction of a millisecond. The
bigrams are those of kb.align.lexical (neighbouring word characters of the folded, localised text).
"""
from __future__ import annotations

from dataclasses import dataclass

# A bigram as one integer: the first character's code point shifted past the second's (code points < 2**21).
CODE_BITS = 21
ROW_SHIFT = 2 * CODE_BITS
SEPARATOR = "\x00"


def numpy_module():
    """numpy, imported on first use (kb.align only): ``import kb.cli`` stays light."""
    import numpy  # imported when a KB is aligned, so that `import kb.cli` stays light

    return numpy


@dataclass
class TaskMatrix:
    """The tasks of one document: ``texts`` (localised), and per (task, bigram) entry its ``rows``, bigram
    ``codes`` and ``data`` (weight over the task's norm), sorted by task then code; ``starts``: where each task's
    entries begin (len(texts) + 1 offsets)."""
    texts: list[str]
    rows: object
    codes: object
    data: object
    starts: object



def term_of(code: int) -> str:
    """The two characters a bigram code stands for."""
    return chr(code >> CODE_BITS) + chr(code & ((1 << CODE_BITS) - 1))


def task_matrix(texts: list[str], weight_of, placeholder: str) -> TaskMatrix:
    """The TaskMatrix of localised ``texts``; ``weight_of(codes)``: the rarity weights of an array of distinct
    bigram codes (kb.align.lexical.Rarity.weights_of); ``placeholder``: the localising character, a word
    character too."""
    np = numpy_module()
    joined = SEPARATOR.join(texts)
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    word = ((points >= 0x4E00) & (points <= 0x9FFF)) | ((points >= 0x3400) & (points <= 0x4DBF)) | \
        ((points >= 0x30) & (points <= 0x39)) | ((points >= 0x61) & (points <= 0x7A)) | (points == ord(placeholder))
    row = np.cumsum(points == 0)[:-1].astype(np.uint64)
    pair = word[:-1] & word[1:]
    keys = (row[pair] << ROW_SHIFT) | (points[:-1][pair] << CODE_BITS) | points[1:][pair]
    keys, counts = np.unique(keys, return_counts=True)
    rows = (keys >> ROW_SHIFT).astype(np.int64)
    codes = keys & ((1 << ROW_SHIFT) - 1)
    distinct, where = np.unique(codes, return_inverse=True)
    weights = (1.0 + np.log(counts)) * weight_of(distinct)[where]
    norms = np.sqrt(np.bincount(rows, weights * weights, minlength=len(texts)))
    norms[norms == 0] = 1.0
    starts = np.searchsorted(rows, np.arange(len(texts) + 1))
    return TaskMatrix(texts, rows, codes, (weights / norms[rows]).astype(np.float32), starts)


def cosines(parent: TaskMatrix, child: TaskMatrix, containment: bool = False):
    """The cosine of every (child task, parent task): an array of shape (child tasks, parent tasks), dense over
    the bigrams both documents hold (only those add to a cosine). ``containment``: also the share of each parent
    task's weight (squared, as in its norm) that the child task holds, a second array of that shape: a child
    clause merging several parent tasks holds each of them though it is like none as a whole."""
    np = numpy_module()
    vocabulary = np.intersect1d(parent.codes, child.codes)
    size = max(len(vocabulary), 1)
    dense = []
    for matrix in (parent, child):
        places = np.minimum(np.searchsorted(vocabulary, matrix.codes), size - 1)
        found = vocabulary[places] == matrix.codes if len(vocabulary) else np.zeros(len(matrix.codes), dtype=bool)
        values = np.zeros((len(matrix.texts), size), dtype=np.float32)
        values[matrix.rows[found], places[found]] = matrix.data[found]
        dense.append(values)
    # einsum, not matmul: these matrices are small, and a threaded BLAS spent 50 times the product itself waking
    # its threads (2.4 ms against 0.05 ms single-threaded, for 36 × 684 by 684 × 36).
    similarity = np.einsum("ij,kj->ik", dense[1], dense[0])
    if not containment:
        return similarity
    return similarity, np.einsum("ij,kj->ik", (dense[1] > 0).astype(np.float32), dense[0] * dense[0])


def shared_codes(parent: TaskMatrix, p: int, child: TaskMatrix, c: int) -> set[int]:
    """The bigram codes parent task ``p`` and child task ``c`` share."""
    np = numpy_module()
    return set(np.intersect1d(parent.codes[parent.starts[p]:parent.starts[p + 1]],
                              child.codes[child.starts[c]:child.starts[c + 1]], assume_unique=True).tolist())


def position_codes(text: str) -> list[int]:
    """The bigram code at each position of a localised ``text`` (the pair it starts), in text order."""
    return [(ord(a) << CODE_BITS) | ord(b) for a, b in zip(text, text[1:])]
