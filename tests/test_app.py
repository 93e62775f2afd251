"""The chat app's flows through Streamlit's AppTest (a real script run, no browser), on the real
index: question with citations, clause lookup, term lookup, follow-up, refusal, filter, feedback
saved in the database, errors."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from kb.feedback import FeedbackStore  # noqa: E402
from kb.index import load  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "app" / "chat.py")


@pytest.fixture()
def app(monkeypatch, index_settings, tmp_path):
    monkeypatch.setenv("KB_INDEX", str(index_settings.index))
    monkeypatch.setenv("KB_CORPUS", str(index_settings.corpus))
    monkeypatch.setenv("KB_FEEDBACK", str(tmp_path / "feedback.sqlite"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def shown(markdown: str) -> str:
    """What a reader sees of the app's escaped Markdown: backslash escapes and entities undone."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))


def page_text(at: AppTest) -> str:
    return " ".join(shown(m.value) for m in at.markdown)


def test_question_gets_cited_answer_with_cards(app):
    ask(app, "接包方需要和员工签订哪些协议？")
    text = page_text(app)
    assert "竞业禁止协议" in text and "[1]" in text
    assert "**[1] 《关于境内企业承接服务外包业务信息保护的若干规定》 第六条**" in text
    assert "<mark>" in text  # the question's terms are highlighted in the card
    assert any(e.label.startswith("上下文") for e in app.expander)


def test_an_items_card_names_the_parts_above_it(app):
    """An auditor copies a reference: an item's card says where it is (the part above › the item),
    not only "7、 业务流程外包BPO(Business…"."""
    ask(app, "哪一条讲了离岸外包")
    text = page_text(app)
    assert "**[1] 《服务外包业务》 根据主体对象 › 1、 离岸外包指" in text, text[:600]
    assert "出自《服务外包业务》根据主体对象 1：" in text
    ask(app, "岗位规范工作流程第四步要干啥")  # its number says its part: "四、4. 质量检查"
    assert "四、 工作流程 › " not in page_text(app)


def test_an_english_answers_own_labels_are_english(app):
    """An auditor asking in English reads the card and feedback labels in English (the clauses
    stay as written)."""
    ask(app, "What does Article 10 of the regulation say?")
    labels = [e.label for e in app.expander]
    assert "Full text of the clause" in labels and not any(lb.startswith("上下文") for lb in labels)
    assert any(b.label == "Send" for b in app.button)
    assert "提交反馈" not in [b.label for b in app.button]


def test_a_documents_header_card_is_shown_as_a_card(app):
    """"编号是多少" cites the document's header card (文件信息) and the cover: the card renders
    like any clause, its context fold empty but for the id to copy."""
    ask(app, "服务外包能力要求的标准编号是多少？")
    text = page_text(app)
    assert "**[1] 《服务外包能力要求》 文件信息**" in text
    assert "编号 code: CNCA/CTS XXXX-XXXXX；CESI XXX-XXXX（征求意见稿，编号与日期未定）" in text


def test_starter_questions_on_first_open(app):
    assert "接包方应对保密信息采取哪些保密措施？" in [b.label for b in app.button]
    next(b for b in app.button if b.label == "离岸外包是什么意思？").click().run()
    assert "外包商与其供应商来自不同国家" in page_text(app)


def test_follow_up_uses_the_conversation(app):
    ask(app, "若干规定第五条是什么？")
    ask(app, "它的施行日期？")
    assert "本规定自2010年2月1日起施行。 [1]" in page_text(app)
    assert any("追问" in c.value for c in app.caption)


def test_refusal_offers_nearest_clauses(app):
    ask(app, "明天上海天气怎么样？")
    assert any("没有找到" in w.value for w in app.warning)
    assert any("最接近的条款" in c.value for c in app.caption)


def test_english_question_gets_english_framing(app):
    ask(app, "What's the weather like in Beijing tomorrow?")
    assert any("Nothing relevant" in w.value for w in app.warning)


def test_kind_filter(app):
    app.multiselect(key="kinds").set_value(["guide"]).run()
    ask(app, "接包方应对保密信息采取哪些保密措施？")
    cards = [m.value for m in app.markdown if m.value.startswith("**[")]
    assert cards and not any("若干规定" in c for c in cards)


