"""The bar of the core issue, on the public development set."""

from measure.evaluate import evaluate_gold, format_report, load_gold

from .conftest import DEV


def test_dev_set_meets_the_bar(retriever):
    report, rows = evaluate_gold(retriever, load_gold(DEV))
    print(report)
    assert report.hit1 >= 0.95
    assert report.hit5 == 1.0
    assert report.refusals_right == report.refusals_total == 3
    assert report.false_refusals == 0
    # the answer quotes the sentence that answers, not only its clause
    assert report.quoted >= 0.9
    assert "quote an expected phrase" in format_report(report)
    # the fused ranking beats each retriever alone (the reason to fuse)
    fusion, bm25, dense = (report.modes[m] for m in ("fusion", "bm25", "dense"))
    assert fusion["mrr5"] > bm25["mrr5"] and fusion["mrr5"] > dense["mrr5"]
    assert len(rows) == report.questions


def test_every_expected_string_is_in_the_shipped_documents():
    """A question set whose expected strings the documents no longer hold scores nothing and
    says nothing: each `expect` string (NFKC, whitespace and colons removed, as scored) must occur in
    `corpus/docs`."""
    import json
    import re
    import unicodedata
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]

    def squeeze(text: str) -> str:
        return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))

    corpus = "\n".join(squeeze(p.read_text(encoding="utf-8"))
                       for p in sorted((root / "corpus" / "docs").glob("*.txt")))
    sets = sorted((root / "eval").glob("*.jsonl"))
    assert len(sets) >= 8
    for path in sets:
        for line in path.read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            for e in g.get("expect", []):
                assert squeeze(e) in corpus, (path.name, g["id"], e)
