"""Ingestion speed without embedding: load + parse of one real law as .md, .docx and .pdf.

Usage: python eval/bench_ingest.py [LAW.md | FOLDER] [--runs 5]
Default: 旅游法 from the repository's slice (eval/data/laws); a folder is read as the parts of one
law, in name order (the README's figure: ../shared/data/laws/民法典, the whole Civil Code).
Prints the median seconds over the runs for each format, the pages of the PDF and the clauses found.
The .docx and .pdf are generated from the Markdown in a temporary folder (python-docx, fpdf2 with
DejaVu and Droid Sans Fallback fonts from Debian's packages)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kb.documents import Document
from kb.loaders import load_file
from kb.parse import parse_clauses

LATIN = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Debian fonts-dejavu-core
CJK = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"  # Debian fonts-droid-fallback
DEFAULT_LAW = Path(__file__).resolve().parent / "data" / "laws" / "经济法" / "旅游法(2018-10-26).md"


def make_docx(lines: list[str], path: Path) -> None:
    import docx

    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(str(path))


def make_pdf(lines: list[str], path: Path) -> int:
    from fpdf import FPDF
    from fpdf.enums import WrapMode

    pdf = FPDF()
    pdf.add_font("latin", fname=LATIN)
    pdf.add_font("cjk", fname=CJK)
    pdf.set_fallback_fonts(["cjk"])
    pdf.set_font("latin", size=11)
    pdf.add_page()
    for line in lines:
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(w=0, h=7, text=line, wrapmode=WrapMode.CHAR)
    pdf.output(str(path))
    return pdf.page_no()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("law", nargs="?", type=Path, default=DEFAULT_LAW,
                    help="a law (.md) or a folder of its parts, e.g. ../shared/data/laws/民法典")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if args.law.is_dir():  # e.g. the whole Civil Code (its eight parts), about 100 pages of A4
        sources = sorted(p for p in args.law.glob("*.md") if not p.name.startswith("_"))
    else:
        sources = [args.law]
    if not sources:
        ap.error(f"no .md files in {args.law}")
    law = sources[0] if len(sources) == 1 else Path(f"{args.law.name} (all parts).md")
    lines = [ln for src in sources for ln in src.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith(("#", "<!--"))]
    with tempfile.TemporaryDirectory() as tmp:
        md = Path(tmp) / "law.md"
        md.write_text("\n\n".join(lines), encoding="utf-8")
        files = {"md": md, "docx": Path(tmp) / "law.docx", "pdf": Path(tmp) / "law.pdf"}
        make_docx(lines, files["docx"])
        pages = make_pdf(lines, files["pdf"])
        print(f"{law.name}: {len(''.join(lines))} characters, PDF {pages} pages")
        for fmt, path in files.items():
            times, clauses = [], 0
            for _ in range(args.runs):
                t0 = time.perf_counter()
                loaded = load_file(path, max_bytes=200 * 2**20)
                clauses = len(parse_clauses(Document("bench", loaded.title or "law", "regulation",
                                                      loaded.text)))
                times.append(time.perf_counter() - t0)
            print(f"{fmt:5s} load+parse median {statistics.median(times):.2f} s over {args.runs} runs,"
                  f" {clauses} clauses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
