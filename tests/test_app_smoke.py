"""The chat app through Streamlit's AppTest (no browser): a question gets an answer with citations,
an empty index location gives an error with a hint, and a weather question is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "app" / "chat.py")


@pytest.fixture()
def app_env(monkeypatch, index_settings):
    monkeypatch.setenv("KB_INDEX", str(index_settings.index))
    monkeypatch.setenv("KB_CORPUS", str(index_settings.corpus))


def test_question_gets_cited_answer(app_env):
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    at.chat_input[0].set_value("接包方需要和员工签订哪些协议？").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "竞业禁止协议" in text and "[1]" in text
    assert any("第六条" in e.label for e in at.expander)


def test_refusal_is_shown_as_such(app_env):
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.chat_input[0].set_value("明天上海天气怎么样？").run()
    assert any("没有找到" in w.value for w in at.warning)


def test_missing_index_is_an_error_with_a_hint(monkeypatch, tmp_path):
    monkeypatch.setenv("KB_INDEX", str(tmp_path / "none"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert any("kb build" in e.value for e in at.error)
