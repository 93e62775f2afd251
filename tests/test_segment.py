import subprocess
import sys

from kb.segment import Segmenter, expand_english, language_of, normalize


def test_identifiers_stay_whole():
    s = Segmenter()
    toks = s.tokens("依据ISO/IEC 20000-1:2005和GB/T 24405.1-2009, 见6.7及附录C.5, 需通过CMMI和ITO")
    for ident in ["iso/iec20000-1:2005", "gb/t24405.1-2009", "6.7", "c.5", "cmmi", "ito"]:
        assert ident in toks, ident
    assert "24405.1" in toks  # parts too, so "GB/T 24405.1" finds "GB/T24405.1-2009"


def test_domain_terms_are_single_tokens():
    toks = Segmenter().tokens("接包方应对保密信息采取保密措施并签订竞业禁止协议")
    for term in ["接包方", "保密信息", "保密措施", "竞业禁止协议"]:
        assert term in toks


def test_outsourcing_is_one_word_after_a_verb():
    """jieba's own dictionary gives 外包 a frequency of 3, so "做外包的人" was cut 做外/包 and
    "外包业务" 外/包/业务: the domain dictionary gives it a word's weight."""
    s = Segmenter()
    for text, word in [("做外包的人能不能透露", "外包"), ("干外包要有什么本事", "外包"),
                       ("把外包业务交给外包商", "外包"), ("交给外包商做", "外包商")]:
        assert word in s.cut(text), (text, s.cut(text))
    assert "外包服务商" in s.cut("选择外包服务商")
    # jieba's dictionary lacks 占比 (a share): "占比分别为52.1%" was cut 占/比/分别, so a question's
    # 占比 (or a typo of it, 战比) met no word of the 2014 figures
    assert "占比" in s.cut("ITO、BPO和KPO占比分别为52.1%、33.5%和14.4%")


def test_stop_words_are_dropped():
    assert Segmenter().tokens("什么是离岸外包？") == ["离岸", "外包", "离岸外包"]


def test_full_width_and_traditional_are_normalised():
    assert normalize("ＩＴＯ和ＢＰＯ") == "ITO和BPO"
    assert normalize("接包方應對保密資訊採取措施") == "接包方应对保密信息采取措施"
    assert normalize("程序和软件") == "程序和软件"  # simplified text is never rewritten
    assert normalize("離岸外包是甚麼意思") == "离岸外包是什么意思"  # 甚麼: Taiwan's 什么


def test_private_tokenizer_leaves_global_jieba_alone():
    """In a process of its own: Milvus Lite's in-process jieba analyzer (tests/test_milvus.py)
    does add our dictionary's words to the global jieba of the process it runs in."""
    code = ("import jieba; from kb.segment import Segmenter; Segmenter().tokens('接包方'); "
            "jieba.dt.check_initialized(); print('接包方' in jieba.dt.FREQ)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_english_questions_get_glossary_terms():
    assert language_of("What is offshore outsourcing?") == "en"
    assert language_of("ITO的定义") == "zh"
    assert "离岸外包" in expand_english("What is offshore outsourcing?")


def test_english_inflections_find_the_glossary_word():
    """A glossary word is found in the forms English inflects it to beyond -s / -ed / -ing:
    communicating (communicate), applies (apply), banned (ban); not in another word."""
    assert "沟通" in expand_english("What does communicating with clients achieve?")
    assert "禁止" in expand_english("a line of business banned by regulations")
    assert "申请" in expand_english("Who applies for the certification?")
    assert "禁止" not in expand_english("a banner on the website")


def test_what_is_outsourced_names_the_kind_of_outsourcing():
    """"outsources its employee training" is training outsourcing (培训外包), as "training
    outsourcing" would say; a thing the glossary has no kind of outsourcing for adds none."""
    assert "培训外包" in expand_english("If a company outsources its employee training, which "
                                     "tasks can be handed over?")
    assert "软件外包" in expand_english("Why do companies outsource software development?")
    assert "IT外包" in expand_english("When a bank outsources its IT, what must it check?")
    assert "外包" in expand_english("we outsource some work to a vendor")
    assert "培训外包" not in expand_english("Do outsourcing vendors train their staff?")
    # "outsourcing firms" is no verb, and the thing outsourced ends before "for"
    assert "IT外包" not in expand_english("Which certification did clients require from "
                                          "outsourcing firms for IT service management?")


def test_english_questions_reach_the_documents_words():
    """The glossary carries the documents' own headings and phrases in English."""
    from kb.segment import expand_english

    assert "绩效考核" in expand_english("How does the performance review work?")
    assert "附录" in expand_english("What does the annex cover?")
    assert "独立法人" in expand_english("Must the company be a legal entity?")
    assert "学历" in expand_english("What education level is required?")
    assert "办公软件" in expand_english("Which office software should staff know?")
    # and the everyday names of it: office programs, productivity tools (not 工作效率)
    assert "办公软件" in expand_english("Which office programs should staff master?")
    assert "办公软件" in expand_english("Which productivity tools is a staffer expected to use?")
    # whose information it is sits inside the phrase without changing it
    assert "保密信息" in expand_english("computers that store confidential client information")
    # single everyday words reach the statute's wording too
    assert "签订" in expand_english("Who must sign the agreement?")
    assert "泄露" in expand_english("What happens after a leakage?")


def test_every_glossary_term_is_the_documents_wording():
    """A Chinese term the documents do not use finds nothing: the glossary's Chinese sides occur in
    the shipped documents (a handful of early month and question words excepted, listed here)."""
    from pathlib import Path

    from kb.segment import GLOSSARY

    docs = "".join(p.read_text(encoding="utf-8")
                   for p in (Path(__file__).parents[1] / "corpus" / "docs").glob("*.txt"))
    rows = [line.split("\t") for line in GLOSSARY.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert all(len(r) == 2 for r in rows) and len(rows) >= 1000
    missing = {t for _, zh in rows for t in zh.split() if t not in docs}
    assert missing <= {"多少", "3月", "9月", "10月"}, missing
