"""STARD (EMNLP 2024 Findings) lay questions -> statute retrieval figures on our index.

Input: `queries.json` (each question labelled with the statute articles that answer it, by name
such as "中华人民共和国民法典第五十四条") and a built index of national laws. Output: Recall@10,
Recall@100 and MRR@10 over the labelled articles that the corpus has, for the fused ranking, BM25
alone and dense alone, and how many labels the corpus lacks. Articles are matched by normalised
law name + article number (the paper's corpus ids are not available; `match_id` and `match_name`
are not aligned). It does not build indexes (see `kb.ingest.prepare`, `kb.index.build`).
"""

from __future__ import annotations

import json
import re
import statistics
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kb.numbering import NUM, cn_to_int
from kb.retrieve import Retriever
from kb.store import Store

_LABEL = re.compile(rf"^(?P<law>.+?)第(?P<num>{NUM})条(?:之(?P<sub>[一二三四五六七八九十]+))?$")
MODES = {"fusion": "hybrid", "bm25": "bm25", "dense": "dense"}


@dataclass(frozen=True)
class StardQuery:
    id: int
    question: str
    labels: tuple[tuple[str, str], ...]  # (law key, article key)


@dataclass
class StardReport:
    queries: int
    labels: int
    labels_missing: int
    queries_scored: int
    modes: dict[str, dict[str, float]] = field(default_factory=dict)
    latency_p50_ms: dict[str, float] = field(default_factory=dict)


def law_key(name: str) -> str:
    """Normalised law name: NFKC, no 中华人民共和国, no 《》, brackets, spaces or revision dates."""
    s = unicodedata.normalize("NFKC", name)
    s = re.sub(r"\(\d{4}-\d{2}-\d{2}\)$", "", s)  # file names: 劳动合同法(2012-12-28)
    s = s.replace("中华人民共和国", "")
    s = re.sub(r"[《》〈〉\s\"“”]", "", s)
    return s


def article_key(num: str, sub: str | None = None) -> str:
    key = f"第{cn_to_int(num)}条"
    return key + (f"之{cn_to_int(sub)}" if sub else "")


def parse_label(label: str) -> tuple[str, str] | None:
    m = _LABEL.match(unicodedata.normalize("NFKC", label).strip())
    if not m:
        return None
    return law_key(m.group("law")), article_key(m.group("num"), m.group("sub"))


def load_queries(path: Path, limit: int | None = None) -> list[StardQuery]:
    out = []
    for q in json.loads(path.read_text(encoding="utf-8")):
        labels = tuple(p for p in (parse_label(n) for n in q["相关法规"]) if p)
        out.append(StardQuery(int(q["query_id"]), q["问题"].strip(), labels))
    return out[:limit] if limit else out


def referenced_laws(queries: list[StardQuery]) -> set[str]:
    return {law for q in queries for law, _ in q.labels}


def article_index(store: Store) -> dict[str, tuple[str, str]]:
    """clause id -> (law key, article key) for every article and item of an article."""
    out = {}
    for c in store.clauses:
        m = re.match(r"^(第\d+条)", c.key)
        if m:
            out[c.id] = (law_key(c.doc_title), m.group(1))
    return out


def ranked_articles(retriever: Retriever, articles: dict[str, tuple[str, str]], question: str,
                    mode: str, depth: int = 100) -> list[tuple[str, str]]:
    """The first `depth` distinct articles of a ranking. STARD's unit is the article and ours the
    clause (an article's items are clauses of their own), so `depth` clauses hold fewer articles
    (a median of 88 in 100 on the referenced laws): the whole fused list is read, as
    `Retriever.search` (no lookups) would cite it, each retriever giving twice `depth` clauses."""
    hits, _ = retriever.ranked(retriever.query(question), mode, candidates=2 * depth)
    ranked: list[tuple[str, str]] = []
    for h in hits:
        a = articles.get(retriever.promote(h).clause.id)
        if a and a not in ranked:
            ranked.append(a)
            if len(ranked) == depth:
                break
    return ranked


def score_stard(retriever: Retriever, queries: list[StardQuery], depth: int = 100,
             modes: dict[str, str] = MODES) -> StardReport:
    articles = article_index(retriever.store)
    have = set(articles.values())
    wanted = [(q, [lab for lab in q.labels if lab in have]) for q in queries]
    total = sum(len(q.labels) for q in queries)
    missing = sum(len(q.labels) - len(found) for q, found in wanted)
    scored = [(q, found) for q, found in wanted if found]
    report = StardReport(len(queries), total, missing, len(scored))
    for name, mode in modes.items():
        r10, r100, mrr, lat = [], [], [], []
        for q, found in scored:
            t0 = time.perf_counter()
            ranked = ranked_articles(retriever, articles, q.question, mode, depth)
            lat.append((time.perf_counter() - t0) * 1000)
            gold = set(found)
            r10.append(len(gold & set(ranked[:10])) / len(gold))
            r100.append(len(gold & set(ranked[:100])) / len(gold))
            first = next((i for i, a in enumerate(ranked[:10], 1) if a in gold), None)
            mrr.append(1 / first if first else 0.0)
        n = max(len(scored), 1)
        report.modes[name] = {"recall@10": round(sum(r10) / n, 3),
                              "recall@100": round(sum(r100) / n, 3), "mrr@10": round(sum(mrr) / n, 3)}
        report.latency_p50_ms[name] = round(statistics.median(lat), 1) if lat else 0.0
    return report
