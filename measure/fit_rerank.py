"""Fit the second ranking stage's weights (`kb/data/rerank.json`) on the design splits.

    python -m measure.fit_rerank eval/tune.jsonl [--calibrate eval/tune.jsonl eval/fresh*.jsonl]
        [--index … --corpus …] [--out kb/data/rerank.json]

The weights are fitted on the tuning split; the two refusal thresholds on `--calibrate` (default:
the tuning split). `make fit` calibrates on every design set (`tune` and the `fresh` sets, see the
Makefile): never the holdout, nor a session's sealed set before it is scored.

For every answerable question: the first stage's top `kb.rerank.TOP` clauses, their features,
and which of them would be a hit as a citation (the clause as cited, its items included, holds one
of the question's `expect` strings). The model is linear; the loss is listwise (softmax over a
question's candidates; the hits share the target) with a small L2 penalty, minimised by gradient
descent. Questions with no hit among the candidates teach nothing and are skipped. Every split is
asked with its own questions left out of the question bank (`kb.asked`), as `kb eval` scores it:
the second stage weighs the bank, and a question must not find itself there.

Then the refusal threshold `answer_min`, over the questions it decides: not those a lookup or a
definition answers, nor those another check refuses (by name: an absent law, year, figure …; or
as not close in meaning, `kb.gaps.close`). Of each, the best second-stage score; the threshold is
the highest one that refuses at most `FALSE_REFUSALS` (a share) of the answerable questions, placed
halfway to the next score below so that it does not sit on one question (with no false refusal
allowed, the middle of the gap between the answerable and the unanswerable).

Then the closeness gate's cosine `dense_min` (`fewest_mistakes`): over the questions only the gate
and `answer_min` decide, where the fewest answerable questions are refused plus unanswerable ones
answered, in the middle of the widest stretch of cosines that do; the gate used to be the dev set's
0.864. `answer_min` is then set again over the questions the new gate passes. Holdout is for
reporting.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from kb.config import Settings
from kb.gaps import COVERAGE_MIN, REFUSAL_EN, REFUSAL_ZH, close, refusal
from kb.ingest import open_kb
from kb.rerank import FEATURES, WEIGHTS, Reranker
from kb.retrieve import Retriever, Signals
from measure.evaluate import Gold, first_hit, load_gold

L2 = 0.01
FALSE_REFUSALS = 0.0  # share of answerable tuning questions the threshold may refuse
STEPS = 3000
RATE = 0.05


def training_lists(retriever: Retriever,
                   gold_paths: list[Path]) -> list[tuple[np.ndarray, np.ndarray]]:
    lists = []
    for g in _each_without_its_own(retriever, gold_paths):
        if not g.expect:
            continue
        query = retriever.query(g.question)
        hits, dense, bm25 = retriever.first_stage(query)
        if not hits:
            continue
        top, x = retriever.second_stage_inputs(query, hits, dense, bm25)
        shown = []
        for h in top:
            c = retriever.promote(h).clause
            shown.append(f"{c.number} {c.heading} {retriever.store.full_text(c)}")
        y = np.array([first_hit([s], g.expect) is not None for s in shown], dtype=np.float32)
        if y.any() and not y.all():
            lists.append((x, y / y.sum()))
    return lists


def _each_without_its_own(retriever: Retriever, gold_paths: list[Path]) -> Iterator[Gold]:
    """The questions of each split, asked with that split's own questions left out of the bank
    (as `kb eval` scores it): a question is never its own nearest bank question."""
    try:
        for path in gold_paths:
            retriever.asked_exclude = frozenset({path.stem})
            yield from load_gold(path)
    finally:
        retriever.asked_exclude = frozenset()


def fit(lists: list[tuple[np.ndarray, np.ndarray]], l2: float = L2, steps: int = STEPS,
        rate: float = RATE) -> tuple[np.ndarray, float]:
    """Weights minimising the mean listwise cross-entropy (+ l2 * |w|^2); returns (w, loss)."""
    w = np.zeros(len(FEATURES), dtype=np.float64)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    loss = 0.0
    for step in range(1, steps + 1):  # Adam
        grad = 2 * l2 * w
        loss = l2 * float(w @ w)
        for x, target in lists:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            loss -= float(target @ np.log(p + 1e-12)) / len(lists)
            grad += x.T @ (p - target) / len(lists)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w, loss


def decided_elsewhere(retriever: Retriever, question: str) -> float | None:
    """The question's best second-stage score when the threshold decides it; None when a lookup
    answers it, a check by name refuses it, or it is not close to any clause (`gated`)."""
    s = gated(retriever, question)
    return s.confidence if s is not None and close(s, retriever.reranker.dense_min) else None


def gated(retriever: Retriever, question: str) -> Signals | None:
    """The signals (best cosine, keyword cover, best second-stage score) of a question that only
    the closeness gate and the score threshold decide; None when a lookup answers it or a check
    by name refuses it."""
    result = retriever.search(question)
    s = result.signals
    if s.routed or s.follow_up or result.missing_refs or s.confidence is None:
        return None
    texts = [retriever.store.full_text(h.clause) for h in result.hits]
    why = refusal(retriever, result, texts) if texts else REFUSAL_ZH
    if not texts or why and why not in (REFUSAL_ZH, REFUSAL_EN):
        return None
    return s


def closeness_threshold(retriever: Retriever, gold_paths: list[Path]) -> tuple[float, dict]:
    """`dense_min` over the questions only the gate and the score threshold decide (`gated`,
    `fewest_mistakes`), with the score threshold as it is: (threshold, counts)."""
    rows = []
    for g in _each_without_its_own(retriever, gold_paths):
        s = gated(retriever, g.question)
        if s is not None:
            rows.append((s.dense_top, s.coverage, s.confidence, bool(g.expect)))
    if not rows:
        return retriever.reranker.dense_min, {}
    threshold, least = fewest_mistakes(rows, retriever.reranker.answer_min)
    answerable = sum(ok for *_, ok in rows)
    return threshold, {"answerable": answerable, "unanswerable": len(rows) - answerable,
                       "mistakes": least}


def fewest_mistakes(rows: list[tuple[float, float, float, bool]],
                    answer_min: float) -> tuple[float, int]:
    """The cosine under which a question whose best clause covers few of its keywords is not
    close, where it makes the fewest mistakes over `rows` (best cosine, keyword cover, best score,
    answerable): an answerable question refused, an unanswerable one answered. In the middle of
    the widest stretch of cosines that make that few (the lowest of equals: refusing is the score
    threshold's job too). (threshold, mistakes)."""
    def mistakes(d: float) -> int:
        return sum(((dense >= d or cover >= COVERAGE_MIN) and score >= answer_min) != ok
                   for dense, cover, score, ok in rows)

    cuts = sorted({round(dense, 4) for dense, *_ in rows})
    counted = [mistakes(d) for d in cuts]  # a cut refuses what is under it
    least = min(counted)
    below = [cuts[0] - 0.01, *cuts[:-1]]  # every cosine in (below, cut] does as the cut does
    best, start = (0.0, 0.0), None
    for i, m in enumerate(counted):
        if m != least:
            start = None
            continue
        start = below[i] if start is None else start
        if cuts[i] - start > best[1] - best[0]:
            best = (start, cuts[i])
    return round((best[0] + best[1]) / 2, 4), least


def answer_threshold(retriever: Retriever, gold_paths: list[Path],
                     false_refusals: float = FALSE_REFUSALS) -> tuple[float, dict]:
    """`answer_min` and what it does on the splits: (threshold, counts)."""
    answerable, unanswerable = [], []
    for g in _each_without_its_own(retriever, gold_paths):
        score = decided_elsewhere(retriever, g.question)
        if score is not None:
            (answerable if g.expect else unanswerable).append(score)
    answerable.sort()
    allowed = int(false_refusals * len(answerable))
    lowest = answerable[allowed] if answerable else 0.0
    below = max([s for s in answerable + unanswerable if s < lowest], default=lowest - 1.0)
    threshold = (lowest + below) / 2
    return threshold, {
        "answerable": len(answerable), "unanswerable": len(unanswerable),
        "refused_unanswerable": sum(s < threshold for s in unanswerable),
        "refused_answerable": sum(s < threshold for s in answerable),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path, help="the tuning split (JSONL): the weights")
    ap.add_argument("--calibrate", type=Path, nargs="+",
                    help="the design splits (JSONL) the refusal threshold is set on")
    ap.add_argument("--index")
    ap.add_argument("--corpus")
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    args = ap.parse_args(argv)
    settings = Settings.from_env(index=Path(args.index) if args.index else None,
                                 corpus=Path(args.corpus) if args.corpus else None)
    retriever = Retriever(open_kb(settings), Reranker(np.zeros(len(FEATURES))))  # not read
    lists = training_lists(retriever, [args.gold])
    w, loss = fit(lists)
    w = np.round(w, 4)
    retriever.reranker = Reranker(w.astype(np.float32))
    calibrate = args.calibrate or [args.gold]
    # the two refusal thresholds depend on each other: the score threshold over the questions the
    # gate passes, the gate given the score threshold, then the score threshold again
    threshold, counts = answer_threshold(retriever, calibrate)
    retriever.reranker = Reranker(w.astype(np.float32), answer_min=threshold)
    dense_min, gate_counts = closeness_threshold(retriever, calibrate)
    retriever.reranker = Reranker(w.astype(np.float32), dense_min=dense_min)
    threshold, counts = answer_threshold(retriever, calibrate)
    args.out.write_text(json.dumps({
        "features": list(FEATURES),
        "weights": [float(x) for x in w],
        "bias": 0.0,
        "answer_min": round(threshold, 4),
        "dense_min": dense_min,
        "threshold_on_split": counts,
        "closeness_on_split": gate_counts,
        "fitted_on": args.gold.name,
        "threshold_on": [p.name for p in calibrate],
        "lists": len(lists),
        "loss": round(loss, 4),
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(lists)} questions with a hit among the candidates; loss {loss:.4f}")
    for name, x in zip(FEATURES, w):
        print(f"  {name:16s} {x:+.3f}")
    print(f"dense_min {dense_min:.4f}: {gate_counts}")
    print(f"answer_min {threshold:.3f}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
