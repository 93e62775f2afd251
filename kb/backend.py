"""Where the index lives, chosen once by `KB_BACKEND`: the folder (`kb.index`, the default) or
Milvus (`kb.milvus`). Everything that builds, loads or watches an index goes through here; below
this module each backend is on its own, above it nobody asks which one it is.
"""

from __future__ import annotations

import kb.index as folder
import kb.milvus as milvus
from kb.config import Settings
from kb.documents import Document
from kb.embed import Embedder
from kb.index import KnowledgeBase, Progress


def build(settings: Settings, progress: Progress | None = None,
          embedder: Embedder | None = None, docs: list[Document] | None = None) -> dict:
    """Build the index of `docs` (default: the corpus); return its manifest with "location"."""
    publish = None
    if settings.milvus_uri is not None:
        def publish(built):
            return milvus.write(settings, built)
    return folder.build(settings, progress, embedder, docs, publish=publish)


def load(settings: Settings, embedder: Embedder | None = None, check_corpus: bool = True,
         with_embedder: bool = True) -> KnowledgeBase:
    if settings.milvus_uri is not None:
        return milvus.load(settings, embedder, check_corpus, with_embedder)
    return folder.load(settings, embedder, check_corpus, with_embedder)


def check(settings: Settings) -> dict:
    """`kb check`: whether the index serves the corpus as it is now, without loading it."""
    if settings.milvus_uri is None:
        return folder.check(settings)
    where, manifest = milvus.current_manifest(settings)
    folder.check_manifest(manifest, where)
    if settings.corpus.is_dir():
        folder.check_corpus_matches(settings, where, manifest)
    return manifest


def generation(settings: Settings) -> str:
    """What the index name points at now (a build folder or a Milvus collection): it changes
    with every build, add and remove, so a long-running reader knows when to load again."""
    if settings.milvus_uri is not None:
        return milvus.generation(settings)
    return folder.generation(settings)


def current_manifest(settings: Settings) -> dict:
    """The manifest of the index as it is now, unchecked (recovery reads its corpus hash)."""
    if settings.milvus_uri is not None:
        return milvus.current_manifest(settings)[1]
    return folder.current_manifest(settings)
