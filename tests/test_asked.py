"""The question bank (`kb.asked`): resolved against the corpus at build, shipped vectors that match
the embedder, and the nearest-question decision on the real index."""

import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from kb.answer import answer_question
from kb.asked import DATA, SHIPPED, Asked, Bank, bank_text, read_bank, resolve, shipped_vectors
from kb.errors import IndexMismatchError, KBError
from kb.index import build, load
from kb.rerank import FEATURES, Reranker
from kb.retrieve import Retriever
from measure.make_asked import entries


def test_the_seed_corpus_answers_most_of_the_bank(kb):
    rows = read_bank()
    assert kb.asked is not None and len(kb.asked) == kb.manifest["asked"]
    assert 0.95 * len(rows) <= len(kb.asked) <= len(rows)
    assert {e.source for e in kb.asked.entries} >= {"tune", "fresh", "fresh58"}
    assert not {e.source for e in kb.asked.entries} & {"dev", "holdout"}


def test_resolve_keeps_every_clause_of_its_document_that_holds_the_words_and_drops_the_rest(kb):
    clauses = {c.id: (c.doc, f"{c.label}\n{kb.store.full_text(c)}") for c in kb.store.clauses}
    words = "对保密信息载体使用密码"
    got = resolve([{"question": "要设密码吗？", "expect": [words], "doc": "info-protection-rules",
                    "set": "x"},
                   {"question": "火星的首都？", "expect": ["火星首都是奥林帕斯"], "doc": "", "set": "x"},
                   {"question": "要设密码吗？", "expect": [words], "doc": "job-spec-1", "set": "x"}],
                  clauses)
    assert len(got) == 1 and got[0].row == 0  # words no clause has; words not in its document
    holders = {cid for cid, (_, text) in clauses.items() if words in text}
    assert set(got[0].clause_ids) == holders and len(holders) >= 2  # the item and its article


