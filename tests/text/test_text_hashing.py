"""NumPy character n-gram hashing gives exactly scikit-learn's ``HashingVectorizer`` matrix.

The oracle is scikit-learn itself, run on real reviews and tweets, on texts written to hit the
edges (empty texts, whitespace runs, 1-4 byte UTF-8 characters, texts shorter than n) and on
random strings (hypothesis). Equality is exact: same columns, same counts, canonical CSR.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32 as sk_murmur
from tests.text.rules_data import airline_tweets, hotel_reviews, sample

from cxloop.text.features import Featurizer, normalise
from cxloop.text.hashing import byte_words, char_ngram_counts, columns, murmurhash3_32

EDGES = [
    "",
    " ",
    "a",
    "ab",
    "abc",
    "  两个空格  之后\n\n换行\t\t制表",
    "é ü ß ñ",  # 2-byte characters
    "服务很好，下次还来！",  # 3-byte characters
    "😀😡👍🏻 表情",  # 4-byte characters and a modifier
    "mixed 中文 and English 123",
    "\ufeffBOM",
    "x" * 300,
]


def _sklearn(texts: list[str], ngram_range: tuple[int, int], n_features: int) -> sp.csr_matrix:
    return HashingVectorizer(
        analyzer="char",
        ngram_range=ngram_range,
        n_features=n_features,
        alternate_sign=False,
        norm=None,
        lowercase=False,
        dtype=np.float32,
    ).transform(texts)


def _assert_same(ours: sp.csr_matrix, theirs: sp.csr_matrix) -> None:
    assert ours.shape == theirs.shape
    assert ours.dtype == np.float32
    assert ours.has_canonical_format
    assert (ours != theirs).nnz == 0
    assert ours.nnz == theirs.nnz


@pytest.mark.parametrize("ngram_range", [(1, 3), (1, 1), (2, 4), (3, 5)])
@pytest.mark.parametrize("n_features", [2**20, 1000, 7])
def test_edge_texts_hash_as_scikit_learn_does(
    ngram_range: tuple[int, int], n_features: int
) -> None:
    _assert_same(
        char_ngram_counts(EDGES, ngram_range, n_features), _sklearn(EDGES, ngram_range, n_features)
    )


def test_real_reviews_and_tweets_hash_as_scikit_learn_does(text_data: Path) -> None:
    texts = [
        normalise(t)
        for t in sample(hotel_reviews("0"), 500)
        + sample(hotel_reviews("1"), 500)
        + sample(airline_tweets("negative"), 300)
    ]
    _assert_same(char_ngram_counts(texts, (1, 3), 2**20), _sklearn(texts, (1, 3), 2**20))


def test_the_chinese_featurizer_uses_the_numpy_hashing(text_data: Path) -> None:
    texts = sample(hotel_reviews("0"), 200)
    _assert_same(
        Featurizer("zh").counts(texts), _sklearn([normalise(t) for t in texts], (1, 3), 2**20)
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(st.characters(exclude_categories=["Cs"]), max_size=40), min_size=1, max_size=6)
)
def test_random_texts_hash_as_scikit_learn_does(texts: list[str]) -> None:
    _assert_same(char_ngram_counts(texts, (1, 3), 2**20), _sklearn(texts, (1, 3), 2**20))


@given(st.binary(max_size=40))
def test_murmurhash_matches_scikit_learn_on_any_bytes(key: bytes) -> None:
    stream = np.frombuffer(key, dtype=np.uint8)
    got = murmurhash3_32(byte_words(stream), np.array([0]), np.array([len(key)]))
    assert int(got[0]) == sk_murmur(key, seed=0)


def test_the_most_negative_hash_gets_scikit_learns_column() -> None:
    # abs(-2**31) does not exist in 32 bits; scikit-learn defines its column explicitly
    cols = columns(np.array([-(2**31), -5, 5, 0], dtype=np.int32), 2**20)
    assert cols.tolist() == [(2**31 - 1 - (2**20 - 1)) % 2**20, 5, 5, 0]


def test_a_lone_surrogate_is_hashed_not_refused() -> None:
    x = char_ngram_counts(["\ud800x"], (1, 3), 2**20)
    assert x.shape == (1, 2**20)
    assert x.sum() == 3  # "\ud800", "x", "\ud800x"


def test_no_texts_give_an_empty_matrix() -> None:
    assert char_ngram_counts([], (1, 3), 2**20).shape == (0, 2**20)


def test_a_bad_ngram_range_is_refused() -> None:
    with pytest.raises(ValueError, match="ngram_range"):
        char_ngram_counts(["abc"], (0, 2), 2**20)
