"""The knowledge base on Milvus (`KB_BACKEND=milvus:<uri>`): real Milvus Lite, in-process on a file
and as `milvus-lite server` on loopback shared by several processes (two real Streamlit apps, a
`kb build`, a `kb add` and a `kb ask`), with the real embedder; answers scored against the folder's."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from kb import milvus
from kb.answer import answer_question
from kb.backend import build, generation, load
from kb.config import Settings
from kb.errors import IndexMissingError, KBError
from kb.retrieve import Filters, Retriever
from measure.evaluate import evaluate_gold, load_gold

from .conftest import DEV, ROOT

pytestmark = pytest.mark.slow
sys.path.insert(0, str(ROOT / "eval"))
from loadtest import StreamlitSession, free_port  # noqa: E402

LAW = ROOT / "eval" / "data" / "laws" / "行政法规" / "劳动合同法实施条例(2008-09-18).md"
LAW_QUESTION = "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当如何支付工资？"


def kb_cli(env: dict, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_migrated_index_answers_as_the_folder_does(index_settings, kb, retriever, tmp_path):
    """`kb migrate` moves the session's folder index (its vectors: no embedder is loaded) into
    a Milvus Lite file; the dev set scores the same on both, question by question."""
    env = {**os.environ, "KB_INDEX": str(index_settings.index),
           "KB_CORPUS": str(index_settings.corpus), "KB_EMBEDDER": "no-such-embedder"}
    uri = f"milvus:{tmp_path / 'kb.db'}"
    p = kb_cli(env, "migrate", "--to", uri)  # an unusable embedder setting: none is loaded
    assert p.returncode == 0, p.stderr
    assert "migrated" in p.stdout and f"{kb.manifest['passages']} passages" in p.stdout

    settings = replace(index_settings, backend=uri)
    on_milvus = load(settings, embedder=kb.embedder)
    assert on_milvus.location.startswith(f"{uri} (kb__")
    assert on_milvus.store.by_id.keys() == kb.store.by_id.keys()
    gold = load_gold(DEV)
    # a Milvus knowledge base does not carry the question bank (README, "On Milvus"): the folder
    # is compared without it, the same engine on both
    retriever.asked_exclude = frozenset(e.source for e in kb.asked.entries)
    try:
        _same_answers(retriever, on_milvus, gold)
    finally:
        retriever.asked_exclude = frozenset()

    # Milvus's own BM25 (its jieba analyzer with our dictionary) is the other keyword option
    bm25 = load(replace(settings, milvus_keywords="bm25"), embedder=kb.embedder)
    report, _ = evaluate_gold(Retriever(bm25), gold)
    assert report.hit5 == 1.0 and report.false_refusals == 0


def _same_answers(retriever, on_milvus, gold):
    """The dev set scored on both, question by question; filters and follow-ups compared."""
    folder_report, folder_rows = evaluate_gold(retriever, gold)
    milvus_report, milvus_rows = evaluate_gold(Retriever(on_milvus), gold)
    assert milvus_report.hit1 >= 0.95 and milvus_report.hit5 == 1.0
    assert milvus_report.refusals_right == milvus_report.refusals_total == 3
    assert milvus_report.false_refusals == 0
    assert abs(milvus_report.hit1 - folder_report.hit1) <= 0.01
    same = sum([c["id"] for c in a["citations"]] == [c["id"] for c in b["citations"]]
               for a, b in zip(folder_rows, milvus_rows))
    assert same >= len(gold) - 1, f"{same}/{len(gold)} answers cite the same clauses"

    # filters and follow-ups are the same code over the other engine
    on_m, on_f = Retriever(on_milvus), retriever
    for kwargs in ({"filters": Filters(docs=frozenset({"fwwb-terms"}))},
                   {"filters": Filters(kinds=frozenset({"regulation"}))},
                   {"context_docs": ("info-protection-rules",)}):
        for q in ("违反规定会怎么样？", "什么是离岸外包？", "那第六条呢？"):
            a, b = answer_question(on_m, q, **kwargs), answer_question(on_f, q, **kwargs)
            assert [c.id for c in a.citations] == [c.id for c in b.citations], (q, kwargs)
            assert [c.id for c in a.related] == [c.id for c in b.related], (q, kwargs)


def test_a_build_switches_readers_only_when_complete(home, kb, tmp_path):
    """A second build makes a new generation and moves the alias; the previous generation stays
    for readers still loading it, older ones are dropped; `generation` tells readers to reload."""
    settings = replace(home, backend=f"milvus:{tmp_path / 'kb.db'}")
    with pytest.raises(IndexMissingError, match="kb migrate"):
        generation(settings)
    gens = []
    for _ in range(3):
        build(settings, embedder=kb.embedder)
        gens.append(generation(settings))
    assert len(set(gens)) == 3
    names = set(milvus.client(settings).list_collections())
    assert gens[0] not in names and {gens[1], gens[2]} <= names  # one previous generation kept
    a = answer_question(Retriever(load(settings, embedder=kb.embedder)), "离岸外包是什么意思？")
    assert not a.refused and a.citations


def test_unreachable_server_is_a_clear_error(index_settings):
    settings = replace(index_settings, backend=f"milvus:http://127.0.0.1:{free_port()}")
    t0 = time.perf_counter()
    with pytest.raises(KBError, match="cannot reach Milvus at http://127.0.0.1:.*start the server"):
        load(settings)
    assert time.perf_counter() - t0 < 60


def test_a_lite_file_held_by_another_process_is_a_clear_error(index_settings, tmp_path):
    from pymilvus import MilvusClient

    held = MilvusClient(str(tmp_path / "kb.db"))  # this process holds the file's lock
    held.list_collections()
    env = {**os.environ, "KB_INDEX": str(index_settings.index),
           "KB_CORPUS": str(index_settings.corpus), "KB_BACKEND": f"milvus:{tmp_path / 'kb.db'}"}
    p = kb_cli(env, "check")
    assert p.returncode == 2
    assert p.stderr.strip().splitlines()[-1].startswith("error: cannot open the Milvus Lite file")
    assert "Traceback" not in p.stderr and "milvus-lite server" in p.stderr
    held.close()


def test_bad_backend_setting_is_a_clear_error():
    with pytest.raises(KBError, match="is not a backend"):
        Settings.from_env(backend="milvus:")
    with pytest.raises(KBError, match="KB_MILVUS_KEYWORDS"):
        Settings.from_env(backend="milvus:/tmp/x.db", milvus_keywords="tfidf")


@pytest.fixture()
def milvus_server(tmp_path):
    port = free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "milvus-lite"), "server", "--data-dir",
                             str(tmp_path / "milvus"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    uri = f"http://127.0.0.1:{port}"
    from pymilvus import MilvusClient

    for _ in range(120):
        try:
            MilvusClient(uri=uri, timeout=2).list_collections()
            break
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("milvus-lite server did not start in 60 s")
    yield uri
    proc.terminate()
    proc.wait(timeout=30)


def start_app(env: dict, cwd: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app" / "chat.py"),
         "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, port


async def ask_app(port: int, question: str) -> str:
    for _ in range(240):  # the app is starting
        try:
            session = StreamlitSession(port, timeout=120)
            await session.open()
            break
        except (OSError, RuntimeError):
            await asyncio.sleep(0.5)
    else:
        raise AssertionError(f"the app on port {port} did not answer")
    try:
        _, shown = await session.ask(question)
    finally:
        await session.close()
    assert not shown["errors"], shown["errors"]
    return "\n".join(shown["markdown"])


def test_server_shared_by_builds_adds_and_two_apps(milvus_server, index_settings, tmp_path):
    """One `milvus-lite server` on loopback: `kb build` fills it, two app processes serve it, a
    `kb add` from another process adds a law, and both apps (without a restart) and a `kb ask`
    from a fourth process answer from it; a `kb remove` takes it out again."""
    (tmp_path / "index").mkdir()
    shutil.copy(index_settings.index.parent / "embed-cache.sqlite", tmp_path / "index")
    shutil.copytree(index_settings.corpus, tmp_path / "corpus")
    env = {**os.environ, "KB_BACKEND": f"milvus:{milvus_server}",
           "KB_INDEX": str(tmp_path / "index" / "kb"), "KB_CORPUS": str(tmp_path / "corpus")}
    p = kb_cli(env, "build", "--quiet")
    assert p.returncode == 0, p.stderr
    assert f"milvus:{milvus_server} (kb__" in p.stdout

    apps = [start_app(env, tmp_path) for _ in range(2)]
    try:
        before = [asyncio.run(ask_app(port, LAW_QUESTION)) for _, port in apps]
        assert all("劳动合同法实施条例" not in text for text in before)

        p = kb_cli(env, "add", str(LAW), "--quiet", "--json")
        assert p.returncode == 0, p.stdout + p.stderr
        [added] = json.loads(p.stdout)

        after = [asyncio.run(ask_app(port, LAW_QUESTION)) for _, port in apps]
        for text in after:
            assert "劳动合同法实施条例" in text and "两倍" in text, text[:500]
    finally:
        for proc, _ in apps:
            proc.terminate()
            proc.wait(timeout=30)
    p = kb_cli(env, "ask", LAW_QUESTION, "--json")
    assert p.returncode == 0, p.stderr
    assert "劳动合同法实施条例" in p.stdout and '"refused": false' in p.stdout

    p = kb_cli(env, "remove", added["doc"])
    assert p.returncode == 0, p.stderr
    p = kb_cli(env, "ask", LAW_QUESTION, "--json")
    assert p.returncode == 0 and "劳动合同法实施条例" not in p.stdout, p.stdout[:500]