def test_shipped_vectors_are_the_embedder_s_own(kb):
    rows = read_bank()
    questions = [r["question"] for r in rows]
    shipped = shipped_vectors(kb.embedder.name, questions)
    assert shipped is not None, f"{SHIPPED} is stale or missing: run `make asked`"
    picks = list(range(0, len(rows), max(1, len(rows) // 12)))
    fresh = kb.embedder.encode_queries([bank_text(rows[i]["question"]) for i in picks])
    assert np.min(np.sum(fresh * shipped[picks], axis=1)) > 0.999
    assert shipped_vectors("another-embedder", questions) is None
    assert shipped_vectors(kb.embedder.name, questions[1:]) is None  # the bank changed since


def _unit(*x):
    v = np.asarray(x, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_the_nearest_question_decides_only_when_close_and_with_a_clear_margin():
    apart = Bank([Asked("a", ("c1",), "s1"), Asked("b", ("c2",), "s2")],
                 np.stack([_unit(1, 0, 0), _unit(0, 1, 0)]))
    assert apart.answer(_unit(1, 0.1, 0)) == ("c1",)  # close to a, far from b
    assert apart.answer(_unit(0.4, 0, 1)) is None  # close to nothing
    assert apart.answer(_unit(1, 0.1, 0), exclude=frozenset({"s1"})) is None
    near = np.stack([_unit(1, 0, 0), _unit(1, 0.05, 0)])  # two questions nearly the same
    assert Bank([Asked("a", ("c1",), "s"), Asked("b", ("c2",), "s")], near).answer(
        _unit(1, 0, 0)) is None  # answered by different clauses: no clear winner
    assert Bank([Asked("a", ("c1", "c9"), "s"), Asked("b", ("c9",), "s")], near).answer(
        _unit(1, 0, 0)) == ("c9",)  # both answered by c9: no rival, and c9 is the one meant
    # the nearer questions that agree narrow the nearest one's clauses, up to the first that
    # disagrees: a question farther than that says nothing
    three = np.stack([_unit(1, 0, 0), _unit(1, 0.2, 0), _unit(1, 0.3, 0)])
    assert Bank([Asked("a", ("c1", "c9"), "s"), Asked("b", ("c2",), "s"),
                 Asked("c", ("c9",), "s")], three).answer(_unit(1, 0, 0)) == ("c1", "c9")
    assert Bank([Asked("a", ("c1", "c9"), "s"), Asked("b", ("c1",), "s"),
                 Asked("c", ("c2",), "s")], three).answer(_unit(1, 0, 0)) == ("c1",)


def test_a_question_like_one_the_documents_do_not_answer_is_refused_only_when_clearly_nearest():
    bank = Bank([Asked("answered", ("c1",), "s1"), Asked("unanswered", (), "s2")],
                np.stack([_unit(1, 0, 0), _unit(0, 1, 0)]))
    assert bank.refused(_unit(0.1, 1, 0)).question == "unanswered"
    assert bank.refused(_unit(1, 0.1, 0)) is None  # nearest to the answered one
    assert bank.refused(_unit(0, 0.3, 1)) is None  # close to neither
    assert bank.refused(_unit(0.1, 1, 0), exclude=frozenset({"s2"})) is None
    # an answered question nearly as close: no clear margin, no refusal
    rivals = Bank([Asked("answered", ("c1",), "s"), Asked("unanswered", (), "s")],
                  np.stack([_unit(0.05, 1, 0), _unit(0, 1, 0)]))
    assert rivals.refused(_unit(0, 1, 0)) is None
    # and the unanswered questions neither answer nor weigh in the answered ones' closeness
    assert bank.answer(_unit(0.1, 1, 0)) is None
    assert set(bank.closeness(_unit(0.1, 1, 0))) == {"c1"}
    assert Bank([Asked("a", ("c1",), "s")], _unit(1, 0, 0)[None]).refused(_unit(1, 0, 0)) is None


def test_unanswered_questions_hold_only_for_the_documents_they_were_judged_on(kb):
    clauses = {c.id: (c.doc, f"{c.label}\n{kb.store.full_text(c)}") for c in kb.store.clauses}
    rows = [{"question": "要设密码吗？", "expect": ["对保密信息载体使用密码"],
             "doc": "info-protection-rules", "set": "x"},
            {"question": "个人信息保护法罚多少？", "expect": [], "doc": "", "set": "x"}]
    one_doc = {cid: v for cid, v in clauses.items() if v[0] == "info-protection-rules"}
    got = resolve(rows, one_doc)
    assert [(a.question, a.clause_ids) for a in got][1] == ("个人信息保护法罚多少？", ())
    # a corpus with documents no answered question is about (added since: they may answer it)
    assert [a.question for a in resolve(rows, clauses)] == ["要设密码吗？"]
    # the shipped bank was judged on the seed documents: they keep its unanswered questions
    assert any(not e.clause_ids for e in kb.asked.entries)
    made = entries([Path("eval/fresh140.jsonl")])  # `make asked` keeps a set's unanswerable ones
    assert any(e["expect"] == [] and e["doc"] == "" for e in made)


def test_fit_asked_measures_the_bank_s_thresholds_on_a_design_set(index_settings, capsys):
    """`measure.fit_asked` prints what the bank gains and loses at rank 1 for each setting, and
    for bounds on how far below search's first clause its clause may score and how much less of
    the question it may say (`ASKED_SHORT`)."""
    from measure.fit_asked import GAPS, SHORTS, main

    assert main(["eval/fresh87.jsonl", "--index", str(index_settings.index),
                 "--corpus", str(index_settings.corpus)]) == 0
    out = capsys.readouterr().out
    assert "questions ranked by search" in out and "0.9    5 " in out
    rows = [line.split()[1:] for line in out.splitlines()[-len(GAPS):]]
    counts = [[(int(g), -int(lost)) for g, lost in zip(r[::2], r[1::2])] for r in rows]
    assert len(counts) == len(GAPS) and all(len(r) == len(SHORTS) for r in counts)
    # a bound only takes routes away: never more gained or lost than with none
    unbounded = counts[0][0]
    assert all(g <= unbounded[0] and lost <= unbounded[1] for r in counts for g, lost in r)


def test_closeness_is_each_clause_s_closest_question_against_the_closest_of_all():
    bank = Bank([Asked("a", ("c1", "c9"), "s1"), Asked("b", ("c2",), "s2"),
                 Asked("c", ("c2",), "s2")],
                np.stack([_unit(1, 0, 0), _unit(0, 1, 0), _unit(1, 0.3, 0)]))
    got = bank.closeness(_unit(1, 0.1, 0))
    assert got["c1"] == got["c9"] == 0.0  # the nearest question's clauses
    cosine = lambda *v: float(_unit(1, 0.1, 0) @ _unit(*v))  # noqa: E731
    assert got["c2"] == pytest.approx(cosine(1, 0.3, 0) - cosine(1, 0, 0), abs=1e-6)  # its best
    assert set(bank.closeness(_unit(1, 0.1, 0), exclude=frozenset({"s1"}))) == {"c2"}
    assert bank.closeness(_unit(1, 0, 0), exclude=frozenset({"s1", "s2"})) == {}
    assert Bank([], np.zeros((0, 3), dtype=np.float32)).closeness(_unit(1, 0, 0)) == {}


def test_the_clause_that_answered_questions_like_this_one_ranks_higher(retriever):
    # a wording no bank question has, nowhere near 0.90 of one: the second stage weighs how close
    # each clause's own bank questions are; without the bank 第五条 (系统备份和故障恢复) is first
    asked = "外包商的服务器要是宕机了，数据能不能恢复，考核标准里看哪一项？"
    hits = retriever.search(asked).hits
    assert hits[0].via == "hybrid" and hits[0].clause.id == "it-assessment:3"  # 数据备份策略…灾难恢复
    retriever.asked_exclude = frozenset(e.source for e in retriever.kb.asked.entries)  # no bank
    try:
        hits = retriever.search(asked).hits
        assert hits[0].clause.id != "it-assessment:3"
        assert "it-assessment:3" in [h.clause.id for h in hits]
    finally:
        retriever.asked_exclude = frozenset()


def test_refusal_reads_the_evidence_not_the_bank():
    reranker = Reranker(np.arange(1, len(FEATURES) + 1, dtype=np.float32))
    x = np.ones((2, len(FEATURES)), dtype=np.float32)
    x[1, FEATURES.index("asked")] = -1.0  # the same clause, far from every bank question
    assert reranker.score(x)[0] > reranker.score(x)[1]
    assert reranker.evidence(x)[0] == reranker.evidence(x)[1]


def test_a_question_asked_before_in_other_words_gets_that_question_s_clause(retriever):
    # the bank holds "客户打电话来投诉我们处理的单子出了错，作为一线对接客户的外包人员我该怎么应对？"
    # (fresh58), answered by 服务外包人员岗位职责's second part; search alone ranks the third first
    entry = next(e for e in retriever.kb.asked.entries if "投诉我们处理的单子" in e.question)
    asked = "客户打电话投诉我们处理的单子有错，我作为对接客户的外包人员该怎么应对？"
    hit = retriever.search(asked).hits[0]
    assert hit.via == "asked" and hit.clause.id in entry.clause_ids
    retriever.asked_exclude = frozenset(e.source for e in retriever.kb.asked.entries)  # no bank
    try:
        hits = retriever.search(asked).hits
        assert all(h.via != "asked" for h in hits) and hits[0].clause.id not in entry.clause_ids
    finally:
        retriever.asked_exclude = frozenset()


def test_a_question_the_documents_did_not_answer_is_refused_again_in_other_words(retriever):
    # the bank holds "接包方需要多久向商务部报告一次信息保密情况？" (fresh124, to refuse: no clause
    # sets such a report); without it, 第十三条's "定期公布接包方的信息保密工作情况" is quoted
    asked = "接包方多久要向商务部报告一次信息保密情况？"
    answer = answer_question(retriever, asked)
    assert answer.refused and "接包方需要多久向商务部报告一次信息保密情况" in answer.answer
    retriever.asked_exclude = frozenset({"fresh124", "fresh52", "fresh19"})  # the sets asking it
    try:
        assert not answer_question(retriever, asked).refused
    finally:
        retriever.asked_exclude = frozenset()


def test_a_damaged_bank_is_a_clear_error(home):
    folder = home.index.resolve()
    (folder / "asked.json").write_text("[[1, 2]]", encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="question bank .* run `kb build`"):
        load(home)
    (folder / "asked.json").unlink()
    with pytest.raises(IndexMismatchError, match="kb build"):
        load(home)


def test_a_bank_file_line_that_is_no_entry_names_the_fix(tmp_path):
    bad = tmp_path / "asked.jsonl"
    shutil.copy(DATA, bad)
    with bad.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"question": "缺了答案"}, ensure_ascii=False) + "\n")
    with pytest.raises(KBError, match=f"line {len(read_bank()) + 1} is not a bank entry.*make asked"):
        read_bank(bad)
    with pytest.raises(KBError, match="cannot read the question bank .*KB_ASKED"):
        read_bank(tmp_path / "nowhere.jsonl")


def test_the_bank_is_never_made_from_a_reported_set(tmp_path):
    dev = tmp_path / "dev.jsonl"
    dev.write_text(json.dumps({"id": "d", "question": "q", "expect": ["x"], "kind": "k"}) + "\n")
    with pytest.raises(SystemExit, match="reported set"):
        entries([dev])


def _rebuilt(home, tmp_path, asked: str):
    """The seed corpus built again with another bank (the passages' vectors from the cache)."""
    (tmp_path / "other").mkdir()
    shutil.copy(home.index.parent / "embed-cache.sqlite", tmp_path / "other")
    settings = replace(home, index=tmp_path / "other" / "kb", asked=asked)
    return settings, build(settings)


def test_a_bank_of_your_own_is_embedded_at_build(home, tmp_path):
    own = tmp_path / "faq.jsonl"
    question = "我们公司的客户名单算不算需要保护的东西？"
    own.write_text(json.dumps({"question": question, "expect": ["对保密信息载体使用密码"],
                               "doc": "info-protection-rules"}, ensure_ascii=False) + "\n"
                   + json.dumps({"question": "别的文件", "expect": ["这句话哪里都没有"]},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    settings, manifest = _rebuilt(home, tmp_path, str(own))
    assert manifest["asked"] == 1 and manifest["asked_from"] == str(own)
    hit = Retriever(load(settings)).search(question).hits[0]
    assert hit.via == "asked" and "对保密信息载体使用密码" in load(settings).store.full_text(hit.clause)


def test_the_bank_can_be_turned_off(home, tmp_path):
    settings, manifest = _rebuilt(home, tmp_path, "off")
    assert manifest["asked"] == 0
    question = next(e["question"] for e in read_bank() if "投诉我们处理的单子" in e["question"])
    assert Retriever(load(home)).search(question).hits[0].via == "asked"  # the shipped bank
    assert all(h.via != "asked" for h in Retriever(load(settings)).search(question).hits)
