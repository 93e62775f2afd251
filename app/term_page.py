"""术语: look a term up by Chinese name, abbreviation or English form; one entry per term with its
definition(s) and every source. Entries that only name or abbreviate (以下称X, 名称(ABC)) say so."""

from __future__ import annotations

import streamlit as st
from ui import clause_title, doc_label, md

from kb.retrieve import Retriever

KIND_NOTE = {"hereafter": "文中简称（非定义）", "abbreviation": "缩写（文中未定义）"}


def term_page(retriever: Retriever) -> None:
    store = retriever.store
    st.subheader("术语与定义")
    query = st.text_input("查术语（中文、缩写或英文）", placeholder="ITO、离岸外包、保密信息",
                          key="term-query").strip().casefold()
    terms = [t for t in store.terms if not query or query in t.term.casefold()
             or any(query in a.casefold() for a in t.aliases)]
    if not terms:
        st.warning("知识库中没有这个术语的定义。可在“问答”中提问，或换一种写法。")
    entries: dict[str, list] = {}
    for t in terms:
        entries.setdefault(t.term, []).append(t)
    for name, group in entries.items():
        aliases = list(dict.fromkeys(a for t in group for a in t.aliases))
        with st.container(border=True):
            label = f"（{' / '.join(aliases)}）" if aliases else ""
            note = KIND_NOTE.get(group[0].kind, "")
            st.markdown(f"**{md(name)}**{md(label)}" + (f" · {md(note)}" if note else ""))
            if len(group) > 1:
                st.markdown(md(f"{len(group)} 处出处，各自的表述："))
            for t in group:
                clause = store.by_id[t.clause_id]
                st.markdown(md(t.definition).replace("\n", "  \n"))  # full contrast, not grey
                st.markdown(md(f"出处：{doc_label(retriever, clause.doc)} {clause_title(clause)}"))
