"""The `kb` console script, run as a subprocess, including its error cases."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

KEYS = {"question", "refused", "answer", "citations", "latency_ms"}
CITATION_KEYS = {"rank", "doc", "clause", "heading", "text", "score"}


def kb(*args, env, check_rc=None):
    p = subprocess.run([sys.executable, "-m", "kb.cli", *args], env=env, capture_output=True,
                       text=True, timeout=300)
    if check_rc is not None:
        assert p.returncode == check_rc, p.stderr
    return p


def test_ask_json_shape(cli_env):
    p = kb("ask", "接包方需要和员工签订哪些协议？", "--json", env=cli_env, check_rc=0)
    out = json.loads(p.stdout)
    assert KEYS <= set(out) and out["refused"] is False
    assert 1 <= len(out["citations"]) <= 5
    assert all(CITATION_KEYS <= set(c) for c in out["citations"])
    assert [c["rank"] for c in out["citations"]] == list(range(1, len(out["citations"]) + 1))
    assert out["citations"][0]["clause"] == "第六条"
    assert "竞业禁止协议" in out["answer"] and "[1]" in out["answer"]


def test_ask_text_and_refusal(cli_env):
    p = kb("ask", "若干规定第七条是什么内容？", env=cli_env, check_rc=0)
    assert "加强对员工的信息安全培训" in p.stdout and "第七条" in p.stdout
    p = kb("ask", "明天上海天气怎么样？", "--json", env=cli_env, check_rc=0)
    assert json.loads(p.stdout)["refused"] is True


def test_search_and_show(cli_env):
    p = kb("search", "附录C.8", "-k", "3", "--json", env=cli_env, check_rc=0)
    rows = json.loads(p.stdout)
    assert rows[0]["id"] == "sop-capability:C.8" and len(rows) <= 3
    p = kb("show", "第五条", env=cli_env, check_rc=0)
    assert "(八) 接包方与发包方约定的其他措施。" in p.stdout
    p = kb("show", "6.7", env=cli_env, check_rc=0)
    assert "title only" in p.stdout


@pytest.mark.parametrize("args,msg", [
    (["ask", ""], "empty"),
    (["ask", "问" * 600], "limit is 500"),
    (["show", "第九十九条"], "no clause"),
    (["eval", "/nonexistent/gold.jsonl"], "cannot read gold file"),
])
def test_user_errors_are_one_line_without_traceback(cli_env, args, msg):
    p = kb(*args, env=cli_env, check_rc=2)
    assert msg in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_no_index(cli_env, tmp_path):
    env = dict(cli_env, KB_INDEX=str(tmp_path / "none"))
    p = kb("ask", "ITO是什么", env=env, check_rc=2)
    assert "no index" in p.stderr and "kb build" in p.stderr and "Traceback" not in p.stderr


def test_mismatched_index(cli_env, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(cli_env["KB_CORPUS"], corpus)
    (corpus / "extra.txt").write_text("title: 新文件\nkind: guide\n---\n新的内容。\n", encoding="utf-8")
    p = kb("ask", "ITO是什么", env=dict(cli_env, KB_CORPUS=str(corpus)), check_rc=2)
    assert "changed" in p.stderr and "kb build" in p.stderr


def test_broken_corpus_file(cli_env, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bad.txt").write_bytes(b"\xff\xfe\x00\x81binary")
    env = dict(cli_env, KB_CORPUS=str(corpus), KB_INDEX=str(tmp_path / "idx" / "kb"))
    p = kb("build", "--quiet", env=env, check_rc=2)
    assert "not UTF-8" in p.stderr and not (tmp_path / "idx" / "kb").exists()


def test_eval_writes_results(cli_env, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "question": "ITO的定义是什么？",
                                "expect": ["将其IT系统的全部或部分外包"], "kind": "definition"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    p = kb("eval", str(gold), "--out", str(out), env=cli_env, check_rc=0)
    assert "hit@1 1.000" in p.stdout
    row = json.loads(out.read_text(encoding="utf-8"))
    assert row["id"] == "g1" and KEYS <= set(row)


def test_eval_out_in_missing_folder_fails_before_running(cli_env, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "question": "ITO的定义是什么？", "expect": ["IT"]},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    p = kb("eval", str(gold), "--out", str(tmp_path / "no" / "out.jsonl"), env=cli_env, check_rc=2)
    assert "does not exist" in p.stderr and "hit@1" not in p.stdout


def test_eval_reports_each_set(cli_env):
    """`kb eval eval/tune.jsonl eval/holdout.jsonl`: one report per set, the held-out one last."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    p = kb("eval", str(root / "eval" / "tune.jsonl"), str(root / "eval" / "holdout.jsonl"),
           "--json", env=cli_env, check_rc=0)
    reports = json.loads(p.stdout)
    assert [Path(k).name for k in reports] == ["tune.jsonl", "holdout.jsonl"]
    assert reports[next(k for k in reports if k.endswith("holdout.jsonl"))]["questions"] == 200
