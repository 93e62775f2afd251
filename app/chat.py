"""Streamlit chat over the knowledge base: cited answers, clause lookup and browsing, terms.

All retrieval and answering is done by the `kb` library; this file only lays it out and keeps the
conversation. Start with `make run` (binds to 127.0.0.1); the index is loaded once per process.
"""

from __future__ import annotations

import html
import logging
import re
import threading
import time
from collections.abc import Iterator

import jieba
import streamlit as st

from kb.answer import Answer, answer_question
from kb.config import Settings, serving_threads
from kb.documents import book
from kb.errors import KBError, QuestionError
from kb.feedback import FeedbackStore, conversation_markdown
from kb.index import load
from kb.numbering import find_refs
from kb.parse import Clause
from kb.retrieve import Filters, Retriever

# Document text, titles, file names, questions and comments come from outside: every one of them
# goes through `md()` (or `html.escape` inside `highlight`) before Streamlit renders it.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:=^])")


def md(text: str) -> str:
    """Plain text for st.markdown / captions / labels: HTML escaped and every Markdown character
    backslash-escaped, so nothing in it becomes a tag, link, list, colour or formula."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


serving_threads()  # before the index (FAISS) and the embedder load
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
VIEWS = ("问答", "条款", "术语", "管理")
UPLOAD_TYPES = ["txt", "md", "docx", "pdf", "html", "htm"]
STATUS = {"added": "已加入", "removed": "已删除", "failed": "失败"}


@st.cache_resource(show_spinner="正在加载知识库索引…")
def get_retriever(settings: Settings) -> Retriever:
    return Retriever(load(settings))


@st.cache_resource
def get_feedback(path: str) -> FeedbackStore:
    from pathlib import Path

    return FeedbackStore(Path(path))


class LoginThrottle:
    """Wrong admin tokens, counted for the whole server process (not per browser session, which
    an attacker can renew at will): after `limit` failures within `window` seconds, logins pause
    until the oldest of them is `window` seconds old."""

    def __init__(self, limit: int = 5, window: float = 600.0):
        self.limit, self.window = limit, window
        self._failures: list[float] = []
        self._lock = threading.Lock()

    def wait(self) -> int:
        """Seconds until a login may be tried again (0: now)."""
        with self._lock:
            now = time.monotonic()
            self._failures = [t for t in self._failures if now - t < self.window]
            if len(self._failures) < self.limit:
                return 0
            return int(self.window - (now - self._failures[0])) + 1

    def failed(self) -> None:
        with self._lock:
            self._failures.append(time.monotonic())


@st.cache_resource
def get_login_throttle() -> LoginThrottle:
    return LoginThrottle()


def highlight(text: str, question: str, retriever: Retriever) -> str:
    """The clause text, escaped by `md`, with the question's keywords marked."""
    out = md(text)
    terms = sorted({t for t in retriever.kb.segmenter.tokens(question) if len(t) >= 2},
                   key=len, reverse=True)
    if terms:
        pattern = "|".join(re.escape(md(t)) for t in terms)
        out = re.sub(pattern, lambda m: f"<mark>{m.group(0)}</mark>", out, flags=re.I)
    return out.replace("\n", "<br>")


def clause_card(clause: Clause, retriever: Retriever, *, rank: int | None = None,
                question: str = "", key: str = "") -> None:
    """A clause as a card: document, number and heading, text (terms marked), its context."""
    store = retriever.store
    text = store.full_text(clause)
    with st.container(border=True):
        marker = f"[{rank}] " if rank else ""
        st.markdown(f"**{marker}{md(book(clause.doc_title))} {md(clause.label)}**")
        if clause.title_only:
            st.info("知识库中只有该条款的标题（来自目录），没有正文。")
        st.markdown(highlight(text, question, retriever) if question else
                    md(text).replace("\n", "<br>"), unsafe_allow_html=True)
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
                with st.expander(md(f"{book(c.doc)} {clause.label}")):
                    st.markdown(md(c.text).replace("\n", "<br>"), unsafe_allow_html=True)
        return
    if a.context_docs:
        titles = "、".join(book(retriever.store.doc_by_slug[d].title) for d in a.context_docs)
        st.caption(f"追问：按上一回答的文档 {md(titles)} 回答")
    if a.language == "en":
        st.caption("Quoted from the Chinese source clauses; markers [n] refer to the cards below.")
    if stream:
        st.write_stream(statements(a))
    else:
        st.markdown("  \n".join(md(line) for line in a.answer.splitlines()))
    for c in a.citations:
        clause_card(retriever.store.by_id[c.id], retriever, rank=c.rank, question=a.question)
    feedback_form(a, turn)


