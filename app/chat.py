"""Streamlit chat over the knowledge base: cited answers, refusals, clause lookup.

All retrieval and answering is done by the `kb` library; this file only lays it out. Start with
`make run` (binds to 127.0.0.1); the index is loaded once per process.
"""

from __future__ import annotations

import html
import logging
import re

import jieba
import streamlit as st

from kb.answer import Answer, answer_question
from kb.cli import book
from kb.config import Settings
from kb.errors import KBError, QuestionError
from kb.index import load
from kb.retrieve import Filters, Retriever

jieba.setLogLevel(logging.WARNING)
st.set_page_config(page_title="服务外包合规知识库", page_icon="📘", layout="wide")

STARTERS = [
    "接包方应对保密信息采取哪些保密措施？",
    "离岸外包是什么意思？",
    "若干规定第七条是什么内容？",
    "附录C.8讲的是什么？",
]
KINDS = {"standard": "标准", "regulation": "法规", "terminology": "术语", "guide": "指南",
         "data": "数据"}


@st.cache_resource(show_spinner="正在加载知识库索引…")
def get_retriever(settings: Settings) -> Retriever:
    return Retriever(load(settings))


def highlight(text: str, question: str, retriever: Retriever) -> str:
    """The clause text, HTML-escaped, with the question's keywords marked."""
    out = html.escape(text)
    terms = sorted({t for t in retriever.kb.segmenter.tokens(question) if len(t) >= 2},
                   key=len, reverse=True)
    for t in terms:
        out = re.sub(re.escape(html.escape(t)), lambda m: f"<mark>{m.group(0)}</mark>", out,
                     flags=re.I)
    return out.replace("\n", "<br>")


def show_answer(a: Answer, retriever: Retriever) -> None:
    if a.refused:
        st.warning(a.answer)
        if a.nearest:
            st.caption("最接近的条款（仅供浏览，不作为答案）：")
            for c in a.nearest:
                st.markdown(f"- {book(c.doc)} {c.clause} {c.heading}")
        return
    st.markdown(a.answer.replace("\n", "  \n"))
    for c in a.citations:
        label = f"[{c.rank}] {book(c.doc)} {c.clause} {c.heading}".strip()
        with st.expander(label, expanded=c.rank == 1):
            if c.title_only:
                st.info("知识库中只有该条款的标题（来自目录），没有正文。")
            st.markdown(highlight(c.text, a.question, retriever), unsafe_allow_html=True)
            clause = retriever.store.by_id.get(c.id)
            if clause and clause.parent:
                parent = retriever.store.by_id[clause.parent]
                st.caption(f"上级条款：{parent.label}")
            st.caption(f"条款编号 {c.id} · 相关度 {c.score}")


def main() -> None:
    st.title("服务外包合规知识库")
    try:
        retriever = get_retriever(Settings.from_env())
    except KBError as e:
        st.error(f"知识库索引不可用：{e}")
        st.info("在项目目录运行 `make run`（或 `kb build`）重建索引后刷新页面。")
        st.stop()

    store = retriever.store
    with st.sidebar:
        st.header("检索范围")
        kinds = st.multiselect("文档类型", list(KINDS), default=list(KINDS),
                               format_func=lambda k: KINDS[k])
        k = st.slider("引用条款数", 1, 5, 5)
        if st.button("新对话"):
            st.session_state.messages = []
        st.header("知识库内容")
        for d in store.docs:
            n = sum(c.doc == d.slug for c in store.clauses)
            t = sum(c.doc == d.slug and c.title_only for c in store.clauses)
            st.caption(f"{book(d.title)} · {KINDS[d.kind]} · {n} 条" +
                       (f"（{t} 条仅有标题）" if t else ""))
        m = retriever.kb.manifest
        st.caption(f"嵌入模型 {m['embedder']} · 构建于 {m['built_at']}")

    filters = Filters(kinds=frozenset(kinds)) if set(kinds) != set(KINDS) else Filters()
    messages = st.session_state.setdefault("messages", [])
    if not messages:
        st.caption("可以这样问：")
        cols = st.columns(len(STARTERS))
        for col, q in zip(cols, STARTERS):
            if col.button(q, use_container_width=True):
                st.session_state.pending = q
    for msg in messages:
        with st.chat_message(msg["role"]):
            if msg["role"] == "user":
                st.markdown(msg["content"])
            else:
                show_answer(msg["answer"], retriever)

    question = st.chat_input("请输入问题，例如：接包方需要和员工签订哪些协议？")
    question = question or st.session_state.pop("pending", None)
    if question is None:
        return
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"):
        try:
            a = answer_question(retriever, question, k=k, filters=filters)
        except QuestionError as e:
            st.error(str(e))
            return
        show_answer(a, retriever)
    messages.append({"role": "user", "content": question})
    messages.append({"role": "assistant", "answer": a})


main()
