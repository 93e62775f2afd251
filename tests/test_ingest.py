"""Bringing documents in: real formats built in tmp_path from real law text, bad files, duplicates,
incremental updates equal to a full rebuild, and a process killed in the middle of an ingest."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from kb.config import Settings
from kb.errors import CorpusError
from kb.index import build, load
from kb.ingest import AddOptions, add, documents, open_kb, remove
from kb.loaders import load_file
from kb.retrieve import Retriever

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "corpus" / "packs" / "data-protection"
DSL = next(PACK.glob("数据安全法*.md"))
# Debian fonts-dejavu-core and fonts-droid-fallback (installed by `make test`): fpdf2 writes CJK
# from these TrueType files with a ToUnicode map that PDF readers can follow.
LATIN = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
CJK = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

pytestmark = pytest.mark.slow


def articles(n: int = 8) -> list[str]:
    """The first `n` articles of the real 数据安全法, one paragraph each."""
    text = DSL.read_text(encoding="utf-8")
    out = [ln for ln in text.splitlines() if ln.startswith("第") and "条" in ln[:6]]
    return out[:n]


# --- formats -------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"),
                                          ("gb18030", b""), ("gbk", b""), ("utf-16", b"")])
def test_text_encodings(tmp_path, encoding, bom):
    f = tmp_path / "rules.txt"
    f.write_bytes(bom + ("数据安全法摘录\n" + "\n".join(articles())).encode(encoding))
    loaded = load_file(f)
    assert loaded.title == "数据安全法摘录"
    assert loaded.text.startswith("第一条 为了规范数据处理活动")


def test_markdown_from_the_laws_collection():
    loaded = load_file(DSL)
    assert loaded.title == "中华人民共和国数据安全法"
    assert "INFO END" not in loaded.text and "#" not in loaded.text
    assert "第一章 总  则" in loaded.text


def numbered_docx(path: Path, with_table: bool = True) -> None:
    """A Word file whose articles are numbered by Word's list numbering ("第%1条", Chinese
    counting): the numbers are not in the paragraphs' text, as in real regulations."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    d.core_properties.title = "数据安全管理办法（试行）"
    d.add_heading("第一章 总则", level=1)
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int = 0) -> None:
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    for a in articles(4):
        numbered(a.split(" ", 1)[1])  # the text without its "第X条"
    numbered("数据分为以下类别：")
    numbered("核心数据；", 1)
    numbered("重要数据。", 1)
    if with_table:
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "数据级别", "保护要求"
        t.cell(1, 0).text, t.cell(1, 1).text = "核心数据", "实行更加严格的管理制度"
    d.save(str(path))


def test_docx_keeps_automatic_numbering_headings_and_tables(tmp_path):
    f = tmp_path / "办法.docx"
    numbered_docx(f)
    loaded = load_file(f)
    assert loaded.title == "数据安全管理办法（试行）"
    lines = loaded.text.splitlines()
    assert lines[0] == "第一章 总则"
    assert lines[1].startswith("第一条 为了规范数据处理活动")
    assert "第五条 数据分为以下类别：" in lines and "（一）核心数据；" in lines
    assert "数据级别 | 保护要求" in lines and "核心数据 | 实行更加严格的管理制度" in lines


def write_pdf(path: Path, pages: list[list[str]], header: str = "数据安全法 内部学习资料") -> None:
    from fpdf import FPDF
    from fpdf.enums import WrapMode

    pdf = FPDF()
    pdf.set_auto_page_break(False)  # the footer stays on its page
    pdf.add_font("latin", fname=LATIN)
    pdf.add_font("cjk", fname=CJK)
    pdf.set_fallback_fonts(["cjk"])
    for n, lines in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font("latin", size=11)
        pdf.cell(text=header)
        pdf.ln(12)
        for line in lines:
            pdf.set_x(pdf.l_margin)
            pdf.multi_cell(w=0, h=7, text=line, wrapmode=WrapMode.CHAR)
        pdf.set_y(-20)
        pdf.cell(text=f"- {n} -")
    pdf.output(str(path))


def test_pdf_loses_running_heads_and_page_numbers(tmp_path):
    arts = articles(9)
    f = tmp_path / "dsl.pdf"
    write_pdf(f, [arts[0:3], arts[3:6], arts[6:9]])
    text = load_file(f).text
    assert "内部学习资料" not in text and "- 2 -" not in text
    assert text.startswith("第一条 为了规范数据处理活动") and "第九条" in text


