"""术语: look a term up by Chinese name, abbreviation or English form; its definition and source."""

from __future__ import annotations

import streamlit as st
from ui import md

from kb.documents import book
from kb.retrieve import Retriever


def term_page(retriever: Retriever) -> None:
    store = retriever.store
    st.subheader("术语与定义")
    query = st.text_input("查术语（中文、缩写或英文）", placeholder="ITO、离岸外包、保密信息",
                          key="term-query").strip().casefold()
    terms = [t for t in store.terms if not query or query in t.term.casefold()
             or any(query in a.casefold() for a in t.aliases)]
    if not terms:
        st.warning("知识库中没有这个术语的定义。可在“问答”中提问，或换一种写法。")
    for t in terms:
        clause = store.by_id[t.clause_id]
        with st.container(border=True):
            aliases = f"（{' / '.join(t.aliases)}）" if t.aliases else ""
            st.markdown(f"**{md(t.term)}**{md(aliases)}")
            st.markdown(f"> {md(t.definition)}")
            st.caption(f"出处：{md(book(clause.doc_title))} {md(clause.label)} · {md(clause.id)}")
