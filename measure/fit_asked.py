"""Measure the question bank's two thresholds (`kb.asked.MIN_COSINE`, `MIN_MARGIN`) on the design sets.

    python -m measure.fit_asked eval/tune.jsonl eval/fresh*.jsonl [--index … --corpus …]

Every answerable question of every set is searched once without the bank's route (the second
stage still weighs the bank, without the question's own set); then, for each pair of
thresholds on a grid, the bank's decision is taken with the question's own set left out of it
(as `kb eval` does) and compared with the search's answer: how many questions the bank would put
right at rank 1 (`gained`) and how many it would put wrong (`lost`), for each rank the bank's
clause must reach in search (`kb.retrieve.ASKED_RANK`); the clause must also state what kind of
thing the question asks for. Questions a lookup, a definition or a record answers are left to
them, as in `Retriever.search`. A second table shows, at the shipped cosine, margin and rank, how
far the bank's clause may score below search's first clause (second stage) and how much less of
the question it may say (`kb.retrieve.ASKED_SHORT`). The tables are printed; the thresholds in
`kb/asked.py` and `kb/retrieve.py` are set by hand from them (the most gained minus lost, then the
stricter setting), not written by this script. Never run it on the holdout or a sealed set.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from kb.asked import MIN_COSINE, MIN_MARGIN, squash
from kb.config import Settings
from kb.ingest import open_kb
from kb.intent import carries
from kb.rerank import unit_text
from kb.retrieve import ASKED_RANK, Retriever
from measure.evaluate import load_gold

COSINES = (0.86, 0.88, 0.90, 0.92, 0.94)
MARGINS = (0.0, 0.005, 0.01, 0.015, 0.02, 0.03)
RANKS = (2, 3, 5, 10)  # the bank's clause must rank this high in search
GAPS = (math.inf, 4.0, 3.0, 2.0, 1.5, 1.0, 0.5)  # second-stage score below search's first clause
SHORTS = (math.inf, 0.5, 0.3, 0.2, 0.1, 0.05)  # its cover (`kb.rerank`) short of the first's


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m measure.fit_asked", description=__doc__)
    p.add_argument("sets", nargs="+", type=Path)
    p.add_argument("--index")
    p.add_argument("--corpus")
    args = p.parse_args(argv)
    settings = Settings.from_env(index=Path(args.index) if args.index else None,
                                 corpus=Path(args.corpus) if args.corpus else None)
    retriever = Retriever(open_kb(settings))
    retriever.asked_route = False
    bank = retriever.kb.asked
    store = retriever.store
    shown = {c.id: squash(f"{c.label}\n{store.full_text(c)}") for c in store.clauses}
    cases = []  # (the question's vector, its set, search's clauses, the right ones, the typed ones,
    # search's scores)
    for path in args.sets:
        for g in load_gold(path):
            if not g.expect:
                continue
            # the search as it is without the route: the second stage still weighs the bank
            # (`kb.rerank`'s asked feature), without the question's own set, as `kb eval` does
            retriever.asked_exclude = frozenset({path.stem})
            result = retriever.search(g.question, k=30)
            if not result.hits or result.hits[0].via not in ("hybrid", "asked"):
                continue
            want = [squash(w) for w in g.expect]
            right = {cid for cid, text in shown.items() if any(w in text for w in want)}
            vec = retriever.kb.queries.encode(result.query.keyword_text.strip())
            wants = result.query.wants
            typed = {cid for cid, c in store.by_id.items() if not wants or carries(
                wants, unit_text(f"{c.label}\n{store.full_text(c)}"))}
            cases.append((vec, frozenset({path.stem}), [h.clause.id for h in result.hits],
                          right, typed, [h.score for h in result.hits],
                          retriever.covers(result.query, result.hits[:ASKED_RANK])))
    print(f"{len(cases)} questions ranked by search; gained / lost at rank 1 by the bank")
    print("cosine rank " + " ".join(f"{m:>12}" for m in MARGINS))
    for cos in COSINES:
        for most in RANKS:
            row = []
            for margin in MARGINS:
                gained = lost = 0
                for vec, exclude, ranked, right, typed, *_ in cases:
                    first = set(bank.answer(vec, exclude, cos, margin) or ())
                    top = next((c for c in ranked[:most] if c in first and c in typed), None)
                    if top is None:
                        continue
                    was, now = ranked[0] in right, top in right
                    gained += now and not was
                    lost += was and not now
                row.append(f"+{gained} -{lost}".rjust(12))
            print(f"{cos:<6} {most:<4} " + " ".join(row))
    # at the shipped cosine, margin and rank: how far below search's first clause (second-stage
    # score) the bank's clause may stand
    print(f"score gap (rows) and cover short of search's first (columns), at cosine {MIN_COSINE}, "
          f"margin {MIN_MARGIN}, rank {ASKED_RANK}: gained / lost at rank 1 by the bank")
    print("gap        " + " ".join(f"{c:>12}" for c in SHORTS))
    for gap in GAPS:
        row = []
        for short in SHORTS:
            gained = lost = 0
            for vec, exclude, ranked, right, typed, scores, covers in cases:
                first = set(bank.answer(vec, exclude) or ())
                at = next((i for i, c in enumerate(ranked[:ASKED_RANK])
                           if c in first and c in typed), None)
                if at is None or scores[0] - scores[at] > gap or covers[0] - covers[at] > short:
                    continue
                was, now = ranked[0] in right, ranked[at] in right
                gained += now and not was
                lost += was and not now
            row.append(f"+{gained} -{lost}".rjust(12))
        print(f"{gap:<10} " + " ".join(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
