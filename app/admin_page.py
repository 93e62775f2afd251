"""管理: upload and remove documents, only for the operator (KB_ADMIN_TOKEN), with a pause after
repeated wrong tokens."""

from __future__ import annotations

import hmac
import tempfile
import threading
import time
from pathlib import Path

import streamlit as st
from ui import KIND_NAMES, doc_label, forget_retriever, md

from kb.config import Settings
from kb.errors import KBError
from kb.ingest import AddOptions, add, remove
from kb.loaders import SUFFIXES
from kb.retrieve import Retriever

UPLOAD_TYPES = [s.lstrip(".") for s in SUFFIXES]
STATUS = {"added": "已加入", "removed": "已删除", "failed": "失败"}


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


def logged_in(settings: Settings) -> bool:
    if st.session_state.get("admin"):
        return True
    throttle = get_login_throttle()
    wait = throttle.wait()
    if wait:
        st.error(f"口令错误次数过多，管理登录已暂停，请 {wait // 60 + 1} 分钟后再试。")
        return False
    with st.form("admin-login", clear_on_submit=True, border=False):
        given = st.text_input("管理口令", type="password", key="admin-token")
        submitted = st.form_submit_button("登录")
    if submitted and given:  # each submission counts once, not every rerun
        if hmac.compare_digest(given.encode(), settings.admin_token.encode()):
            st.session_state.admin = True
            st.rerun()
        throttle.failed()
        st.error("口令不正确。")
    return False


def admin_page(retriever: Retriever, settings: Settings) -> None:
    st.subheader("文档管理")
    if not settings.admin_token:
        st.info("管理功能未启用：运营人员设置环境变量 KB_ADMIN_TOKEN（管理口令）并重启应用后可用。")
        return
    if not logged_in(settings):
        return
    kinds = {"": "按标题自动判断", **KIND_NAMES}
    kind = st.selectbox("文档类型", list(kinds), format_func=kinds.get, key="upload-kind")
    files = st.file_uploader(f"上传文档（{', '.join(UPLOAD_TYPES)}；每个不超过 "
                             f"{settings.max_file_mb:.0f} MB）",
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
                                                          max_bytes=settings.max_file_bytes,
                                                          progress=progress))
            except KBError as e:
                st.error(md(str(e)))
                return
        forget_retriever()
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
                          format_func=lambda s: f"{doc_label(retriever, s)} — 文件 {s}.txt")
    if st.button("删除", key="remove-go", type="primary"):
        try:
            r = remove(settings, doomed)
        except KBError as e:
            st.error(md(str(e)))
            return
        forget_retriever()
        st.session_state.reports = [r.__dict__]
        st.rerun()
