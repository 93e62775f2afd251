"""What every page of the app shares: escaping, the loaded knowledge base (once per process, and
again only when `kb build`/`kb add` switched the index), the feedback store, clause cards.

Document text, titles, file names, questions and comments come from outside: every one of them
goes through `md()` (or `highlight`, which uses it) before Streamlit renders it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import streamlit as st

from kb.config import Settings
from kb.documents import KINDS, book
from kb.embed import Embedder, load_embedder
from kb.feedback import FeedbackStore
from kb.index import snapshot
from kb.ingest import open_kb
from kb.parse import Clause
from kb.retrieve import Retriever

KIND_NAMES = dict(zip(KINDS, ("标准", "法规", "术语", "指南", "数据"), strict=True))
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:=^])")


def md(text: str) -> str:
    """Plain text for st.markdown / captions / labels: HTML escaped and every Markdown character
    backslash-escaped, so nothing in it becomes a tag, link, list, colour or formula."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


@st.cache_resource(show_spinner="正在加载嵌入模型…")
def get_embedder(spec: str) -> Embedder:
    return load_embedder(spec)


@st.cache_resource(show_spinner="正在加载知识库索引…", max_entries=2)
def _retriever(settings: Settings, folder: str) -> Retriever:
    return Retriever(open_kb(settings, embedder=get_embedder(settings.embedder)))


def get_retriever(settings: Settings) -> Retriever:
    """The knowledge base of the index folder the link points at now: a `kb build` or `kb add`
    from anywhere is picked up at the next page run, without a restart."""
    return _retriever(settings, str(snapshot(settings.index)))


def forget_retriever() -> None:
    _retriever.clear()


@st.cache_resource
def get_feedback(path: str) -> FeedbackStore:
    return FeedbackStore(Path(path))


def doc_label(retriever: Retriever, slug: str) -> str:
    return f"{book(retriever.store.doc_by_slug[slug].title)} ({slug})"


def highlight(text: str, keywords: tuple[str, ...]) -> str:
    """The clause text, escaped by `md`, with the question's keywords marked."""
    out = md(text)
    terms = sorted({t for t in keywords if len(t) >= 2}, key=len, reverse=True)
    if terms:
        pattern = "|".join(re.escape(md(t)) for t in terms)
        out = re.sub(pattern, lambda m: f"<mark>{m.group(0)}</mark>", out, flags=re.I)
    return out.replace("\n", "<br>")


def clause_card(clause: Clause, retriever: Retriever, *, rank: int | None = None,
                keywords: tuple[str, ...] = ()) -> None:
    """A clause as a card: document, number and heading, text (keywords marked), its context."""
    store = retriever.store
    text = store.full_text(clause)
    with st.container(border=True):
        marker = f"[{rank}] " if rank else ""
        st.markdown(f"**{marker}{md(book(clause.doc_title))} {md(clause.label)}**")
        if clause.title_only:
            st.info("知识库中只有该条款的标题（来自目录），没有正文。")
        st.markdown(highlight(text, keywords), unsafe_allow_html=True)
        parent, prev, nxt = store.neighbours(clause)
        with st.expander("上下文（上级条款与前后条款）"):
            for name, c in (("上级", parent), ("上一条", prev), ("下一条", nxt)):
                if c is not None:
                    body = store.full_text(c)
                    st.markdown(f"**{name}：{md(c.label)}**  \n" +
                                md(body[:300] + ("…" if len(body) > 300 else "")),
                                unsafe_allow_html=True)
            refs = [store.by_id[r] for r in clause.refs if r in store.by_id]
            if refs:
                st.markdown("**引用：** " + "；".join(md(f"{book(r.doc_title)} {r.label}")
                                                    for r in refs))
        st.caption(f"条款编号 {md(clause.id)}")
