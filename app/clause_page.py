"""条款: look a clause up by number (in one document or all) and browse a document's clause tree,
where every clause opens on a click."""

from __future__ import annotations

import streamlit as st
from ui import clause_card, clause_title, doc_label, md

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
    slugs = [d.slug for d in store.docs]
    # open on the document with the most clauses that have text (the regulation, not a 4-paragraph note)
    richest = max(slugs, key=lambda s: sum(not c.title_only for c in store.clauses_of(s)))
    slug = st.selectbox("选择文档", slugs, index=slugs.index(richest), key="tree-doc",
                        format_func=lambda s: doc_label(retriever, s))
    clauses = store.clauses_of(slug)
    picked = st.session_state.get("tree-pick")
    if picked not in {c.id for c in clauses}:
        picked = next((c.id for c in clauses if not c.title_only), clauses[0].id if clauses else None)
    left, right = st.columns([2, 3])
    with left, st.container(height=420):
        for c in clauses:
            label = "　" * (len(c.path) - 1) + clause_title(c, start=True) + \
                ("（仅目录标题）" if c.title_only else "")
            left_kind = "primary" if c.id == picked else "tertiary"
            st.button(label, key=f"tree-{c.id}", type=left_kind, on_click=st.session_state.update,
                      kwargs={"tree-pick": c.id})
    with right:
        if picked:
            clause_card(store.by_id[picked], retriever)
