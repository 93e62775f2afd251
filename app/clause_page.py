"""条款: look a clause up by number (in one document or all) and browse a document's clauses."""

from __future__ import annotations

import streamlit as st
from ui import clause_card, doc_label, md

from kb.retrieve import Retriever, find_clauses


def clause_page(retriever: Retriever) -> None:
    store = retriever.store
    st.subheader("按编号查条款")
    cols = st.columns([2, 3])
    number = cols[0].text_input("条款编号", placeholder="第五条、6.7、附录C、C.8", key="clause-number")
    docs = {"": "全部文档", **{d.slug: doc_label(retriever, d.slug) for d in store.docs}}
    doc = cols[1].selectbox("文档", list(docs), format_func=docs.get, key="clause-doc")
    if number.strip():
        found = find_clauses(store, number, {doc} if doc else None)
        if not found:
            st.warning(f"没有找到条款 {md(number)}。编号示例：第五条、第15条、6.7、附录C、C.8。")
        elif len(found) > 1:
            st.info(f"{len(found)} 个文档都有 {md(number)}，请按文档区分：")
        for c in found:
            clause_card(c, retriever)

    st.subheader("浏览文档的条款结构")
    slug = st.selectbox("选择文档", [d.slug for d in store.docs], key="tree-doc",
                        format_func=lambda s: doc_label(retriever, s))
    clauses = store.clauses_of(slug)
    tree = "\n".join(
        "    " * (len(c.path) - 1) + f"- {md(c.label) or '（无标题）'}"
        + ("　*（仅标题）*" if c.title_only else "")
        for c in clauses)
    with st.container(height=320):
        st.markdown(tree)
    pick = st.selectbox("查看条款全文", [c.id for c in clauses], key="tree-clause",
                        format_func=lambda i: store.by_id[i].label or i)
    if pick:
        clause_card(store.by_id[pick], retriever)
