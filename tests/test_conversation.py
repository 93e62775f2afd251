"""Follow-up questions answered against the previous answer's documents; feedback and exports."""

from __future__ import annotations

import pytest

from kb.answer import answer_question
from kb.config import Settings
from kb.documents import Document
from kb.feedback import FeedbackStore, conversation_markdown
from kb.index import build, load
from kb.query import is_follow_up
from kb.retrieve import Retriever


@pytest.mark.parametrize("q,expected", [
    ("那第六条呢？", True), ("它的施行日期？", True), ("其中第三项呢", True),
    ("接包方的其他义务有哪些", False), ("若干规定第七条是什么内容？", False),
])
def test_follow_up_cues(q, expected):
    assert is_follow_up(q) is expected


@pytest.mark.parametrize("first,follow,expected", [
    ("若干规定第五条", "它的施行日期？", "info-protection-rules:第15条"),
    ("IT外包的绩效考核中项目进度怎么考核？", "那技术能力呢？", "it-assessment:2"),
    ("服务外包能力要求6.7是什么条款？", "它的范围是什么？", "sop-capability:1"),
])
def test_follow_up_resolves_against_the_same_document(retriever, first, follow, expected):
    previous = answer_question(retriever, first)
    a = answer_question(retriever, follow, context_docs=(previous.citations[0].doc_slug,))
    assert not a.refused and a.citations[0].id == expected
    assert a.context_docs == (previous.citations[0].doc_slug,)


def test_off_topic_follow_up_is_still_refused(retriever):
    a = answer_question(retriever, "它的股价是多少？", context_docs=("info-protection-rules",))
    assert a.refused


@pytest.fixture(scope="module")
def two_regulations(tmp_path_factory):
    """Two documents that both have a 第五条 and a 第六条."""
    home = tmp_path_factory.mktemp("two")
    corpus = home / "corpus"
    corpus.mkdir()
    for slug, title, topic in [("a-rules", "甲单位数据管理办法", "数据"), ("b-rules", "乙单位档案管理办法", "档案")]:
        body = (f"第五条 {topic}应当分级保存。\n第六条 {topic}销毁前应当经负责人批准。\n"
                f"第七条 本办法自发布之日起施行。")
        (corpus / f"{slug}.txt").write_text(
            Document(slug, title, "regulation", body).to_text(), encoding="utf-8")
    settings = Settings(index=home / "idx" / "kb", corpus=corpus)
    build(settings)
    return Retriever(load(settings))


def test_shared_clause_numbers_list_every_candidate(two_regulations):
    hits = two_regulations.search("第六条", k=5).hits
    lookups = [h.clause.id for h in hits if h.via == "lookup"]
    assert lookups == ["a-rules:第6条", "b-rules:第6条"]


def test_shared_number_answer_quotes_every_document(two_regulations):
    a = answer_question(two_regulations, "第六条是什么？")
    assert a.statements[0].text.startswith("有 2 个文档都有第六条：") and not a.statements[0].quoted
    assert "数据销毁前应当经负责人批准。" in a.answer and "档案销毁前应当经负责人批准。" in a.answer


def test_follow_up_picks_the_previous_document(two_regulations):
    a = answer_question(two_regulations, "那第六条呢？", context_docs=("b-rules",))
    assert a.citations[0].id == "b-rules:第6条" and "档案销毁" in a.answer
    named = answer_question(two_regulations, "甲单位数据管理办法第六条", context_docs=("b-rules",))
    assert named.citations[0].id == "a-rules:第6条"  # a named document wins over the context


def test_feedback_is_stored_and_exported(retriever, tmp_path):
    store = FeedbackStore(tmp_path / "fb" / "feedback.sqlite")
    a = answer_question(retriever, "接包方需要和员工签订哪些协议？")
    store.add(a, helpful=True, comment="清楚")
    store.add(answer_question(retriever, "明天上海天气怎么样？"), helpful=False)
    rows = FeedbackStore(tmp_path / "fb" / "feedback.sqlite").all()  # reopened from disk
    assert [(r.helpful, r.refused) for r in rows] == [(True, False), (False, True)]
    assert rows[0].clause_ids[0] == "info-protection-rules:第6条" and rows[0].comment == "清楚"
    md = store.to_markdown()
    assert "👍" in md and "info-protection-rules:第6条" in md and "清楚" in md


def test_conversation_export(retriever):
    a = answer_question(retriever, "若干规定第七条是什么内容？")
    md = conversation_markdown([a])
    assert md.startswith("# 对话记录") and "## 问：若干规定第七条是什么内容？" in md
    assert "加强对员工的信息安全培训" in md and "[1] 《关于境内企业承接服务外包业务信息保护的若干规定》 第七条" in md


def test_feedback_file_that_cannot_be_created(tmp_path):
    from kb.errors import KBError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(KBError, match="KB_FEEDBACK"):
        FeedbackStore(blocker / "feedback.sqlite")