def test_feedback_is_saved(app, tmp_path):
    ask(app, "ITO的定义是什么？")
    app.radio(key="verdict-0").set_value("没帮助")
    app.text_input(key="comment-0").set_value("想看英文全称")
    next(b for b in app.button if b.label == "提交反馈").click().run()
    rows = FeedbackStore(tmp_path / "feedback.sqlite").all()
    assert len(rows) == 1 and rows[0].helpful is False and rows[0].comment == "想看英文全称"
    assert rows[0].question == "ITO的定义是什么？" and rows[0].clause_ids[0] == "fwwb-terms:§根据主体对象/8"
    assert any("已记录反馈" in c.value for c in app.caption)


def test_feedback_without_a_choice_records_nothing(app, tmp_path):
    ask(app, "ITO的定义是什么？")
    assert app.radio(key="verdict-0").value is None  # no verdict preselected
    next(b for b in app.button if b.label == "提交反馈").click().run()
    assert any("请先选择" in w.value for w in app.warning)
    assert not (tmp_path / "feedback.sqlite").exists() or \
        FeedbackStore(tmp_path / "feedback.sqlite").all() == []


def test_cards_only_for_quoted_clauses_others_folded(app):
    ask(app, "接包方需要和员工签订哪些协议？")
    cards = [m.value for m in app.markdown if m.value.startswith("**[")]
    values = [m.value for m in app.markdown]
    first_card = next(i for i, v in enumerate(values) if v.startswith("**["))
    answer = " ".join(shown(v) for v in values[:first_card])  # the answer text above the cards
    quoted = set(re.findall(r"\[(\d+)\]", answer))
    assert len(cards) == len(quoted) >= 1
    fold = [e for e in app.expander if e.label.startswith("相关条款")]
    assert len(fold) == 1 and "未引用" in fold[0].label


def test_new_conversation_clears_history(app):
    ask(app, "ITO的定义是什么？")
    next(b for b in app.button if b.label == "新对话").click().run()
    assert app.session_state.turns == [] and "将其IT系统的全部或部分外包" not in page_text(app)


def test_clause_lookup_and_tree(app):
    app.sidebar.radio(key="view").set_value("条款").run()
    app.text_input(key="clause-number").set_value("附录C.8").run()
    assert "**《服务外包能力要求》 C.8 业务连续性管理**" in page_text(app)
    assert any("只有该条款的标题" in i.value and "页码" in i.value for i in app.info)
    assert app.selectbox(key="tree-doc").value == "info-protection-rules"  # the richest document
    assert app.button(key="tree-info-protection-rules:第15条").label == "第十五条 本规定自2010年2月1日起施行。…"
    app.button(key="tree-info-protection-rules:第15条").click().run()
    assert "本规定自2010年2月1日起施行。" in page_text(app)  # a click opens the clause


def test_no_internal_ids_where_users_read(app):
    ask(app, "ITO的定义是什么？")
    captions = [shown(c.value) for c in app.caption if not c.value.startswith("引用编号")]
    visible = page_text(app) + " ".join(e.label for e in app.expander) + " ".join(captions)
    assert not re.search(r"[a-z-]+:[§¶第]", visible)  # no clause ids like fwwb-terms:§…
    assert "¶" not in visible and "(fwwb-terms)" not in visible
    sidebar = " ".join(shown(c.value) for c in app.sidebar.caption)
    assert "《外包岗位岗位规范》（同名文档 1/3）" in sidebar and "job-spec" not in sidebar


def test_clause_lookup_unknown_number(app):
    app.sidebar.radio(key="view").set_value("条款").run()
    app.text_input(key="clause-number").set_value("第九十九条").run()
    assert any("没有找到条款" in w.value for w in app.warning)


def test_term_lookup(app):
    app.sidebar.radio(key="view").set_value("术语").run()
    app.text_input(key="term-query").set_value("bpo").run()
    text = page_text(app)
    assert "**业务流程外包**（BPO / Business Process Outsourcing）" in text
    assert "出处：《服务外包业务》" in text and "fwwb-terms:" not in text  # words, not ids


