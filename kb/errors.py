"""The exceptions the library raises. Each message says what was wrong and how to fix it.

The CLI turns a `KBError` into one line on stderr and a non-zero exit code; the app into `st.error`.
"""

from __future__ import annotations


class KBError(Exception):
    """Base class: a problem the user can fix (bad input, missing or stale index)."""


class CorpusError(KBError):
    """A corpus or document file is missing, unreadable or malformed."""


class IndexMissingError(KBError):
    """No index at the configured location."""


class IndexMismatchError(KBError):
    """The index on disk was built with another embedder, dictionary, corpus or format."""


class QuestionError(KBError):
    """The question is empty or too long."""


class ClauseNotFoundError(KBError):
    """A clause id or number that no document has."""


class EmbedderError(KBError):
    """The configured embedder cannot be loaded."""


class IndexWriteError(KBError):
    """The index (or corpus) folder cannot be written: read-only, no space, no permission."""
