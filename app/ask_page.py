"""问答: the chat. A question gets a streamed, cited answer, one card per quoted clause and the
other candidates folded under 相关条款; follow-ups use the conversation; each answer can be
rated (no verdict is preselected)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import streamlit as st
from ui import clause_card, clause_title, doc_label, md

from kb.answer import Answer, answer_question
from kb.errors import QuestionError
from kb.retrieve import Filters, Retriever

STARTERS = [  # one of each kind a newcomer asks: a duty, a term, a clause number, a figure
    "接包方应对保密信息采取哪些保密措施？",
    "离岸外包是什么意思？",
    "若干规定第七条是什么内容？",
    "2014年1至7月签订了多少服务外包合同？",
]


def statements(a: Answer) -> Iterator[str]:
    for line in a.answer.splitlines():
        yield md(line) + "  \n"
        time.sleep(0.02)


def show_answer(a: Answer, retriever: Retriever, turn: int, stream: bool = False) -> None:
    if a.refused:
        st.warning(md(a.answer))
        if a.nearest:
            st.caption("最接近的条款（仅供浏览，不作为答案）：" if a.language == "zh" else
                       "Nearest clauses (for browsing, not an answer):")
            for c in a.nearest:
                clause = retriever.store.by_id[c.id]
                with st.expander(md(f"{doc_label(retriever, c.doc_slug)} {clause_title(clause)}")):
                    st.markdown(md(c.text).replace("\n", "<br>"), unsafe_allow_html=True)
        return
    if a.context_docs:
        titles = "、".join(doc_label(retriever, d) for d in a.context_docs)
        st.caption(f"追问：按上一回答的文档 {md(titles)} 回答")
    if a.language == "en":
        st.caption("Quoted from the Chinese source clauses; markers [n] refer to the cards below.")
    if stream:
        st.write_stream(statements(a))
    else:
        st.markdown("  \n".join(md(line) for line in a.answer.splitlines()))
    for c in a.citations:
        clause_card(retriever.store.by_id[c.id], retriever, rank=c.rank, keywords=a.keywords,
                    quoted=True, lang=a.language)
    if a.related:
        with st.expander(f"相关条款（{len(a.related)}，未引用）" if a.language == "zh" else
                         f"Related clauses ({len(a.related)}, not quoted)"):
            for c in a.related:
                clause = retriever.store.by_id[c.id]
                st.markdown(md(f"[{c.rank}] {doc_label(retriever, c.doc_slug)} "
                               f"{clause_title(clause)}"))
                st.caption(md(c.text[:160] + ("…" if len(c.text) > 160 else "")))
    feedback_form(a, turn)


FEEDBACK_LABELS = {
    "zh": ("已记录反馈：", "这个回答有帮助吗？", ("有帮助", "没帮助"), "意见（可选）", "提交反馈",
           "请先选择“有帮助”或“没帮助”，再提交。"),
    "en": ("Feedback recorded: ", "Was this answer helpful?", ("Helpful", "Not helpful"),
           "Comment (optional)", "Send", "Choose Helpful or Not helpful first."),
}


def feedback_form(a: Answer, turn: int) -> None:
    recorded, asked, (yes, no), comment_label, send, choose = FEEDBACK_LABELS.get(
        a.language, FEEDBACK_LABELS["zh"])
    given = st.session_state.feedback_given.get(turn)
    if given is not None:
        st.caption(recorded + (yes if given else no))
        return
    with st.form(key=f"feedback-{turn}", border=False):
        cols = st.columns([2, 5, 1])
        verdict = cols[0].radio(asked, [yes, no], horizontal=True, key=f"verdict-{turn}",
                                index=None)
        comment = cols[1].text_input(comment_label, key=f"comment-{turn}", max_chars=2000)
        if cols[2].form_submit_button(send):
            if verdict is None:
                st.warning(choose)
                return
            st.session_state.feedback_store.add(a, helpful=verdict == yes, comment=comment)
            st.session_state.feedback_given[turn] = verdict == yes
            st.rerun()


def context_docs() -> tuple[str, ...]:
    for a in reversed(st.session_state.turns):
        if not a.refused and a.citations:
            return (a.citations[0].doc_slug,)
    return ()


def ask_page(retriever: Retriever, filters: Filters, k: int, max_chars: int) -> None:
    turns: list[Answer] = st.session_state.turns
    question = st.chat_input("请输入问题，例如：接包方需要和员工签订哪些协议？")
    question = question if question is not None else st.session_state.pop("pending", None)
    if not turns and question is None:
        st.caption("可以这样问（新员工可从这里开始）：")
        cols = st.columns(2)  # two per row: every starter is readable in full
        for col, q in zip(cols * 2, STARTERS, strict=True):
            col.button(q, use_container_width=True, on_click=st.session_state.update,
                       kwargs={"pending": q})
    for i, a in enumerate(turns):
        with st.chat_message("user"):
            st.markdown(md(a.question))
        with st.chat_message("assistant"):
            show_answer(a, retriever, i)
    if question is None:
        return
    with st.chat_message("user"):
        st.markdown(md(question) if question.strip() else "（空白）")
    with st.chat_message("assistant"):
        try:
            a = answer_question(retriever, question, k=k, filters=filters, max_chars=max_chars,
                                context_docs=context_docs())
        except QuestionError as e:
            st.error(md(str(e)))
            return
        turns.append(a)
        show_answer(a, retriever, len(turns) - 1, stream=True)
