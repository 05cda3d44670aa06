"""Character n-gram hashing in NumPy, bit for bit what scikit-learn's ``HashingVectorizer`` gives.

Why: hashing Chinese character 1-3-grams with ``HashingVectorizer(analyzer="char")`` builds one
Python string per n-gram (about 300 for a 100-character review) and hashes them one at a time; it
was a third of the whole analysis. Here a batch is encoded once to UTF-8 and every n-gram's
MurmurHash3 (x86, 32 bit, seed 0, the hash scikit-learn uses) is computed on arrays, so the cost
per text no longer grows with Python object creation. The columns are exactly scikit-learn's
(``abs(h) % n_features``, the ``-2**31`` corner included), so models trained with either
implementation are interchangeable; ``tests/text/test_text_hashing.py`` checks this on real text.

Only what the shipped Chinese featurizer needs is here: ``analyzer="char"``, ``alternate_sign=False``,
``norm=None``, no lower-casing (callers normalise first), any ``ngram_range``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's ``_VectorizerMixin._white_spaces``

_C1 = np.uint32(0xCC9E2D51)
_C2 = np.uint32(0x1B873593)


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def _mix_key(k: np.ndarray) -> np.ndarray:
    k = k * _C1
    k = _rotl(k, 15)
    return k * _C2


def murmurhash3_32(words: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """MurmurHash3 x86_32 (seed 0) of the byte keys ``stream[starts[i] : starts[i] + lengths[i]]``.

    ``words[o]`` is the little-endian 32-bit word of the stream at byte offset ``o`` (see
    :func:`byte_words`), so a key's blocks are gathered without copying its bytes. Returns signed
    32-bit hashes, as ``sklearn.utils.murmurhash3_32(key, positive=False)``.
    """
    n_blocks = lengths >> 2
    tail = (lengths & 3).astype(np.uint32)
    h = np.zeros(lengths.size, dtype=np.uint32)
    last = words.size - 1
    with np.errstate(over="ignore"):
        for b in range(int(n_blocks.max(initial=0))):
            mixed = h ^ _mix_key(words[np.minimum(starts + 4 * b, last)])
            mixed = _rotl(mixed, 13) * np.uint32(5) + np.uint32(0xE6546B64)
            h = np.where(n_blocks > b, mixed, h)
        # Murmur's tail: the 1-3 bytes after the last block, little-endian, zeros above them.
        tail_word = words[starts + 4 * n_blocks] & ((np.uint32(1) << (tail << np.uint32(3))) - 1)
        h = np.where(tail > 0, h ^ _mix_key(tail_word), h)
        h ^= lengths.astype(np.uint32)
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> np.uint32(16)
    return h.view(np.int32)


def byte_words(stream: np.ndarray) -> np.ndarray:
    """``out[o]`` = the 4 bytes of ``stream`` from offset ``o`` as a little-endian uint32 (zeros past
    the end): every unaligned block of every key, computed once for the whole batch."""
    p = np.concatenate([stream, np.zeros(4, dtype=np.uint8)]).astype(np.uint32)
    n = stream.size
    return p[: n + 1] | (p[1 : n + 2] << 8) | (p[2 : n + 3] << 16) | (p[3 : n + 4] << 24)


def columns(hashes: np.ndarray, n_features: int) -> np.ndarray:
    """scikit-learn's column of a signed hash: ``abs(h) % n_features`` (with its -2**31 rule)."""
    h = hashes.astype(np.int64)
    cols = np.abs(h) % n_features
    cols[h == -(2**31)] = (2**31 - 1 - (n_features - 1)) % n_features
    return cols


def char_ngram_counts(
    texts: Sequence[str], ngram_range: tuple[int, int], n_features: int
) -> sp.csr_matrix:
    """Hashed counts of character n-grams, one row per text, float32 (canonical CSR).

    Same result as ``HashingVectorizer(analyzer="char", ngram_range=ngram_range,
    n_features=n_features, alternate_sign=False, norm=None, lowercase=False)``.
    """
    n_min, n_max = ngram_range
    if n_min < 1 or n_max < n_min:
        raise ValueError(f"bad ngram_range {ngram_range!r}")
    docs = [_WHITE_SPACES.sub(" ", t) for t in texts]
    n_docs = len(docs)
    char_len = np.fromiter((len(d) for d in docs), dtype=np.int64, count=n_docs)
    # surrogatepass: a lone surrogate (bad JSON upstream) hashes as its 3 bytes instead of failing
    raw = np.frombuffer("".join(docs).encode("utf-8", "surrogatepass"), dtype=np.uint8)
    starts = np.flatnonzero((raw & 0xC0) != 0x80)  # byte offset of every character
    n_chars = starts.size
    offsets = np.append(starts, raw.size)  # offsets[i + n] - offsets[i]: bytes of chars i..i+n-1
    doc_of_char = np.repeat(np.arange(n_docs), char_len)
    doc_end = np.cumsum(char_len)[doc_of_char] if n_chars else np.zeros(0, dtype=np.int64)
    words = byte_words(raw)
    index = np.arange(n_chars)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for n in range(n_min, n_max + 1):
        first = index[index + n <= doc_end]
        if first.size == 0:
            continue
        lo = offsets[first]
        length = offsets[first + n] - lo
        rows.append(doc_of_char[first])
        cols.append(columns(murmurhash3_32(words, lo, length), n_features))
    if not rows:
        return sp.csr_matrix((n_docs, n_features), dtype=np.float32)
    # One sort of (row, column) keys gives the canonical CSR: rows in order, columns sorted and
    # duplicates counted (cheaper than scipy's COO conversion, which sorts twice).
    ordered = np.sort(np.concatenate(rows) * n_features + np.concatenate(cols))
    new = np.empty(ordered.size, dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    first_of = np.flatnonzero(new)
    keys = ordered[first_of]
    counts = np.diff(np.append(first_of, ordered.size))
    row_of = keys // n_features
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(row_of, minlength=n_docs), out=indptr[1:])
    index_dtype = np.int32 if keys.size < 2**31 and n_features <= 2**31 else np.int64
    return sp.csr_matrix(
        (
            counts.astype(np.float32),
            (keys - row_of * n_features).astype(index_dtype),
            indptr.astype(index_dtype),
        ),
        shape=(n_docs, n_features),
    )
