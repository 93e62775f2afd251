"""The real thing: `streamlit run` on a free loopback port, driven by headless Chromium (Debian's
`chromium`, installed by `make test`) through Playwright. Asks questions, checks that the answer
and a citation card with the right clause number appear, saves a screenshot, and records the time
to the first answer after start and the answer times (reported, not asserted: machines are noisy).

Artefacts go to $KB_ARTIFACTS (set by `make test`) or to pytest's temporary folder."""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
QUESTIONS = [
    ("接包方需要和员工签订哪些协议？", "第六条", "竞业禁止协议"),
    ("若干规定第七条是什么内容？", "第七条", "加强对员工的信息安全培训"),
    ("离岸外包是什么意思？", "1、", "外包商与其供应商来自不同国家"),
    ("ITO的定义是什么？", "8、", "将其IT系统的全部或部分外包"),
    ("外包岗位有哪些福利待遇？", "岗位福利", "五险一金"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(index_settings, tmp_path):
    port = free_port()
    env = dict(os.environ, KB_INDEX=str(index_settings.index), KB_CORPUS=str(index_settings.corpus),
               KB_FEEDBACK=str(tmp_path / "feedback.sqlite"))
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app" / "chat.py"),
         "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):  # at most about 60 s
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not become healthy in 60 s:\n" + proc.stdout.read1().decode())
        yield url, started
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture()
def artifacts(tmp_path) -> Path:
    folder = Path(os.environ.get("KB_ARTIFACTS") or tmp_path / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_chat_in_a_real_browser(server, artifacts):
    from playwright.sync_api import expect, sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: `make test` installs Debian's chromium"
    url, started = server
    timings = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                  "--disable-component-update", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 1300}, locale="zh-CN")
        page.goto(url)
        box = page.get_by_test_id("stChatInputTextArea")
        expect(box).to_be_visible(timeout=60_000)
        for i, (question, clause, answer) in enumerate(QUESTIONS):
            box.fill(question)
            t0 = time.perf_counter()
            box.press("Enter")
            messages = page.get_by_test_id("stChatMessage")
            expect(messages.nth(2 * i + 1)).to_contain_text(answer, timeout=60_000)
            expect(messages.nth(2 * i + 1)).to_contain_text("[1]", timeout=10_000)
            done = time.perf_counter()
            timings.append(done - t0)
            if i == 0:
                first_answer_after_start = done - started
                expect(messages.nth(1).get_by_text(clause).first).to_be_visible()
                page.wait_for_timeout(1000)  # let the app finish its own scrolling first
                messages.nth(0).evaluate("e => e.scrollIntoView({block: 'start'})")
                page.wait_for_timeout(300)
                page.screenshot(path=str(artifacts / "chat-answer.png"))
        browser.close()
    report = {
        "first_answer_after_start_s": round(first_answer_after_start, 2),
        "answer_times_s": [round(t, 3) for t in timings],
        "answer_median_s": round(statistics.median(timings), 3),
    }
    (artifacts / "app-timings.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report))
    assert (artifacts / "chat-answer.png").stat().st_size > 10_000