def feedback_form(a: Answer, turn: int) -> None:
    given = st.session_state.feedback_given.get(turn)
    if given is not None:
        st.caption("已记录反馈：" + ("有帮助" if given else "没帮助"))
        return
    with st.form(key=f"feedback-{turn}", border=False):
        cols = st.columns([2, 5, 1])
        verdict = cols[0].radio("这个回答有帮助吗？", ["有帮助", "没帮助"], horizontal=True,
                                key=f"verdict-{turn}")
        comment = cols[1].text_input("意见（可选）", key=f"comment-{turn}", max_chars=2000)
        if cols[2].form_submit_button("提交反馈"):
            st.session_state.feedback_store.add(a, helpful=verdict == "有帮助",
                                                comment=comment)
            st.session_state.feedback_given[turn] = verdict == "有帮助"
            st.rerun()


def context_docs() -> tuple[str, ...]:
    for a in reversed(st.session_state.turns):
        if not a.refused and a.citations:
            return (a.citations[0].doc_slug,)
    return ()


def chat_view(retriever: Retriever, filters: Filters, k: int, max_chars: int) -> None:
    turns: list[Answer] = st.session_state.turns
    question = st.chat_input("请输入问题，例如：接包方需要和员工签订哪些协议？")
    question = question if question is not None else st.session_state.pop("pending", None)
    if not turns and question is None:
        st.caption("可以这样问（新员工可从这里开始）：")
        cols = st.columns(len(STARTERS))
        for col, q in zip(cols, STARTERS):
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


def clause_view(retriever: Retriever) -> None:
    store = retriever.store
    st.subheader("按编号查条款")
    cols = st.columns([2, 3])
    number = cols[0].text_input("条款编号", placeholder="第五条、6.7、附录C、C.8", key="clause-number")
    docs = {"": "全部文档", **{d.slug: f"{book(d.title)} ({d.slug})" for d in store.docs}}
    doc = cols[1].selectbox("文档", list(docs), format_func=docs.get, key="clause-doc")
    if number.strip():
        keys = [r.key for r in find_refs(number)] or [number.replace(" ", "")]
        found = [c for key in keys for c in store.by_key(key, {doc} if doc else None)]
        if not found:
            st.warning(f"没有找到条款 {md(number)}。编号示例：第五条、第15条、6.7、附录C、C.8。")
        elif len(found) > 1:
            st.info(f"{len(found)} 个文档都有 {md(number)}，请按文档区分：")
        for c in found:
            clause_card(c, retriever, key=f"lookup-{c.id}")

    st.subheader("浏览文档的条款结构")
    slug = st.selectbox("选择文档", [d.slug for d in store.docs], key="tree-doc",
                        format_func=lambda s: f"{book(store.doc_by_slug[s].title)} ({s})")
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
        clause_card(store.by_id[pick], retriever, key=f"tree-{pick}")


def term_view(retriever: Retriever) -> None:
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


def sidebar(retriever: Retriever, settings: Settings) -> tuple[str, Filters, int]:
    store = retriever.store
    with st.sidebar:
        view = st.radio("功能", VIEWS, horizontal=True, key="view",
                        captions=["提问", "按编号查找、浏览", "定义", "文档上传与删除"])
        st.header("检索范围")
        kinds = st.multiselect("文档类型", list(KINDS), default=list(KINDS),
                               format_func=KINDS.get, key="kinds")
        docs = st.multiselect("限定文档（可选）", [d.slug for d in store.docs], key="docs",
                              format_func=lambda s: f"{book(store.doc_by_slug[s].title)} ({s})")
        k = st.slider("引用条款数", 1, 5, settings.k, key="k")
        if st.button("新对话", use_container_width=True):
            st.session_state.turns = []
            st.session_state.feedback_given = {}
            st.rerun()
        if st.session_state.turns:
            st.download_button("导出对话（Markdown）", conversation_markdown(st.session_state.turns),
                               file_name="conversation.md", mime="text/markdown")
        st.download_button("导出全部反馈（Markdown）", st.session_state.feedback_store.to_markdown(),
                           file_name="feedback.md", mime="text/markdown")
        st.header("知识库内容")
        for d in store.docs:
            own = store.clauses_of(d.slug)
            t = sum(c.title_only for c in own)
            st.caption(f"{md(book(d.title))} · {KINDS[d.kind]} · {len(own)} 条 · {md(d.slug)}" +
                       (f"（{t} 条仅有标题）" if t else ""))
        m = retriever.kb.manifest
        st.caption(md(f"嵌入模型 {m['embedder']} · 维度 {m['dim']} · 构建于 {m.get('built_at', '?')}"))
    filters = Filters(
        docs=frozenset(docs) if docs else None,
        kinds=frozenset(kinds) if set(kinds) != set(KINDS) else None,
    )
    return view, filters, k