def test_term_entries_are_one_per_term_with_every_source(app):
    app.sidebar.radio(key="view").set_value("术语").run()
    app.text_input(key="term-query").set_value("外包岗位").run()
    text = page_text(app)
    assert text.count("**外包岗位**") == 1 and "3 处出处" in text
    app.text_input(key="term-query").set_value("保密信息").run()
    text = page_text(app)
    assert "\n(三) 接包方根据合同约定应当承担保密义务。" in text  # the definition's items
    app.text_input(key="term-query").set_value("KPO").run()
    assert "**知识流程外包**（KPO） · 缩写（文中未定义）" in page_text(app)


def test_over_long_question_is_an_error_with_a_hint(app):
    ask(app, "问" * 900)
    assert any("limit is 500" in e.value for e in app.error)


def test_missing_index_is_an_error_with_a_hint(monkeypatch, tmp_path):
    monkeypatch.setenv("KB_INDEX", str(tmp_path / "none"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert any("kb build" in e.value for e in at.error)


def test_admin_is_off_without_an_operator_token(app, monkeypatch):
    monkeypatch.delenv("KB_ADMIN_TOKEN", raising=False)
    app.sidebar.radio(key="view").set_value("管理").run()
    assert any("KB_ADMIN_TOKEN" in i.value for i in app.info)
    assert not app.get("file_uploader")


def test_admin_needs_the_token_then_removes_a_document(monkeypatch, home, tmp_path):
    monkeypatch.setenv("KB_INDEX", str(home.index))
    monkeypatch.setenv("KB_CORPUS", str(home.corpus))
    monkeypatch.setenv("KB_FEEDBACK", str(tmp_path / "feedback.sqlite"))
    monkeypatch.setenv("KB_ADMIN_TOKEN", "s3cret-token")
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.sidebar.radio(key="view").set_value("管理").run()
    login(at, "wrong")
    assert any("口令不正确" in e.value for e in at.error) and not at.get("file_uploader")
    login(at, "s3cret-token")
    assert at.get("file_uploader")
    at.selectbox(key="remove-doc").set_value("it-assessment").run()
    next(b for b in at.button if b.label == "删除").click().run()
    assert not at.exception
    assert not (home.corpus / "it-assessment.txt").exists()
    assert "it-assessment" not in [d.slug for d in load(home).store.docs]
    assert not any("it-assessment.txt" in o for o in at.selectbox(key="remove-doc").options)
    assert any("job-spec-1.txt" in o for o in at.selectbox(key="remove-doc").options)


def login(at: AppTest, token: str) -> None:
    at.text_input(key="admin-token").set_value(token)
    next(b for b in at.button if b.label == "登录").click().run()
    assert not at.exception, at.exception


def test_admin_login_pauses_after_repeated_wrong_tokens(monkeypatch, index_settings, tmp_path):
    """Five wrong tokens pause logins for the whole server: even the right one is refused then,
    and a new browser session (a new AppTest in the same process) does not reset the count."""
    monkeypatch.setenv("KB_INDEX", str(index_settings.index))
    monkeypatch.setenv("KB_CORPUS", str(index_settings.corpus))
    monkeypatch.setenv("KB_FEEDBACK", str(tmp_path / "feedback.sqlite"))
    monkeypatch.setenv("KB_ADMIN_TOKEN", "s3cret-token")
    import streamlit as st

    st.cache_resource.clear()  # wrong tokens of earlier tests in this process count too
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.sidebar.radio(key="view").set_value("管理").run()
    for _ in range(5):
        login(at, "guess")
        assert any("口令不正确" in e.value for e in at.error)
    at.run()
    assert any("错误次数过多" in e.value for e in at.error)
    assert not at.get("text_input") or not any(t.key == "admin-token" for t in at.text_input)
    try:
        fresh = AppTest.from_file(APP, default_timeout=120).run()
        fresh.sidebar.radio(key="view").set_value("管理").run()
        assert any("错误次数过多" in e.value for e in fresh.error) and not fresh.get("file_uploader")
    finally:
        st.cache_resource.clear()  # the pause is process-wide: lift it for the other tests


def test_the_sidebar_counts_articles_and_their_items_apart(app):
    """The regulation has 15 articles; with the items of 第三条 and 第五条 it has 26 citable
    units. "26 条" would tell a trainee it had 26 articles."""
    captions = [shown(c.value) for c in app.sidebar.caption]
    assert any("若干规定》 · 法规 · 15 条/节，含各项共 26 处" in c for c in captions), captions
