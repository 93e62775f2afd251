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
    "为什么叫离岸外包？",  # why it is called so: 为什么叫 is no 什么叫
    "What does Article 5 require?",
])
def test_questions_that_only_mention_a_term(terms, question):
    assert match_terms(normalize(question), terms) == []


def test_terms_say_what_the_text_says_and_no_more(terms):
    by: dict[str, list] = {}
    for t in terms:
        by.setdefault(t.term, []).append(t)
    terms = by
    secret = terms["保密信息"][0]
    assert secret.definition.endswith("\n(三) 接包方根据合同约定应当承担保密义务。")  # with its items
    contractor = terms["接包方"][0]
    assert (contractor.kind, contractor.definition) == (
        "hereafter", "承接服务外包业务的中国境内企业(以下称接包方)")  # the phrase, not article 1
    assert terms["发包方"][0].definition == "境内外的企业、机构、组织或个人(以下称发包方)"
    assert terms["国家认监委"][0].aliases == ("国家认证认可监督管理委员会",)
    assert terms["知识流程外包"][0].aliases == ("KPO",)  # an inline abbreviation is a term
    # "中国电子技术标准化研究院(工业和信息化部电子第四研究院,简称CESI)": a short name too
    cesi = terms["中国电子技术标准化研究院"][0]
    assert (cesi.kind, cesi.aliases) == ("abbreviation", ("工业和信息化部电子第四研究院", "CESI"))
    # "(即“转包”)": the sentence says what the name means
    assert terms["转包"][0].definition.endswith("或由服务商进一步转移给另一服务商(即“转包”)。")
    assert len(terms["外包岗位"]) == 3 and len({t.clause_id for t in terms["外包岗位"]}) == 3


@pytest.mark.parametrize("q,term", [
    ("规定里说的接包方指的是谁？", "接包方"),
    ("KPO是什么的缩写？", "知识流程外包"),
    ("KPO是什么的英文缩写？", "知识流程外包"),  # the language between 的 and 缩写
    ("KPO是啥的缩写", "知识流程外包"),  # 啥 as 什么
    ("信息保护规定中“发包方”的范围包括哪些？", "发包方"),  # what the term takes in
    ("编制说明里出现的CESI全称是什么？", "中国电子技术标准化研究院"),  # (…,简称CESI)
    ("CMMI的全称是什么", "开发能力成熟度模型集成"),
    ("KPO的中文名称叫什么", "知识流程外包"),
    ("CMMI对应的中文名称是什么", "开发能力成熟度模型集成"),  # 对应的 before the name asked
    ("离岸外包怎么理解", "离岸外包"),
    ("国家认监委是谁", "国家认监委"),
    ("“发包方”这个说法怎么理解？", "发包方"),  # the term quoted, then 这个说法
    ("离岸外包这个术语到底是什么意思", "离岸外包"),
    ("金融外包一般怎么定义？", "金融外包"),
    ("发包方在这个规定里是什么意思？", "发包方"),  # where it is defined, between term and cue
    ("“承接服务外包业务”在信息保护规定里是怎么界定的？", "承接服务外包业务"),  # 界定: delimit
    ("这份规定里说的“保密信息”该怎么界定？", "保密信息"),  # 该 / 应该 before 怎么界定
    ("请问“发包方”啥意思？", "发包方"),  # 啥意思 without 是
    ("CMMI中文叫啥", "开发能力成熟度模型集成"),  # its name in Chinese, said as one would
    ("KPO用中文怎么说", "知识流程外包"),
    ("服务外包业务 术语里怎么定义的", "服务外包业务"),  # where it is defined, without 在
    ("文件里总提“发包方”，具体指的是谁？", "发包方"),  # the quote closed with a comma
    ("什么叫保密信息？", "保密信息"),  # 什么叫 / 啥叫 / 何为 before the term
    ("啥叫离岸外包", "离岸外包"),
    ("何为业务流程外包", "业务流程外包"),
    ("保密信息具体指啥", "保密信息"),  # 指啥, 指的什么
    ("发包方指的什么", "发包方"),
    ("离岸外包怎么解释", "离岸外包"),  # 解释 / 解读 like 理解
    ("岗位职责中对服务外包是怎么解释的？", "服务外包"),  # with 是, as 是怎么定义的
    ("ITO咋理解", "信息技术外包"),
    ("保密信息该怎么解读", "保密信息"),
    ("解释下离岸外包", "离岸外包"),
    ("离岸外包的概念", "离岸外包"),
    ("离岸外包到底是个什么东西", "离岸外包"),
    ("保密信息是何含义", "保密信息"),
    ("离岸外包何解", "离岸外包"),
    ("保密信息的涵义", "保密信息"),
    # English: the term is what is left of the question without its asking words
    ("what do we mean by offshore outsourcing", "离岸外包"),
    ("offshore outsourcing meaning", "离岸外包"),
    ("How is confidential information defined?", "保密信息"),
    ("What counts as confidential information?", "保密信息"),
    # who may be one, after where it is asked
    ("Under the information-protection rules, who can act as the outsourcing client?", "发包方"),
    ("What is the definition of offshore outsourcing?", "离岸外包"),
    ("Could you explain what offshore outsourcing is?", "离岸外包"),
    ('What does the term "service outsourcing business" cover?', "服务外包业务"),
    # a term of two words said with 的 between them
    ("规定里说的要保密的信息到底指啥", "保密信息"),
    ("离岸的外包是什么意思", "离岸外包"),
])
def test_definition_questions_in_other_phrasings(terms, q, term):
    from kb.terms import asks_definition

    n = normalize(q)
    assert asks_definition(n)
    assert term in [t.term for t in match_terms(n, terms)]


def test_what_role_is_no_definition_question(terms):
    """"是什么" followed by a noun asks about that noun (地位, 作用, 关系), not what the term means:
    "外包岗位在业务外包策略中是什么地位" is no question about 外包岗位's definition."""
    assert match_terms(normalize("业务外包岗位在业务外包策略中是什么地位？"), terms) == []
    assert match_terms(normalize("外包岗位是什么作用"), terms) == []
    assert {t.term for t in match_terms(normalize("外包岗位是什么？"), terms)} == {"外包岗位"}
    assert {t.term for t in match_terms(normalize("离岸外包是什么东西"), terms)} == {"离岸外包"}


def test_a_term_asked_of_another_term_is_that_terms_question(terms):
    """"政府服务外包的发包方是谁" asks who the client is in government outsourcing, which that
    term's definition says (以政府机关或部门作为发包方), not what 发包方 means in the regulation.
    Only when the first term's definition speaks of the second."""
    for q in ("政府服务外包的发包方是谁？", "政府服務外包裡面，發包方是誰？"):
        assert [t.term for t in match_terms(normalize(q), terms)] == ["政府服务外包"]
    assert [t.term for t in match_terms(normalize("离岸外包的发包方是谁？"), terms)] == ["发包方"]
    assert [t.term for t in match_terms(normalize("发包方是谁？"), terms)] == ["发包方"]


def test_a_term_said_with_de_is_asked_only_where_its_words_stand_apart(terms):
    """"保密的信息" is 保密信息; "保密措施的信息" or a 的 elsewhere in the question is not."""
    assert match_terms(normalize("保密措施的信息是什么意思"), terms) == []
    assert [t.term for t in match_terms(normalize("离岸外包的信息是什么意思"), terms)] != ["保密信息"]