def main() -> None:
    st.title("服务外包合规知识库")
    settings = Settings.from_env()
    try:
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
        chat_view(retriever, filters, k, settings.max_question_chars)
    elif view == "条款":
        clause_view(retriever)
    elif view == "术语":
        term_view(retriever)
    else:
        admin_view(retriever, settings)


def admin_view(retriever: Retriever, settings: Settings) -> None:
    """Upload and remove documents; only with the operator's token (KB_ADMIN_TOKEN)."""
    import hmac
    import os
    import tempfile
    from pathlib import Path

    from kb.ingest import AddOptions, add, remove
    from kb.loaders import MAX_BYTES

    st.subheader("文档管理")
    token = os.environ.get("KB_ADMIN_TOKEN", "")
    if not token:
        st.info("管理功能未启用：运营人员设置环境变量 KB_ADMIN_TOKEN（管理口令）并重启应用后可用。")
        return
    if not st.session_state.get("admin"):
        throttle = get_login_throttle()
        wait = throttle.wait()
        if wait:
            st.error(f"口令错误次数过多，管理登录已暂停，请 {wait // 60 + 1} 分钟后再试。")
            return
        with st.form("admin-login", clear_on_submit=True, border=False):
            given = st.text_input("管理口令", type="password", key="admin-token")
            submitted = st.form_submit_button("登录")
        if submitted and given:  # each submission counts once, not every rerun
            if hmac.compare_digest(given.encode(), token.encode()):
                st.session_state.admin = True
                st.rerun()
            throttle.failed()
            st.error("口令不正确。")
        return
    max_mb = float(os.environ.get("KB_MAX_FILE_MB", MAX_BYTES / 2**20))
    kinds = {"": "按标题自动判断", **KINDS}
    kind = st.selectbox("文档类型", list(kinds), format_func=kinds.get, key="upload-kind")
    files = st.file_uploader(f"上传文档（{', '.join(UPLOAD_TYPES)}；每个不超过 {max_mb:.0f} MB）",
                             type=UPLOAD_TYPES, accept_multiple_files=True, key="upload")
    if files and st.button("加入知识库", key="upload-go"):
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for f in files:
                p = Path(tmp) / Path(f.name).name
                p.write_bytes(f.getvalue())
                paths.append(p)
            bar = st.progress(0.0, text="正在嵌入新文本…")

            def progress(done: int, total: int) -> None:
                bar.progress(done / total if total else 1.0, text=f"正在嵌入 {done}/{total}")

            try:
                reports = add(settings, paths, AddOptions(kind=kind or None,
                                                          max_bytes=int(max_mb * 2**20),
                                                          progress=progress))
            except KBError as e:
                st.error(md(str(e)))
                return
        get_retriever.clear()
        st.session_state.reports = [r.__dict__ for r in reports]
        st.rerun()
    if st.session_state.get("reports"):
        st.markdown("**导入报告**")
        st.dataframe([{"文件": Path(r["file"]).name, "结果": STATUS[r["status"]],
                       "编号": r["doc"], "条款": r["clauses"], "仅标题": r["title_only"],
                       "提示": "；".join(r["warnings"]) or r["error"], "用时(秒)": r["seconds"]}
                      for r in st.session_state.reports], hide_index=True)
    st.markdown("**删除文档**")
    store = retriever.store
    doomed = st.selectbox("选择要删除的文档", [d.slug for d in store.docs], key="remove-doc",
                          format_func=lambda s: f"{book(store.doc_by_slug[s].title)} ({s})")
    if st.button("删除", key="remove-go", type="primary"):
        try:
            r = remove(settings, doomed)
        except KBError as e:
            st.error(md(str(e)))
            return
        get_retriever.clear()
        st.session_state.reports = [r.__dict__]
        st.rerun()


main()
