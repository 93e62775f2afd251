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

from kb.backend import generation
from kb.config import Settings
from kb.documents import KINDS, book
from kb.embed import Embedder, load_embedder
from kb.feedback import FeedbackStore
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
def _retriever(settings: Settings, current: str) -> Retriever:
    return Retriever(open_kb(settings, embedder=get_embedder(settings.embedder)))


def get_retriever(settings: Settings) -> Retriever:
    """The knowledge base the index name points at now (a folder, or a Milvus collection): a
    `kb build` or `kb add` from anywhere is picked up at the next page run, without a restart."""
    return _retriever(settings, generation(settings))


def forget_retriever() -> None:
    _retriever.clear()


@st.cache_resource
def get_feedback(path: str) -> FeedbackStore:
    return FeedbackStore(Path(path))


DISTINCTIVE_SHARE = 0.08  # a word in more of the passages than this is not worth marking


def doc_label(retriever: Retriever, slug: str) -> str:
    """《title》, and for documents that share a title, which one of them in words
    ("《外包岗位岗位规范》（同名文档 2/3）"); ids stay out of what users read."""
    docs = retriever.store.docs
    doc = retriever.store.doc_by_slug[slug]
    same = [d.slug for d in docs if d.title == doc.title]
    suffix = f"（同名文档 {same.index(slug) + 1}/{len(same)}）" if len(same) > 1 else ""
    return book(doc.title) + suffix


def clause_title(clause: Clause, start: bool = False) -> str:
    """A clause named in words: its number and heading; "¶3" as 第3段; an unheaded item (or with
    `start`, any unheaded clause) with the start of its text ("8、 信息技术外包(Information…")."""
    number = clause.number
    if number.startswith("¶"):
        number = f"第{number[1:]}段"
    number = number.split("/")[-1]
    if clause.heading or (number.startswith("第") and not start):
        return f"{number} {clause.heading}".strip()
    start = clause.text.strip().splitlines()[0][:18] if clause.text.strip() else ""
    return f"{number} {start}…".strip() if start else number


def distinctive(retriever: Retriever, keywords: tuple[str, ...]) -> tuple[str, ...]:
    """The question's words that single clauses out (服务, 外包 are in most of them)."""
    return tuple(t for t in keywords if retriever.stats.share(t) <= DISTINCTIVE_SHARE)


def highlight(text: str, keywords: tuple[str, ...]) -> str:
    """The clause text, escaped by `md`, with the given keywords marked."""
    out = md(text)
    terms = sorted({t for t in keywords if len(t) >= 2}, key=len, reverse=True)
    if terms:
        pattern = "|".join(re.escape(md(t)) for t in terms)
        out = re.sub(pattern, lambda m: f"<mark>{m.group(0)}</mark>", out, flags=re.I)
    return out.replace("\n", "<br>")


TOC_NOTE = "知识库中只有该条款的标题（来自原文目录，括号中的数字是原文页码），没有正文。"
# a card's own words, in the language of the question it answers (the clause stays as written)
CARD_LABELS = {
    "zh": {"toc": TOC_NOTE, "full": "条款全文", "context": "上下文（上级条款与前后条款）",
           "parent": "上级", "prev": "前一条款", "next": "后一条款", "refs": "引用：", "colon": "：",
           "id": "引用编号（供审计复制）："},
    "en": {"toc": "Only this clause's title is in the knowledge base (from the document's table "
                  "of contents; the number in brackets is its page); its text is not.",
           "full": "Full text of the clause", "context": "Context (parent and neighbouring clauses)",
           "parent": "Parent", "prev": "Previous", "next": "Next", "refs": "Refers to: ",
           "colon": ": ",
           "id": "Citation id (for audit): "},
}


KIND_NAMES_EN = dict(zip(KINDS, ("Standard", "Regulation", "Terminology", "Guide", "Data"),
                         strict=True))


def doc_facts(retriever: Retriever, slug: str, lang: str = "zh") -> str:
    d = retriever.store.doc_by_slug[slug]
    en = lang == "en"
    facts = [(KIND_NAMES_EN if en else KIND_NAMES).get(d.kind, d.kind)]
    for value, zh, english in ((d.issuer, "发布：", "Issued by: "), (d.date, "日期：", "Date: "),
                               (d.code, "编号：", "Code: ")):
        if value:
            facts.append(f"{english if en else zh}{value}")
    return " · ".join(facts)


def clause_card(clause: Clause, retriever: Retriever, *, rank: int | None = None,
                keywords: tuple[str, ...] = (), quoted: bool = False, lang: str = "zh") -> None:
    """A clause as a card: document (which one, issuer, date), number and heading, its text with
    the question's distinctive words marked, and its context (parent, neighbours, references).
    For a clause the answer above already quotes (`quoted`), the text is folded. `lang`: the
    language of the card's own labels (the question's)."""
    label = CARD_LABELS.get(lang, CARD_LABELS["zh"])
    store = retriever.store
    text = store.full_text(clause)
    with st.container(border=True):
        marker = f"[{rank}] " if rank else ""
        # an item numbered only in its list names the part it is in ("根据业务流程 › 7、 …"): a
        # reference an auditor can cite
        under = store.numbered_under(clause)
        where = " › ".join([*([clause_title(under)] if under else []), clause_title(clause)])
        st.markdown(f"**{marker}{md(doc_label(retriever, clause.doc))} {md(where)}**")
        st.caption(md(doc_facts(retriever, clause.doc, lang)))
        if clause.title_only:
            st.info(label["toc"])
        marked = highlight(text, distinctive(retriever, keywords))
        if quoted:
            with st.expander(label["full"]):
                st.markdown(marked, unsafe_allow_html=True)
        else:
            st.markdown(marked, unsafe_allow_html=True)
        parent, prev, nxt = store.neighbours(clause)
        with st.expander(label["context"]):
            for name, c in ((label["parent"], parent), (label["prev"], prev), (label["next"], nxt)):
                if c is not None:
                    body = store.full_text(c)
                    st.markdown(f"**{name}{label['colon']}{md(clause_title(c))}**  \n" +
                                md(body[:300] + ("…" if len(body) > 300 else "")),
                                unsafe_allow_html=True)
            refs = [store.by_id[r] for r in clause.refs if r in store.by_id]
            if refs:
                st.markdown(f"**{label['refs']}** " + "；".join(
                    md(f"{doc_label(retriever, r.doc)} {clause_title(r)}") for r in refs))
            st.caption(f"{label['id']}{md(clause.id)}")
