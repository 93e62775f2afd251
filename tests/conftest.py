"""Shared fixtures: one real index of the repository's corpus, built once per test session with
the real default embedder into a temporary folder (never into the repository)."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import jieba
import pytest

from kb.config import Settings
from kb.index import build, load
from kb.retrieve import Retriever

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "docs"
DEV = ROOT / "eval" / "dev.jsonl"  # the public dev set, kept in the repository
# The full collections (data/laws, data/stard, seeds) are never needed: with KB_SHARED=/path/to/shared
# some tests also check the repository's copies and slices against them.
SHARED = Path(os.environ["KB_SHARED"]) if os.environ.get("KB_SHARED") else None
needs_shared = pytest.mark.skipif(
    SHARED is None, reason="the full collections are not here: set KB_SHARED=/path/to/shared "
    "(with seeds/, data/laws and data/stard/queries.json) to check the repository's copies and "
    "slices against them and score 219 STARD questions")

jieba.setLogLevel(logging.WARNING)


@pytest.fixture(scope="session")
def index_settings(tmp_path_factory) -> Settings:
    home = tmp_path_factory.mktemp("kbhome")
    corpus = home / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = Settings(index=home / "index" / "kb", corpus=corpus)
    build(settings)
    return settings


@pytest.fixture(scope="session")
def kb(index_settings):
    return load(index_settings)


@pytest.fixture(scope="session")
def retriever(kb) -> Retriever:
    return Retriever(kb)


@pytest.fixture()
def bankless(kb) -> Retriever:
    """A retriever that answers as if no question had been asked before (every bank entry left
    out): what search itself does with a wording the bank may well hold."""
    r = Retriever(kb)
    r.asked_exclude = frozenset(e.source for e in kb.asked.entries)
    return r


@pytest.fixture()
def cli_env(index_settings) -> dict[str, str]:
    env = dict(os.environ)
    env["KB_INDEX"] = str(index_settings.index)
    env["KB_CORPUS"] = str(index_settings.corpus)
    return env


@pytest.fixture()
def home(index_settings, tmp_path) -> Settings:
    """A knowledge base of its own (seed corpus and index in tmp_path) that a test may change;
    it shares the session's embedding cache, so the seed passages are not embedded again."""
    corpus = tmp_path / "corpus"
    shutil.copytree(index_settings.corpus, corpus)
    (tmp_path / "index").mkdir()
    shutil.copy(index_settings.index.parent / "embed-cache.sqlite", tmp_path / "index")
    settings = Settings(index=tmp_path / "index" / "kb", corpus=corpus)
    build(settings)
    return settings
