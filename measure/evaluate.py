"""Gold questions (JSONL) -> answers and retrieval figures.

Gold format (eval/dev.jsonl): {"id", "question", "expect": [substrings], "kind"}.
A question is a hit at k when one of its `expect` strings (NFKC, all whitespace and colons
removed on both sides) is contained in a citation ranked <= k (its clause number, heading and text, as a card
shows them); `kind: refuse` questions are right when
refused; a refusal of a question with expectations is a false refusal. Of the questions whose
first citation is a hit, `quoted` is the share whose answer text holds an expected string (the
sentence that answers is quoted, not only its clause). The same retrieval figures
are computed for the fused ranking without lookups, for BM25 alone and for dense alone.
It does not tune anything: thresholds live in `kb.answer`.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kb.answer import Answer, answer_question
from kb.asked import squash
from kb.errors import CorpusError
from kb.retrieve import Retriever
from measure.stats import percentile

REPORTED = {"fusion": "hybrid", "bm25": "bm25", "dense": "dense"}  # report line -> retrieval mode


@dataclass(frozen=True)
class Gold:
    id: str
    question: str
    expect: list[str]
    kind: str


@dataclass
class Report:
    questions: int
    answerable: int
    hit1: float
    hit5: float
    mrr5: float
    refusals_right: int
    refusals_total: int
    false_refusals: int
    latency_p50_ms: float
    latency_p95_ms: float
    per_kind_hit1: dict[str, float]
    modes: dict[str, dict[str, float]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    # of the answerable questions answered with the right clause first, the share whose answer
    # text quotes an expected phrase: the sentence that answers, not only its clause
    quoted: float = 0.0


def load_gold(path: Path) -> list[Gold]:
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise CorpusError(f"cannot read gold file {path}: {e.strerror}") from e
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            g = json.loads(line)
            out.append(Gold(str(g["id"]), g["question"], list(g.get("expect", [])), g["kind"]))
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise CorpusError(
                f"{path} line {n} is not a gold record ({e}): each line must be JSON with "
                '"id", "question", "expect" (list) and "kind"'
            ) from e
    if not out:
        raise CorpusError(f"{path} holds no questions")
    return out


def first_hit(texts: list[str], expect: list[str]) -> int | None:
    """1-based rank of the first text containing an expected string, else None."""
    want = [squash(e) for e in expect]
    for i, t in enumerate(texts, 1):
        flat = squash(t)
        if any(w in flat for w in want):
            return i
    return None


def evaluate_gold(retriever: Retriever, gold: list[Gold], k: int = 5,
             ) -> tuple[Report, list[dict]]:
    rows, ranks, latencies, quoted = [], {}, [], []
    per_kind: dict[str, list[int]] = {}
    refusals_right = refusals_total = false_refusals = 0
    mode_ranks: dict[str, dict[str, int | None]] = {m: {} for m in REPORTED}
    for g in gold:
        a: Answer = answer_question(retriever, g.question, k=k)
        latencies.append(a.latency_ms)
        row = {"id": g.id, **a.to_json()}
        if g.kind == "refuse" or not g.expect:
            refusals_total += 1
            refusals_right += int(a.refused)
        else:
            shown = [_shown(c) for c in a.citations + a.related]  # quoted, then the others
            rank = None if a.refused else first_hit(shown, g.expect)
            false_refusals += int(a.refused)
            ranks[g.id] = rank
            per_kind.setdefault(g.kind, []).append(int(rank == 1))
            for name, mode in REPORTED.items():
                res = retriever.search(g.question, k=k, mode=mode, route=False)
                texts = [f"{h.clause.label}\n{retriever.store.full_text(h.clause)}"
                         for h in res.hits]
                mode_ranks[name][g.id] = first_hit(texts, g.expect)
            row["hit_rank"] = rank
            if rank == 1:
                quoted.append(any(squash(e) in squash(a.answer) for e in g.expect))
        rows.append(row)
    report = Report(
        questions=len(gold),
        answerable=len(ranks),
        **_figures(ranks),
        refusals_right=refusals_right,
        refusals_total=refusals_total,
        false_refusals=false_refusals,
        latency_p50_ms=round(statistics.median(latencies), 1),
        latency_p95_ms=round(percentile(latencies, 95), 1),
        per_kind_hit1={k: round(sum(v) / len(v), 3) for k, v in sorted(per_kind.items())},
        modes={name: _figures(r) for name, r in mode_ranks.items()},
        misses=[i for i, r in ranks.items() if r != 1],
        quoted=round(sum(quoted) / len(quoted), 3) if quoted else 0.0,
    )
    return report, rows


def _shown(c) -> str:
    """What a citation shows: clause number and heading, then the text."""
    return f"{c.clause} {c.heading}\n{c.text}"


def _figures(ranks: dict[str, int | None]) -> dict[str, float]:
    n = max(len(ranks), 1)
    vals = list(ranks.values())
    return {
        "hit1": round(sum(r == 1 for r in vals) / n, 3),
        "hit5": round(sum(r is not None and r <= 5 for r in vals) / n, 3),
        "mrr5": round(sum(1 / r for r in vals if r is not None and r <= 5) / n, 3),
    }


def format_report(r: Report) -> str:
    lines = [
        f"questions: {r.questions} ({r.answerable} with expectations, {r.refusals_total} to refuse)",
        f"hit@1 {r.hit1:.3f}   hit@5 {r.hit5:.3f}   MRR@5 {r.mrr5:.3f}",
        f"refusals right: {r.refusals_right}/{r.refusals_total}   false refusals: {r.false_refusals}",
        f"answers at rank 1 that quote an expected phrase: {r.quoted:.3f}",
        f"latency p50 {r.latency_p50_ms:.1f} ms   p95 {r.latency_p95_ms:.1f} ms",
        "per kind hit@1: " + ", ".join(f"{k} {v:.2f}" for k, v in r.per_kind_hit1.items()),
        "retrieval alone (no lookups, no refusals):",
    ]
    lines += [f"  {name:7s} hit@1 {m['hit1']:.3f}  hit@5 {m['hit5']:.3f}  MRR@5 {m['mrr5']:.3f}"
              for name, m in r.modes.items()]
    if r.misses:
        lines.append("not at rank 1: " + ", ".join(r.misses))
    return "\n".join(lines)


def report_json(r: Report) -> str:
    return json.dumps(asdict(r), ensure_ascii=False, indent=2)
