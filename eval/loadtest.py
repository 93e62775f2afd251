"""N concurrent chat users against a real `streamlit run` of the app on loopback, with a `kb add`
in the middle of the run; answer latency p50/p95/p99 and errors per N.

Each user is a real websocket session speaking Streamlit's own protocol (the protobuf messages of
the installed `streamlit.proto`), as the browser does: it opens a session (a rerun with no widget
state), finds the chat input's widget id in the page it receives, then asks its questions one
after another by sending a rerun whose widget state carries the question, and times the answer
from that send to the `script_finished` message. After `--questions-per-user` questions the user
leaves and a new one opens a fresh session, for as long as the add is running (a conversation
of fifty turns would time the re-rendering of its history, not answering). An answer counts when
the page then holds a citation marker or a refusal; an exception element, a `st.error`, a closed
connection or a time-out is an error. The server, index and corpus are temporary copies
(`--start-server`), so the repository's index is never touched. Bounded: at most `--max-seconds`
in all, `--timeout-s` per answer; loopback only.

    python eval/loadtest.py --start-server --users 1,5,20 --cold-add \
        --add-midway corpus/packs/data-protection
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.Common_pb2 import ChatInputValue
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

ROOT = Path(__file__).resolve().parents[1]
FALLBACK = ["接包方需要和员工签订哪些协议？", "离岸外包是什么意思？", "若干规定第七条是什么内容？",
            "ITO的定义是什么？", "外包岗位有哪些福利待遇？", "保密信息的载体应当如何保管？",
            "服务外包能力要求的适用范围是什么？", "What is BPO?", "发包方可以提起仲裁吗？",
            "明天上海天气怎么样？"]


class StreamlitSession:
    """One browser-like session over /_stcore/stream: `open()` runs the page once and learns the
    chat input's widget id; `ask()` submits a question and returns the seconds until the run
    finished and what the run showed (markdown, warnings, errors, exceptions)."""

    def __init__(self, port: int, timeout: float):
        self.url = f"ws://127.0.0.1:{port}/_stcore/stream"
        self.origin = f"http://127.0.0.1:{port}"
        self.timeout = timeout
        self.chat_id = ""
        self.page_hash = ""

    async def open(self) -> None:
        self.ws = await websockets.connect(self.url, subprotocols=["streamlit"],
                                           origin=self.origin, max_size=None)
        shown = await self._run(ClientState())
        if not self.chat_id:
            raise RuntimeError("no chat input on the page: " + " ".join(shown["errors"])[:200])

    async def ask(self, question: str) -> tuple[float, dict]:
        state = WidgetStates(widgets=[WidgetState(id=self.chat_id,
                                                  chat_input_value=ChatInputValue(data=question))])
        t0 = time.perf_counter()
        shown = await self._run(ClientState(widget_states=state, page_script_hash=self.page_hash))
        return time.perf_counter() - t0, shown

    async def close(self) -> None:
        await self.ws.close()

    async def _run(self, state: ClientState) -> dict:
        await self.ws.send(BackMsg(rerun_script=state).SerializeToString())
        shown: dict[str, list[str]] = {"markdown": [], "warnings": [], "errors": []}
        async with asyncio.timeout(self.timeout):
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await self.ws.recv())
                kind = msg.WhichOneof("type")
                if kind == "new_session":
                    self.page_hash = msg.new_session.page_script_hash or self.page_hash
                elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    self._element(msg.delta.new_element, shown)
                elif kind == "script_finished":
                    return shown

    def _element(self, el, shown: dict) -> None:
        kind = el.WhichOneof("type")
        if kind == "chat_input":
            self.chat_id = el.chat_input.id
        elif kind == "markdown":
            shown["markdown"].append(el.markdown.body)
        elif kind == "alert":
            (shown["errors"] if el.alert.format == 1 else shown["warnings"]).append(el.alert.body)
        elif kind == "exception":
            shown["errors"].append(f"{el.exception.type}: {el.exception.message}")


@dataclass
class Level:
    users: int
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    add: dict | None = None

    def report(self) -> dict:
        lat = sorted(self.latencies)

        def pct(p: float) -> float:
            return round(lat[min(len(lat) - 1, round(p / 100 * (len(lat) - 1)))] * 1000, 1) \
                if lat else 0.0

        return {"users": self.users, "answers": len(lat), "errors": len(self.errors),
                "first_errors": self.errors[:5], "p50_ms": pct(50), "p95_ms": pct(95),
                "p99_ms": pct(99), "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else 0,
                "wall_s": round(self.wall_s, 1), "add": self.add}


async def user(port: int, questions: list[str], level: Level, timeout: float,
               deadline: float, add_done: asyncio.Event) -> None:
    """A user in a browser tab: a session of `questions` in turn, then a fresh session (a new
    visitor) for as long as the add in the middle is still running."""
    while time.monotonic() < deadline:
        await conversation(port, questions, level, timeout, deadline)
        if add_done.is_set():
            return


async def conversation(port: int, questions: list[str], level: Level, timeout: float,
                       deadline: float) -> None:
    session = StreamlitSession(port, timeout)
    try:
        await session.open()
        for q in questions:
            if time.monotonic() > deadline:
                return
            seconds, shown = await session.ask(q)
            body = " ".join(shown["markdown"] + shown["warnings"])
            if shown["errors"]:
                level.errors.append(shown["errors"][0][:200])
            elif "[1]" not in body and "没有" not in body and "Nothing" not in body:
                level.errors.append(f"no answer shown for {q!r}")
            else:
                level.latencies.append(seconds)
    except (OSError, TimeoutError, RuntimeError, websockets.WebSocketException) as e:
        level.errors.append(f"{type(e).__name__}: {e}"[:200])
    finally:
        if hasattr(session, "ws"):
            await session.close()


async def run_level(port: int, n: int, pool: list[str], per_user: int, timeout: float,
                    deadline: float, add_cmd: list[str] | None, env: dict) -> Level:
    level = Level(n)
    rng = random.Random(n)
    add_done = asyncio.Event()
    t0 = time.monotonic()
    tasks = [asyncio.create_task(user(port, rng.sample(pool, min(per_user, len(pool))), level,
                                      timeout, deadline, add_done)) for _ in range(n)]
    if add_cmd:
        await asyncio.sleep(1.0)  # users are asking by now
        a0 = time.monotonic()
        proc = await asyncio.create_subprocess_exec(*add_cmd, env=env,
                                                    stdout=asyncio.subprocess.PIPE,
                                                    stderr=asyncio.subprocess.STDOUT)
        out, _ = await proc.communicate()
        level.add = {"exit": proc.returncode, "seconds": round(time.monotonic() - a0, 1),
                     "during_run": any(not t.done() for t in tasks),
                     "tail": out.decode("utf-8", "replace").strip().splitlines()[-1:]}
    add_done.set()
    await asyncio.gather(*tasks)
    level.wall_s = time.monotonic() - t0
    return level


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home: Path, env: dict) -> tuple[subprocess.Popen, int]:
    """A temporary corpus and index (copied; the embedding cache is reused when present) and
    `streamlit run` of the app on a free loopback port."""
    shutil.copytree(ROOT / "corpus" / "docs", home / "corpus")
    (home / "index").mkdir()
    cache = ROOT / "index" / "embed-cache.sqlite"
    if cache.exists():
        shutil.copy(cache, home / "index")
    subprocess.run([sys.executable, "-m", "kb.cli", "build", "--quiet"], env=env, check=True)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app" / "chat.py"),
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        env=env, cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc, port
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("streamlit did not become healthy in 60 s")


def documents(env: dict) -> set[str]:
    out = subprocess.run([sys.executable, "-m", "kb.cli", "list", "--json"], env=env,
                         capture_output=True, text=True)
    return {d["id"] for d in json.loads(out.stdout)} if out.returncode == 0 else set()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", default="5", help="a number or a list: 1,5,20")
    ap.add_argument("--questions-per-user", type=int, default=5)
    ap.add_argument("--questions", type=Path, default=ROOT / "eval" / "dev.jsonl",
                    help="JSONL with a 'question' field (a built-in list when missing)")
    ap.add_argument("--timeout-s", type=float, default=60.0, help="per answer")
    ap.add_argument("--max-seconds", type=float, default=600.0, help="the whole run")
    ap.add_argument("--port", type=int, help="an app already running on 127.0.0.1 (no add)")
    ap.add_argument("--start-server", action="store_true")
    ap.add_argument("--add-midway", type=Path, help="`kb add` this path during each level")
    ap.add_argument("--cold-add", action="store_true",
                    help="empty the embedding cache after each level, so that every level's add "
                    "embeds its documents (and then the whole corpus) from scratch")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    if not (args.port or args.start_server):
        ap.error("give --port of a running app or --start-server")
    pool = FALLBACK
    if args.questions.exists():
        pool = [json.loads(line)["question"] for line in args.questions.read_text().splitlines()
                if line.strip()]
    levels = [int(n) for n in args.users.split(",")]
    deadline = time.monotonic() + args.max_seconds
    home = Path(tempfile.mkdtemp(prefix="kb-load-"))
    env = dict(os.environ, KB_INDEX=str(home / "index" / "kb"), KB_CORPUS=str(home / "corpus"),
               KB_FEEDBACK=str(home / "feedback.sqlite"), OMP_WAIT_POLICY="PASSIVE")
    proc, port = start_server(home, env) if args.start_server else (None, args.port)
    results = []
    try:
        for n in levels:
            add_cmd, before = None, documents(env)
            if args.add_midway and proc is not None:
                add_cmd = [sys.executable, "-m", "kb.cli", "add", str(args.add_midway), "--quiet"]
            level = asyncio.run(run_level(port, n, pool, args.questions_per_user, args.timeout_s,
                                          deadline, add_cmd, env))
            for slug in documents(env) - before:  # so that the next level adds them again
                subprocess.run([sys.executable, "-m", "kb.cli", "remove", slug], env=env,
                               capture_output=True)
            if add_cmd and args.cold_add:  # the next add embeds everything again, as the first
                (home / "index" / "embed-cache.sqlite").unlink(missing_ok=True)
            results.append(level.report())
            r = results[-1]
            print(f"N={n:3d}  answers {r['answers']:4d}  errors {r['errors']:3d}  p50 {r['p50_ms']:7.1f}"
                  f"  p95 {r['p95_ms']:7.1f}  p99 {r['p99_ms']:7.1f} ms  wall {r['wall_s']} s"
                  + (f"  add: exit {r['add']['exit']} in {r['add']['seconds']} s" if r["add"] else ""),
                  file=sys.stderr)
            if time.monotonic() > deadline:
                break
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)
    text = json.dumps({"levels": results, "cpus": os.cpu_count()}, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
