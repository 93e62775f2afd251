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
    yield from serve(index_settings, tmp_path)


def serve(settings, tmp_path, **extra_env):
    port = free_port()
    env = dict(os.environ, KB_INDEX=str(settings.index), KB_CORPUS=str(settings.corpus),
               KB_FEEDBACK=str(tmp_path / "feedback.sqlite"), **extra_env)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app" / "chat.py"),
         "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false",  # as `make run` starts it:
         "--client.toolbarMode", "viewer", "--client.showErrorDetails", "none"],
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


def open_page(p):
    """Debian's Chromium, headless, with one 1400 x 1300 page."""
    browser = p.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-background-networking", "--disable-gpu"])
    return browser, browser.new_page(viewport={"width": 1400, "height": 1300})


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
                check_answer_reads_well(messages.nth(1))
                messages.nth(0).evaluate("e => e.scrollIntoView({block: 'start'})")
                page.wait_for_timeout(300)
                page.screenshot(path=str(artifacts / "chat-answer.png"))
        check_other_views(page, artifacts)
        browser.close()
    report = {
        "first_answer_after_start_s": round(first_answer_after_start, 2),
        "answer_times_s": [round(t, 3) for t in timings],
        "answer_median_s": round(statistics.median(timings), 3),
    }
    (artifacts / "app-timings.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report))
    assert (artifacts / "chat-answer.png").stat().st_size > 10_000


def check_answer_reads_well(message) -> None:
    """One card per clause the answer quotes, the other candidates folded under 相关条款, and no
    internal ids (info-protection-rules:第6条, ¶3, (job-spec-1)) in what a reader sees."""
    import re

    text = message.inner_text()
    body = text.split("[1] 《")[0]  # the answer above the first card
    quoted = set(re.findall(r"\[(\d+)\]", body))
    cards = message.locator("strong").filter(has_text=re.compile(r"^\[\d+\] 《"))
    assert cards.count() == len(quoted) >= 1, (cards.all_inner_texts(), body)
    assert message.get_by_text(re.compile("^相关条款")).count() == 1
    assert not re.search(r"[a-z]+(?:-[a-z0-9]+)*:[§¶第]", text), text
    page = message.page.inner_text("body")
    assert "¶" not in text and "Choose options" not in page and "Deploy" not in page


def check_other_views(page, artifacts: Path) -> None:
    """条款 and 术语 in the browser: a list clause reads as a list, a term with its items; one
    screenshot per view."""
    from playwright.sync_api import expect

    page.get_by_text("条款", exact=True).first.click()
    number = page.get_by_label("条款编号")
    expect(number).to_be_visible(timeout=30_000)
    page.wait_for_timeout(1500)  # let the view switch finish its run before typing
    lines = ""
    for _ in range(3):  # a run still under way can redraw the box empty: type again then
        number.fill("第五条")
        number.press("Enter")
        card = page.get_by_text("(八) 接包方与发包方约定的其他措施。").first
        expect(card).to_be_visible(timeout=30_000)
        page.wait_for_timeout(500)
        lines = page.get_by_test_id("stMain").inner_text()
        if "《关于境内企业承接服务外包业务信息保护的若干规定》 第五条" in lines:
            break
    assert "\n(二) 对保密信息载体" in lines  # items on lines of their own, not run together
    page.screenshot(path=str(artifacts / "clauses.png"), full_page=True)
    page.get_by_text("术语", exact=True).first.click()
    box = page.get_by_label("查术语（中文、缩写或英文）")
    expect(box).to_be_visible(timeout=30_000)
    box.fill("保密信息")
    box.press("Enter")
    expect(page.get_by_text("(三) 接包方根据合同约定应当承担保密义务。").first).to_be_visible(
        timeout=30_000)
    expect(page.get_by_text("离岸外包指外包商")).to_have_count(0, timeout=30_000)  # filtered
    expect(page.get_by_text("第三条(三)")).to_have_count(0)  # items numbered as the clause has them
    page.screenshot(path=str(artifacts / "terms.png"), full_page=True)
    for name in ("clauses.png", "terms.png"):
        assert (artifacts / name).stat().st_size > 10_000


def test_admin_upload_in_a_real_browser(home, tmp_path, artifacts):
    """An operator uploads a Word file through the browser; its automatically numbered articles
    are then answered in the chat."""
    from playwright.sync_api import expect, sync_playwright

    from tests.test_ingest import numbered_docx

    doc = tmp_path / "data-rules.docx"
    numbered_docx(doc)
    gen = serve(home, tmp_path, KB_ADMIN_TOKEN="s3cret-token")
    url, _ = next(gen)
    try:
        with sync_playwright() as p:
            browser, page = open_page(p)
            page.goto(url)
            page.get_by_text("管理", exact=True).click()
            page.get_by_label("管理口令").fill("s3cret-token")
            page.get_by_label("管理口令").press("Enter")
            page.locator("input[type=file]").set_input_files(str(doc))
            page.get_by_role("button", name="加入知识库").click()
            expect(page.get_by_text("导入报告")).to_be_visible(timeout=120_000)
            expect(page.get_by_test_id("stDataFrame")).to_be_visible()
            page.screenshot(path=str(artifacts / "admin-upload.png"))
            page.get_by_text("问答", exact=True).click()
            box = page.get_by_test_id("stChatInputTextArea")
            box.fill("数据安全管理办法第五条是什么？")
            box.press("Enter")
            answer = page.get_by_test_id("stChatMessage").nth(1)
            expect(answer).to_contain_text("数据分为以下类别", timeout=60_000)
            expect(answer).to_contain_text("第五条")
            browser.close()
    finally:
        gen.close()
    assert (home.corpus / "data-rules.txt").exists()


HOSTILE_DOC = """外包考勤规定<img src=x onerror="document.title='img'">
第一章 考勤<img src=x onerror=alert`1`>
第一条 外包人员应当按时打卡<script>document.title='script'</script>，不得代打卡。
第二条 迟到三次以上的，通报批评<img src=x onerror="document.title='onerror'">。[点我](javascript:document.title='link')
第三条 请假须提前一天书面申请 :red[红字] $x^2$ **粗体**。
第四条 """ + "考勤记录由人事部门按月汇总，作为绩效考核的依据之一。" * 30 + "\n"


def test_hostile_document_text_is_shown_as_text(home, tmp_path, artifacts):
    """A document whose title, headings and clauses carry HTML, scripts and Markdown is added,
    then shown in an answer card, its context and the sidebar: the page's title and DOM are
    unchanged (no injected iframe, script, image or link) and the markup is visible as text."""
    from playwright.sync_api import expect, sync_playwright

    from kb.ingest import add

    f = tmp_path / "attendance.txt"
    f.write_text(HOSTILE_DOC, encoding="utf-8")
    [report] = add(home, [f])
    assert report.status == "added", report.error
    gen = serve(home, tmp_path)
    url, _ = next(gen)
    try:
        with sync_playwright() as p:
            browser, page = open_page(p)
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(url)
            box = page.get_by_test_id("stChatInputTextArea")
            expect(box).to_be_visible(timeout=60_000)
            title = page.title()
            box.fill("外包考勤规定迟到三次以上怎么处理？")
            box.press("Enter")
            answer = page.get_by_test_id("stChatMessage").nth(1)
            expect(answer).to_contain_text("通报批评", timeout=60_000)
            answer.get_by_text("上下文").first.click()
            expect(answer).to_contain_text("考勤<img src=x onerror=alert`1`>", timeout=10_000)
            page.wait_for_timeout(1500)  # time for anything injected to run
            page.screenshot(path=str(artifacts / "hostile-document.png"), full_page=True)
            text = page.inner_text("body")
            injected = page.evaluate("""() => ({
                title: document.title,
                iframes: document.querySelectorAll('iframe[srcdoc]').length,
                scripts: [...document.querySelectorAll('script')].filter(
                    s => (s.textContent || '').includes('document.title')).length,
                images: document.querySelectorAll('img[onerror]').length,
                links: document.querySelectorAll('a[href^="javascript"]').length,
                bold: [...document.querySelectorAll('strong')].filter(
                    s => s.textContent === '粗体').length,
            })""")
            browser.close()
    finally:
        gen.close()
    assert title == "服务外包合规知识库" and injected == {
        "title": title, "iframes": 0, "scripts": 0, "images": 0, "links": 0, "bold": 0}, injected
    assert not dialogs
    for visible in ("<script>document.title='script'</script>", "onerror=",
                    "[点我](javascript:document.title='link')", "**粗体**", "外包考勤规定<img"):
        assert visible in text, visible
