"""The STARD runner on a real slice: STARD's own questions about 旅游法, against an index of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.config import Settings
from kb.index import build, load
from kb.ingest import AddOptions, prepare
from kb.retrieve import Retriever
from measure.stard import law_key, load_queries, parse_label, score_stard

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


@pytest.mark.parametrize("label,expected", [
    ("中华人民共和国民法典第五十四条", ("民法典", "第54条")),
    ("劳动合同法第三十九条", ("劳动合同法", "第39条")),
    ("最高人民法院关于适用《民法典》有关担保制度的解释第二十条",
     ("最高人民法院关于适用民法典有关担保制度的解释", "第20条")),
    ("中华人民共和国刑法第一百三十三条之一", ("刑法", "第133条之1")),
])
def test_labels_are_normalised(label, expected):
    assert parse_label(label) == expected


def test_law_names_match_across_spellings():
    assert law_key("最高人民法院关于适用《中华人民共和国民法典》有关担保制度的解释") == \
           law_key("最高人民法院关于适用《民法典》有关担保制度的解释")
    assert law_key("旅游法(2018-10-26)") == law_key("中华人民共和国旅游法")


@pytest.mark.slow
def test_stard_slice(tmp_path):
    law = next((SHARED / "laws").rglob("旅游法(*.md"))
    queries = [q for q in load_queries(SHARED / "stard" / "queries.json")
               if any(name == "旅游法" for name, _ in q.labels)][:15]
    assert len(queries) == 15
    staged, failed = prepare([law], AddOptions(kind="regulation"))
    settings = Settings(index=tmp_path / "kb", corpus=tmp_path / "none")
    build(settings, docs=[d for d, _ in staged])
    report = score_stard(Retriever(load(settings, check_corpus=False)), queries)
    assert report.queries == 15 and report.queries_scored >= 10
    assert report.labels_missing == report.labels - sum(
        1 for q in queries for lab in q.labels if lab[0] == "旅游法")
    for mode in ("fusion", "bm25", "dense"):
        m = report.modes[mode]
        assert 0 < m["recall@10"] <= m["recall@100"] <= 1 and 0 < m["mrr@10"] <= 1
