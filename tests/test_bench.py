"""`kb bench` end to end on a small real slice (two laws, STARD questions), HNSW path included."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "corpus" / "packs" / "data-protection"
KEYS = {"clauses", "build_s", "embed_only_s", "query_p50_ms", "query_p95_ms", "answer_p50_ms",
        "peak_rss_mb"}

pytestmark = pytest.mark.slow


def test_bench_reports_both_pipelines(tmp_path):
    corpus = tmp_path / "laws"
    corpus.mkdir()
    shutil.copy(next(PACK.glob("数据安全法*.md")), corpus)
    out = tmp_path / "bench.json"
    env = dict(os.environ, KB_ANN_THRESHOLD="40")
    p = subprocess.run([sys.executable, "-m", "kb.cli", "bench", "--corpus", str(corpus),
                        "--limit", "1", "-n", "8", "--runs", "1", "--out", str(out)],
                       env=env, capture_output=True, text=True, timeout=600,
                       cwd=ROOT)
    assert p.returncode == 0, p.stderr[-2000:]
    r = json.loads(out.read_text())
    assert KEYS <= set(r) and KEYS <= set(r["naive"])
    assert r["documents"] == 1 and r["questions"] == 8
    assert r["clauses"] > 50 and r["naive"]["clauses"] > 20
    assert r["dense_index"] == "hnsw" and r["ann_recall_at_10"] >= 0.9
    assert r["build_s"] >= r["embed_only_s"] * 0.5 > 0
    assert set(r["ratios"]) >= {"build_s", "query_p50_ms"}
