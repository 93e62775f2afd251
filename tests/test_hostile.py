"""Hostile input, as an attacker or a busy office would give it, through the `kb` command in
subprocesses: zip bombs, links, control characters in titles and names, huge and deeply nested
files, damaged indexes, odd questions, a reader racing an add. Every case ends in a clear
`error:`/FAILED line or a correct answer, never a traceback; the index stays intact; and the peak
memory of each `kb add` (its own rusage, from os.wait4) stays under 1 GB."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from kb.index import load
from kb.retrieve import Retriever
from tests.test_ingest import PACK, articles, numbered_docx, write_pdf

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
PEAK_LIMIT_MB = 1024


# Runs the command as a grandchild and reports the grandchild's own peak RSS. Measured from a
# direct child of pytest, ru_maxrss would start at pytest's size: Linux carries the RSS high-water
# mark of the process that forks into the child across its exec.
_PEAK = """import json, os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
rc = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as f:
    json.dump({"rc": rc, "peak_mb": usage.ru_maxrss / 1024}, f)
sys.exit(rc if rc >= 0 else 1)
"""


def run_kb(*args, env: dict) -> tuple[int, str, str, float]:
    """Run `kb ARGS`; return exit code, stdout, stderr and its own peak RSS in MB."""
    fd, report = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    argv = [os.fsencode(sys.executable), b"-c", _PEAK.encode(), os.fsencode(report),
            os.fsencode(sys.executable), b"-m", b"kb.cli",
            *[a if isinstance(a, bytes) else os.fsencode(str(a)) for a in args]]
    try:
        p = subprocess.run(argv, env=env, capture_output=True, timeout=600)
        result = json.loads(Path(report).read_text())
    finally:
        os.unlink(report)
    return (result["rc"], p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"),
            result["peak_mb"])


def env_for(settings) -> dict:
    return dict(os.environ, KB_INDEX=str(settings.index), KB_CORPUS=str(settings.corpus))


def assert_clean(rc: int, out: str, err: str) -> None:
    assert "Traceback" not in err and "Traceback" not in out, err[-2000:]
    assert rc in (0, 1, 2), (rc, err[-2000:])


def asks_fine(env: dict, question: str = "若干规定第七条是什么内容？") -> dict:
    rc, out, err, _ = run_kb("ask", question, "--json", env=env)
    assert rc == 0, err
    return json.loads(out)


# --- hostile files -------------------------------------------------------------------------------
def docx_bomb(path: Path, inflated_mb: int = 300) -> Path:
    """A valid Word document whose body part inflates to `inflated_mb` MB of zeros (a few 100 KB
    on disk)."""
    numbered_docx(path, with_table=False)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("word/media/padding.bin", "w", force_zip64=True) as f:
            chunk = bytes(1 << 20)
            for _ in range(inflated_mb):
                f.write(chunk)
    return path


def docx_lying_sizes(path: Path) -> Path:
    """A Word document whose central directory claims a tiny body part that really inflates to
    200 MB: zipfile stops at the declared size, so it fails its checksum instead of inflating."""
    numbered_docx(path, with_table=False)
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"] + b" " * (200 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:  # every central directory entry: uncompressed size := 4096
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46: at + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<I", data, at + 24, 4096)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def docx_many_parts(path: Path) -> Path:
    numbered_docx(path, with_table=False)
    with zipfile.ZipFile(path, "a") as zf:
        for i in range(3000):
            zf.writestr(f"customXml/part{i}.xml", b"<a/>")
    return path


def pdf_bomb(path: Path) -> Path:
    """A one-page PDF whose content stream inflates to 70 MB (pypdf's own limit is 75 MB)."""
    import zlib

    stream = zlib.compress(b" " * (70 << 20), 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
               + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def image_only_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # drawn, no text: what a scan looks like to a reader
    pdf.output(str(path))
    return path


def encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = path.with_name("plain-for-lock.pdf")
    write_pdf(plain, [articles(2)])
    w = PdfWriter()
    w.append(PdfReader(plain))
    w.encrypt("secret")
    with open(path, "wb") as f:
        w.write(f)
    plain.unlink()
    return path


def deep_html(path: Path, depth: int = 100_000) -> Path:
    path.write_text("<html><body>" + "<div>" * depth + "第一条 深层嵌套。" + "</div>" * depth
                    + "</body></html>", encoding="utf-8")
    return path


def wide_html(path: Path) -> Path:
    path.write_text("<html><body>" + "<span>字</span>" * 400_000 + "</body></html>",
                    encoding="utf-8")
    return path


def enormous_line(path: Path) -> Path:
    path.write_text("第一条 " + "接包方应当采取保密措施，" * 200_000, encoding="utf-8")  # 2.4M chars
    return path


HOSTILE = {
    "bomb.docx": (docx_bomb, "would inflate to"),
    "lying.docx": (docx_lying_sizes, "not a readable Word"),
    "parts.docx": (docx_many_parts, "parts inside"),
    "bomb.pdf": (pdf_bomb, "contains no text"),
    "scan.pdf": (image_only_pdf, "needs OCR"),
    "locked.pdf": (encrypted_pdf, "encrypted PDF"),
    "deep.html": (deep_html, "levels deep"),
    "wide.html": (wide_html, "HTML tags"),
    "line.txt": (enormous_line, "characters of text"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_is_refused_with_bounded_memory(home, tmp_path, name):
    make, reason = HOSTILE[name]
    f = make(tmp_path / name)
    env = env_for(home)
    before = load(home).manifest["corpus_hash"]
    rc, out, err, peak = run_kb("add", f, "--quiet", env=env)
    assert_clean(rc, out, err)
    print(f"{name}: {f.stat().st_size / 2**20:.1f} MB on disk, exit {rc}, peak RSS {peak:.0f} MB")
    assert peak <= PEAK_LIMIT_MB, f"{name}: kb add peaked at {peak:.0f} MB"
    assert rc == 2 and f"FAILED  {f}" in out and reason in out, out
    assert load(home).manifest["corpus_hash"] == before  # nothing half-added
    asks_fine(env)


def test_mixed_folder_bad_files_refused_good_ones_added(home, tmp_path):
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "rules.txt").write_text("数据处理规则\n" + "\n".join(articles(4)), encoding="utf-8")
    (folder / "sub" / "one-line.txt").write_text("接包方应当每年对员工进行一次保密培训并留存记录。",
                                                 encoding="utf-8")
    (folder / "bin.txt").write_bytes(bytes(range(256)) * 50)
    (folder / "empty.md").write_bytes(b"")
    docx_bomb(folder / "bomb.docx", inflated_mb=100)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "linked-dir").symlink_to(PACK)
    os.mkfifo(folder / "pipe.txt")
    (folder / "notes.xlsx").write_bytes(b"PK")
    rc, out, err, peak = run_kb("add", folder, "--quiet", "--json", env=env_for(home))
    assert_clean(rc, out, err)
    assert rc == 1, out  # some added, some failed
    reports = {Path(r["file"]).name: r for r in json.loads(out)}
    assert reports["rules.txt"]["status"] == "added" and reports["rules.txt"]["clauses"] == 4
    assert reports["one-line.txt"]["status"] == "added"  # one line is a document, not a "scan"
    expected = {"bin.txt": "looks binary", "empty.md": "is empty", "bomb.docx": "would inflate",
                "passwd.txt": "symbolic link", "linked-dir": "symbolic link",
                "pipe.txt": "not a regular file", "notes.xlsx": "unsupported"}
    for name, reason in expected.items():
        assert reports[name]["status"] == "failed" and reason in reports[name]["error"], name
    kb = load(home)
    assert not any("root:" in c.text for c in kb.store.clauses)  # /etc/passwd never read
    assert not any(d.slug.startswith("个人信息保护法") for d in kb.store.docs)
    answer = asks_fine(env_for(home), "员工保密培训多久一次？")
    assert "每年对员工进行一次保密培训" in answer["answer"]


def test_link_named_directly_is_refused_its_target_is_not(home, tmp_path):
    target = tmp_path / "real-rules.txt"
    target.write_text("数据处理规则\n" + "\n".join(articles(3)), encoding="utf-8")
    (tmp_path / "law.txt").symlink_to("/etc/passwd")
    (tmp_path / "alias.txt").symlink_to(target)
    env = env_for(home)
    for link in ("law.txt", "alias.txt"):
        rc, out, err, _ = run_kb("add", tmp_path / link, "--quiet", env=env)
        assert_clean(rc, out, err)
        assert rc == 2 and "symbolic link" in out and "name the target" in out, out
    rc, out, err, _ = run_kb("add", target, "--quiet", env=env)
    assert rc == 0, out + err


# --- titles and names with control characters ----------------------------------------------------
def test_line_breaks_in_titles_and_names_keep_the_index_usable(home, tmp_path):
    env = env_for(home)
    page = tmp_path / "attendance.html"
    page.write_text("<html><body><h1>外包人员考勤\n管理办法</h1><p>第一条 员工应当按时打卡。</p>"
                    "<p>第二条 迟到三次以上的，通报批评。</p></body></html>", encoding="utf-8")
    titled = tmp_path / "rules.txt"
    titled.write_text("\n".join(articles(3)), encoding="utf-8")
    named = tmp_path / "考勤\n附注\u2028kind: data\x1b[31m.txt"
    named.write_text("第一条 请假须提前一天书面申请。\n第二条 病假须附医院证明。", encoding="utf-8")
    rc, out, err, _ = run_kb("add", page, "--quiet", env=env)
    assert rc == 0, out + err
    rc, out, err, _ = run_kb("add", titled, "--title", "考勤规定\ntitle: 伪造\n---\n附注", "--quiet",
                             env=env)
    assert rc == 0, out + err
    rc, out, err, _ = run_kb("add", named, "--quiet", env=env)
    assert rc == 0, out + err
    for q in ("迟到三次以上怎么处理？", "请假要提前多久申请？"):
        assert asks_fine(env, q)["refused"] is False
    rc, out, err, _ = run_kb("show", "第二条", env=env)
    assert rc == 0 and "通报批评" in out, err
    titles = {d.title for d in load(home).store.docs}
    assert "外包人员考勤 管理办法" in titles and "考勤规定 title: 伪造 --- 附注" in titles
    assert all("\n" not in t and "\x1b" not in t and "\u2028" not in t for t in titles)
    rc, out, err, _ = run_kb("build", "--quiet", env=env)  # and a rebuild changes nothing
    assert rc == 0, err
    assert {d.title for d in load(home).store.docs} == titles


# --- damaged or unwritable indexes, odd questions ------------------------------------------------
@pytest.fixture()
def copy_of(index_settings, tmp_path):
    """A copy of the session's index (the real folder, not the link) that a test may damage."""
    folder = tmp_path / "index" / "kb"
    shutil.copytree(index_settings.index.resolve(), folder)
    return dict(os.environ, KB_INDEX=str(folder), KB_CORPUS=str(index_settings.corpus)), folder


@pytest.mark.parametrize("manifest,message", [
    ([], "not a JSON object"), (None, "not a JSON object"), ("{", "unreadable"),
    ({"dim": "384"}, 'dim = "384", expected a number'),
])
def test_damaged_manifest_is_one_error_line(copy_of, manifest, message):
    env, folder = copy_of
    path = folder / "manifest.json"
    if isinstance(manifest, dict):
        manifest = {**json.loads(path.read_text()), **manifest}
    path.write_text(manifest if isinstance(manifest, str) else json.dumps(manifest))
    rc, out, err, _ = run_kb("ask", "第五条", env=env)
    assert rc == 2 and err.startswith("error:") and message in err and "kb build" in err, err
    assert "Traceback" not in err


def test_missing_clause_rows_are_one_error_line(copy_of):
    env, folder = copy_of
    con = sqlite3.connect(folder / "clauses.sqlite")
    con.execute("DELETE FROM clauses WHERE doc = 'info-protection-rules'")
    con.commit()
    con.close()
    rc, out, err, _ = run_kb("ask", "接包方需要和员工签订哪些协议？", env=env)
    assert rc == 2 and "damaged" in err and "kb build" in err and "Traceback" not in err, err


def read_only(folder: Path, argv: list[str]) -> list[str]:
    """`argv` run with `folder` mounted read-only in a mount namespace of its own (as root, file
    permissions would not stop a write; a read-only mount does: EROFS, as the issue saw)."""
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"'
    return ["unshare", "-m", "sh", "-c", script, str(folder), *argv]


def test_read_only_index_and_corpus_are_one_error_line(index_settings, tmp_path):
    probe = subprocess.run(read_only(tmp_path, ["true"]), capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"no mount namespace here: {probe.stderr.decode()[:200]}")
    home = tmp_path / "ro"
    shutil.copytree(index_settings.corpus, home / "corpus")
    shutil.copytree(index_settings.index.resolve(), home / "index" / "kb")
    env = dict(os.environ, KB_INDEX=str(home / "index" / "kb"), KB_CORPUS=str(home / "corpus"))
    doc = tmp_path / "rules.txt"
    doc.write_text("数据处理规则\n" + "\n".join(articles(3)), encoding="utf-8")
    kb = [sys.executable, "-m", "kb.cli"]
    for args in (["build", "--quiet"], ["add", str(doc), "--quiet"]):
        p = subprocess.run(read_only(home, kb + args), env=env, capture_output=True, text=True,
                           timeout=300)
        assert p.returncode == 2, (args, p.stdout, p.stderr)
        assert p.stderr.startswith("error: cannot write") and "Read-only file system" in p.stderr \
            and "Traceback" not in p.stderr, p.stderr
    p = subprocess.run(read_only(home, kb + ["ask", "第七条讲什么？"]), env=env,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and "第七条" in p.stdout, p.stderr  # reading still works


@pytest.mark.parametrize("question", [
    b"\xff\xfe\xfd", b"\xff\xfe\xe6\x8e\xa5\xe5\x8c\x85\xe6\x96\xb9\xe4\xbf\x9d\xe5\xaf\x86",
    "\x1b[31m接包方\u202e保密\x07".encode(), b"<script>alert(1)</script>",
])
def test_odd_questions_answer_or_refuse_as_json(cli_env, question):
    rc, out, err, _ = run_kb(b"ask", question, b"--json", env=cli_env)
    if rc == 2:  # nothing left after the unprintable characters are removed
        assert err.startswith("error: the question is empty"), err
        return
    assert rc == 0 and "Traceback" not in err, err
    assert {"question", "refused", "answer", "citations"} <= set(json.loads(out))


def test_lone_surrogate_in_the_library(retriever):
    from kb.answer import answer_question

    a = answer_question(retriever, "\ud800接包方需要和员工\x00签订哪些协议？\udfff")
    assert not a.refused and "\ud800" not in a.question
    json.dumps(a.question).encode("utf-8")


@pytest.mark.parametrize("k", ["0", "-5", "51", "x"])
def test_k_out_of_range_is_refused(cli_env, k):
    rc, out, err, _ = run_kb("ask", "第五条", "-k", k, env=cli_env)
    assert rc == 2 and "argument -k" in err and "Traceback" not in err, err


# --- leftovers of killed builds ------------------------------------------------------------------
def test_build_removes_leftovers_and_keeps_one_previous_generation(home):
    parent = home.index.parent
    half_deleted = parent / ".kb-20200101T000000-dead01"  # killed while being removed
    (half_deleted / "bm25").mkdir(parents=True)
    (half_deleted / "manifest.json").write_text("{}")
    unfinished = parent / ".kb-20200101T000001-dead02"  # killed before the switch
    unfinished.mkdir()
    (unfinished / "dense.faiss").write_bytes(b"x")
    env = env_for(home)
    for _ in range(2):
        rc, out, err, _ = run_kb("build", "--quiet", env=env)
        assert rc == 0, err
    folders = sorted(p.name for p in parent.glob(".kb-*") if p.is_dir())
    current = home.index.resolve().name
    assert len(folders) == 2 and current in folders, folders  # the current and the one before
    assert not half_deleted.exists() and not unfinished.exists()
    asks_fine(env)


# --- a reader racing an add ----------------------------------------------------------------------
def test_readers_see_one_snapshot_while_an_add_runs(home, tmp_path):
    """Loads in this process and `kb ask` loops in two others, all through a `kb add` and the
    switch of the index: none may fail, and once the add is done the new document answers."""
    big = tmp_path / "pipl.md"
    shutil.copy(next(PACK.glob("个人信息保护法*.md")), big)
    env = env_for(home)
    embedder = load(home).embedder
    errors: list[str] = []
    loads = asks = 0
    adding = subprocess.Popen([sys.executable, "-m", "kb.cli", "add", str(big), "--quiet"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def ask_loop() -> None:
        nonlocal asks
        while adding.poll() is None:
            p = subprocess.run([sys.executable, "-m", "kb.cli", "ask", "若干规定第七条是什么内容？"],
                               env=env, capture_output=True, text=True, timeout=300)
            asks += 1
            if p.returncode != 0:
                errors.append(p.stderr)

    threads = [threading.Thread(target=ask_loop) for _ in range(2)]
    for t in threads:
        t.start()
    while adding.poll() is None:
        try:
            Retriever(load(home, embedder=embedder)).search("第七条", k=1)
            loads += 1
        except Exception as e:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(f"{type(e).__name__}: {e}")
    for t in threads:
        t.join()
    out, err = adding.communicate()
    assert adding.returncode == 0, err
    print(f"{loads} loads and {asks} `kb ask` runs during the add")
    assert loads >= 3 and asks >= 2
    assert not errors, errors[:3]
    kb = load(home, embedder=embedder)
    assert any(d.slug.startswith("pipl") for d in kb.store.docs)


# --- the app's own server settings ---------------------------------------------------------------
def test_plain_streamlit_run_listens_on_loopback_only(tmp_path):
    """`streamlit run app/chat.py` from the repository root, with no flags: the project's
    .streamlit/config.toml binds it to 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, KB_INDEX=str(tmp_path / "none"))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app/chat.py",
                             "--server.port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        listening = [line.split()[1] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                     + Path("/proc/net/tcp6").read_text().splitlines()[1:]
                     if line.split()[3] == "0A" and line.split()[1].endswith(f":{port:04X}")]
        assert listening == [f"0100007F:{port:04X}"], listening  # 127.0.0.1 only
    finally:
        proc.terminate()
        proc.wait(timeout=10)
