"""Streamlit app over the knowledge base: the entry page, its sidebar and the four views.

All retrieval and answering is done by the `kb` library; the app only lays it out and keeps the
conversation. Each view is a module of its own (`ask_page`, `clause_page`, `term_page`,
`admin_page`); what they share is in `ui`. Start with `make run` (binds to 127.0.0.1).
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the page modules beside this file

import jieba  # noqa: E402
import streamlit as st  # noqa: E402
from admin_page import admin_page  # noqa: E402
from ask_page import ask_page  # noqa: E402
from clause_page import clause_page  # noqa: E402
from term_page import term_page  # noqa: E402
from ui import KIND_NAMES, doc_label, get_feedback, get_retriever, md  # noqa: E402

from kb.config import Settings, serving_threads  # noqa: E402
from kb.errors import KBError  # noqa: E402
from kb.feedback import conversation_markdown  # noqa: E402
from kb.retrieve import Filters, Retriever  # noqa: E402

serving_threads()  # before the index (FAISS) and the embedder load
jieba.setLogLevel(logging.WARNING)
st.set_page_config(page_title="服务外包合规知识库", page_icon="📘", layout="wide")

VIEWS = ("问答", "条款", "术语", "管理")


def sidebar(retriever: Retriever, settings: Settings) -> tuple[str, Filters, int]:
    store = retriever.store
    docs, kinds, k = [], list(KIND_NAMES), settings.k
    with st.sidebar:
        view = st.radio("功能", VIEWS, horizontal=True, key="view",
                        captions=["提问", "按编号查找、浏览", "定义", "文档上传与删除"])
        if view == "问答":  # the filters act on questions only
            st.header("检索范围")
            kinds = st.multiselect("文档类型", list(KIND_NAMES), default=list(KIND_NAMES),
                                   format_func=KIND_NAMES.get, key="kinds",
                                   placeholder="选择文档类型")
            docs = st.multiselect("限定文档（可选）", [d.slug for d in store.docs], key="docs",
                                  format_func=lambda s: doc_label(retriever, s),
                                  placeholder="全部文档")
            k = st.slider("最多显示条款数", 1, 5, settings.k, key="k")
            if st.button("新对话", use_container_width=True):
                st.session_state.turns = []
                st.session_state.feedback_given = {}
                st.rerun()
            if st.session_state.turns:
                st.download_button("导出对话（Markdown）",
                                   conversation_markdown(st.session_state.turns),
                                   file_name="conversation.md", mime="text/markdown")
            st.download_button("导出全部反馈（Markdown）",
                               st.session_state.feedback_store.to_markdown(),
                               file_name="feedback.md", mime="text/markdown")
        st.header("知识库内容")
        for d in store.docs:
            own = store.clauses_of(d.slug)
            t = sum(c.title_only for c in own)
            # the articles or sections at the top, then every citable unit with their items (the
            # regulation: 15 articles, 26 with the items of 第三条 and 第五条)
            top = sum(c.parent is None for c in own)
            st.caption(f"{md(doc_label(retriever, d.slug))} · {KIND_NAMES[d.kind]} · {top} 条/节"
                       + (f"，含各项共 {len(own)} 处" if len(own) > top else "")
                       + (f"（{t} 处仅有目录标题）" if t else ""))
        m = retriever.kb.manifest
        st.caption(md(f"索引构建于 {built_at(m.get('built_at', ''))} · 嵌入模型 {m['embedder']}"))
    filters = Filters(
        docs=frozenset(docs) if docs else None,
        kinds=frozenset(kinds) if set(kinds) != set(KIND_NAMES) else None,
    )
    return view, filters, k


def built_at(iso: str) -> str:
    """"2026-11-24T18:24:14+00:00" as the reader's clock shows it: 2026-11-24 18:24 (UTC)."""
    try:
        t = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso or "未知时间"
    return t.strftime("%Y-%m-%d %H:%M ") + f"({t.tzname()})"


def main() -> None:
    st.title("服务外包合规知识库")
    try:
        settings = Settings.from_env()
        retriever = get_retriever(settings)
        st.session_state.setdefault("feedback_store", get_feedback(str(settings.feedback_path)))
    except KBError as e:
        st.error(f"知识库不可用：{md(str(e))}")
        st.info("在项目目录运行 `make run`（或 `kb build`）重建索引后刷新页面。")
        st.stop()
    st.session_state.setdefault("turns", [])
    st.session_state.setdefault("feedback_given", {})
    view, filters, k = sidebar(retriever, settings)
    if not filters.docs and filters.kinds is not None and not filters.kinds:
        st.warning("没有选择任何文档类型：请在侧栏至少选择一种。")
        return
    if view == "问答":
        ask_page(retriever, filters, k, settings.max_question_chars)
    elif view == "条款":
        clause_page(retriever)
    elif view == "术语":
        term_page(retriever)
    else:
        admin_page(retriever, settings)


main()