def test_html_loses_navigation_and_scripts(tmp_path):
    f = tmp_path / "law.html"
    body = "".join(f"<p>{a}</p>" for a in articles(5))
    f.write_text(f"""<html><head><title>数据安全法 - 法规库</title><script>var x = "第九十九条";</script>
        </head><body><nav><a href="/">首页</a> | <a href="/laws">法规库</a></nav>
        <div class="breadcrumb">首页 &gt; 法规</div><main><h1>中华人民共和国数据安全法</h1>{body}
        </main><footer>版权所有 © 法规库</footer></body></html>""", encoding="utf-8")
    loaded = load_file(f)
    assert loaded.title == "中华人民共和国数据安全法"
    assert "首页" not in loaded.text and "版权所有" not in loaded.text and "第九十九条" not in loaded.text
    assert loaded.text.splitlines()[0].startswith("第一条")


# --- bad input -----------------------------------------------------------------------------------
def encrypted_pdf(tmp_path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = tmp_path / "plain.pdf"
    write_pdf(plain, [articles(2)])
    w = PdfWriter()
    w.append(PdfReader(plain))
    w.encrypt("secret")
    out = tmp_path / "locked.pdf"
    with open(out, "wb") as f:
        w.write(f)
    return out


def put(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("make,message", [
    (lambda d: put(d / "empty.txt", b""), "is empty"),
    (lambda d: put(d / "bin.txt", bytes(range(256)) * 40), "looks binary"),
    (lambda d: put(d / "bad.pdf", b"%PDF-1.4\n garbage"), "not a readable PDF"),
    (lambda d: put(d / "bad.docx", b"PK\x03\x04 not a zip"), "not a readable Word"),
    (lambda d: put(d / "big.txt", "第一条 很长。".encode() * 200_000), "limit is"),
    (lambda d: put(d / "x.xlsx", b"x"), "unsupported file type"),
    (encrypted_pdf, "encrypted PDF"),
])
def test_bad_files_are_clear_errors(tmp_path, make, message):
    with pytest.raises(CorpusError, match=message):
        load_file(make(tmp_path), max_bytes=1024 * 1024)


def test_bad_files_lose_nothing_and_good_ones_still_go_in(home, tmp_path):
    before = load(home).manifest["corpus_hash"]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    good = tmp_path / "in" / "rules.txt"
    good.write_text("数据处理规则\n" + "\n".join(articles(6)), encoding="gb18030")
    reports = add(home, [tmp_path / "in"], AddOptions(kind="regulation"))
    by_file = {Path(r.file).name: r for r in reports}
    assert by_file["empty.txt"].status == "failed" and "empty" in by_file["empty.txt"].error
    assert by_file["rules.txt"].status == "added" and by_file["rules.txt"].clauses == 6
    kb = load(home)
    assert kb.manifest["corpus_hash"] != before
    hit = Retriever(kb).search("数据处理规则第三条", k=1).hits[0]
    assert hit.clause.id == "rules:第3条"


# --- reports, duplicates, incremental ------------------------------------------------------------
def test_report_warns_about_gaps_and_missing_structure(home, tmp_path):
    gap = tmp_path / "gap.txt"
    arts = articles(8)
    gap.write_text("有缺号的办法\n" + "\n".join(arts[:5] + arts[6:]), encoding="utf-8")
    flat = tmp_path / "flat.txt"
    flat.write_text("外包合作备忘\n双方应当保守对方的商业秘密。\n合作期限为三年，期满可以续签。",
                    encoding="utf-8")
    reports = {Path(r.file).name: r for r in add(home, [gap, flat])}
    assert "numbering gap: 第五条 is followed by 第七条" in reports["gap.txt"].warnings
    assert reports["flat.txt"].warnings == ("no clause numbering recognised: indexed as 1 paragraphs",)
    assert reports["gap.txt"].kind == "regulation"  # guessed from the title "…办法"


def test_duplicate_is_refused(home, tmp_path):
    f = tmp_path / "copy.txt"
    f.write_text((home.corpus / "info-protection-rules.txt").read_text(encoding="utf-8").split("---\n", 1)[1],
                 encoding="utf-8")
    [r] = add(home, [f])
    assert r.status == "failed" and "duplicate of document 'info-protection-rules'" in r.error


def test_incremental_add_and_remove_equal_a_full_rebuild(home, tmp_path):
    f = tmp_path / "dsl.md"
    shutil.copy(DSL, f)
    [r] = add(home, [f])
    added = load(home)
    new_passages = [p for p in added.store.passages if p.clause_id.startswith("dsl:")]
    assert r.embedded == len(new_passages)  # only the new document's text was embedded

    fresh = Settings(index=tmp_path / "fresh" / "kb", corpus=home.corpus)
    build(fresh)  # a full rebuild in an empty folder: no cache, everything embedded again
    full = load(fresh)
    assert [p.text for p in added.store.passages] == [p.text for p in full.store.passages]
    a = added.engine.index.reconstruct_n(0, added.engine.index.ntotal)
    b = full.engine.index.reconstruct_n(0, full.engine.index.ntotal)
    assert np.allclose(a, b, atol=1e-5)
    for q in ["数据分类分级保护制度", "若干规定第七条", "重要数据的处理者应当明确数据安全负责人"]:
        assert [h.clause.id for h in Retriever(added).search(q).hits] == \
               [h.clause.id for h in Retriever(full).search(q).hits]

    removed = remove(home, "dsl")
    assert removed.status == "removed" and not (home.corpus / "dsl.txt").exists()
    kb = load(home)
    assert not any(c.doc == "dsl" for c in kb.store.clauses)
    assert kb.manifest["embedded"] == 0  # removing embeds nothing


def test_list_and_remove_errors(home):
    rows = documents(home)
    assert ("info-protection-rules", 26) in [(d.slug, n) for d, n, _ in rows]
    with pytest.raises(CorpusError, match="kb list"):
        remove(home, "no-such-doc")


def cache_rows(path: Path) -> int:
    import sqlite3

    con = sqlite3.connect(path, timeout=10)
    try:
        return con.execute("SELECT count(*) FROM vec").fetchone()[0]
    finally:
        con.close()


def test_killed_ingest_leaves_the_previous_index_usable(home, tmp_path):
    """`kb add` killed with SIGKILL while it embeds: the old index answers, the document never
    appears, and the next load cleans the half-done step up."""
    big = tmp_path / "pipl.md"
    shutil.copy(next(PACK.glob("个人信息保护法*.md")), big)
    env = dict(os.environ, KB_INDEX=str(home.index), KB_CORPUS=str(home.corpus))
    cache = home.index.parent / "embed-cache.sqlite"
    cached = cache_rows(cache)
    proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "add", str(big), "--quiet"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pending = home.corpus / ".pending" / "pipl.txt"
    deadline = time.time() + 120
    # kill once the first batches of its ~130 passages are embedded, long before the last one
    while cache_rows(cache) <= cached and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert pending.exists() and proc.poll() is None, "the ingest did not reach its embedding"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    kb = open_kb(home)  # recovers: the pending file is dropped
    assert not pending.exists() and not (home.corpus / "pipl.txt").exists()
    assert not any(c.doc == "pipl" for c in kb.store.clauses)
    hit = Retriever(kb).search("若干规定第七条", k=1).hits[0]
    assert hit.clause.id == "info-protection-rules:第7条"
    [r] = add(home, [big])  # and adding again works, reusing what was embedded before the kill
    assert r.status == "added" and r.embedded < len([p for p in load(home).store.passages
                                                     if p.clause_id.startswith("pipl:")])


def test_cli_add_list_remove(home, tmp_path):
    env = dict(os.environ, KB_INDEX=str(home.index), KB_CORPUS=str(home.corpus))
    f = tmp_path / "rules.txt"
    f.write_text("数据处理规则\n" + "\n".join(articles(3)), encoding="utf-8")

    def kb(*args):
        return subprocess.run([sys.executable, "-m", "kb.cli", *args], env=env, text=True,
                              capture_output=True, timeout=300)

    p = kb("add", str(f), "--kind", "regulation", "--quiet", "--json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)[0]["clauses"] == 3
    p = kb("add", str(f), "--quiet")
    assert p.returncode == 2 and "duplicate" in p.stdout
    assert "rules" in kb("list").stdout
    assert kb("remove", "rules").returncode == 0
    p = kb("remove", "rules")
    assert p.returncode == 2 and "no document" in p.stderr and "Traceback" not in p.stderr
