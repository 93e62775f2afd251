"""kb: a clause-aware compliance knowledge base with grounded, cited answers.

The public API, one stage after another (see README, "Architecture"):

    from kb import Settings, build, open_kb, Retriever, answer_question
    settings = Settings.from_env()
    build(settings)                                  # corpus -> index (folder, or Milvus)
    retriever = Retriever(open_kb(settings))         # index folder -> loaded knowledge base
    answer = answer_question(retriever, "接包方需要和员工签订哪些协议？")
    print(answer.answer, [c.clause for c in answer.citations])
"""

from kb._version import __version__
from kb.answer import Answer, Citation, answer_question
from kb.backend import build, load
from kb.config import Settings
from kb.documents import Document, read_corpus
from kb.errors import (
                       ClauseNotFoundError,
                       CorpusError,
                       EmbedderError,
                       IndexMismatchError,
                       IndexMissingError,
                       IndexWriteError,
                       KBError,
                       QuestionError,
)
from kb.index import KnowledgeBase
from kb.ingest import AddOptions, IngestReport, add, open_kb, remove
from kb.parse import Clause
from kb.query import Query
from kb.retrieve import Filters, Hit, Retriever

__all__ = [
    "__version__", "Answer", "Citation", "answer_question", "Settings", "Document", "read_corpus",
    "ClauseNotFoundError", "CorpusError", "EmbedderError", "IndexMismatchError",
    "IndexMissingError", "IndexWriteError", "KBError", "QuestionError", "KnowledgeBase", "build",
    "load", "AddOptions", "IngestReport", "add", "open_kb", "remove", "Clause", "Query", "Filters",
    "Hit", "Retriever",
]
