from pathlib import Path

import pytest

from kb.documents import read_corpus
from kb.parse import parse_corpus
from kb.segment import normalize
from kb.terms import extract_terms, match_terms

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def terms():
    return extract_terms(parse_corpus(read_corpus(ROOT / "corpus" / "docs")))


def test_terms_with_abbreviations_and_english(terms):
    by = {t.term: t for t in terms if t.clause_id.startswith("fwwb-terms")}
    assert set(by) >= {"服务外包业务", "离岸外包", "金融外包", "政府服务外包", "培训外包", "软件外包",
                       "企业物流", "业务流程外包", "信息技术外包"}
    assert by["信息技术外包"].aliases == ("Information Technology Outsourcing", "ITO")
    assert by["业务流程外包"].aliases == ("BPO", "Business Process Outsourcing")
    assert by["金融外包"].aliases == ("financial service outsourcing",)
    assert by["离岸外包"].definition == "离岸外包指外包商与其供应商来自不同国家,外包工作跨国完成。"


def test_regulation_definitions(terms):
    by = {t.term: t for t in terms}
    assert by["保密信息"].clause_id == "info-protection-rules:第3条"
    assert by["接包方"].clause_id == "info-protection-rules:第1条"  # "(以下称接包方)"


@pytest.mark.parametrize("question,term", [
    ("什么是服务外包业务？", "服务外包业务"),
    ("BPO是什么？", "业务流程外包"),
    ("ITO的定义是什么？", "信息技术外包"),
    ("What does ITO stand for?", "信息技术外包"),
    ("what is information technology outsourcing", "信息技术外包"),
    ("離岸外包是什麼意思", "离岸外包"),
    ("企业物流应如何理解", "企业物流"),
])
def test_definition_questions(terms, question, term):
    assert {t.term for t in match_terms(normalize(question), terms)} == {term}


@pytest.mark.parametrize("question", [
    "服务外包人员的首要职责是什么？",
    "《服务外包能力要求》的适用范围是什么？",
    "外包岗位工作流程的第一步是什么？",
    "portfolio strategy",
])
def test_questions_that_only_mention_a_term(terms, question):
    assert match_terms(normalize(question), terms) == []
