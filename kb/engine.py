"""The search engine behind a loaded knowledge base: dense and keyword scores per passage row.

Retrieval (`kb.retrieve`) asks an engine for two things and nothing else: the passages nearest to a
question vector, and BM25 scores of the question's jieba tokens; plus the keyword vocabulary with
its document frequencies (rare-term weights, homophone typos). Two engines implement it:
- `FolderEngine` (the default): FAISS and bm25s files in the index folder, in this process;
- `kb.milvus.MilvusEngine`: a Milvus collection, in-process (Milvus Lite) or on a server.
Fusion, routes, the second stage and refusal are the same code on both.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Engine(Protocol):
    size: int  # passage rows; row i is `store.passages[i]`
    vocab: dict[str, int]  # keyword token -> column of `doc_freq`
    doc_freq: np.ndarray  # passages holding each token

    def dense(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, cosines) of the `k` passages nearest to a normalised query vector."""
        ...

    def keywords(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every passage row for these tokens (all in `vocab`; 0 for a passage that
        holds none of them)."""
        ...


class FolderEngine:
    """FAISS (inner product over normalised vectors) and bm25s, loaded from an index folder."""

    def __init__(self, index, bm25):
        self.index = index  # faiss.Index
        self.bm25 = bm25  # bm25s.BM25
        self.size = int(index.ntotal)
        self.vocab = bm25.vocab_dict
        self.doc_freq = np.diff(np.asarray(bm25.scores["indptr"]))

    def dense(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        d, i = self.index.search(vector[None, :], min(self.size, k))
        ok = i[0] >= 0
        return i[0][ok], d[0][ok]

    def keywords(self, tokens: list[str]) -> np.ndarray:
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)
