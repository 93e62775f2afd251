"""The bar of the core issue, on the public development set."""

from measure.evaluate import evaluate_gold, load_gold

from .conftest import DEV


def test_dev_set_meets_the_bar(retriever):
    report, rows = evaluate_gold(retriever, load_gold(DEV))
    print(report)
    assert report.hit1 >= 0.95
    assert report.hit5 == 1.0
    assert report.refusals_right == report.refusals_total == 3
    assert report.false_refusals == 0
    # the fused ranking beats each retriever alone (the reason to fuse)
    fusion, bm25, dense = (report.modes[m] for m in ("fusion", "bm25", "dense"))
    assert fusion["mrr5"] > bm25["mrr5"] and fusion["mrr5"] > dense["mrr5"]
    assert len(rows) == report.questions
