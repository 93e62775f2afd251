import pytest

from kb.numbering import cn_to_int, find_refs, int_to_cn


@pytest.mark.parametrize("cn,n", [("一", 1), ("十", 10), ("十五", 15), ("二十", 20), ("二十一", 21),
                                  ("一百零三", 103), ("一千零五", 1005), ("两", 2), ("15", 15)])
def test_chinese_numerals(cn, n):
    assert cn_to_int(cn) == n


def test_int_to_cn_round_trip():
    for n in range(1, 400):
        assert cn_to_int(int_to_cn(n)) == n


def test_numbers_beyond_the_chinese_range_stay_digits():
    assert int_to_cn(9999) == "九千九百九十九"
    assert int_to_cn(99999999999) == "99999999999" and int_to_cn(-3) == "-3"


def test_not_a_numeral():
    with pytest.raises(ValueError):
        cn_to_int("条")


@pytest.mark.parametrize("text,keys", [
    ("若干规定第七条是什么内容？", ["第7条"]),
    ("第15条", ["第15条"]),
    ("15条讲什么", ["第15条"]),
    ("第五条（三）", ["第5条(3)"]),
    ("第五条第三项是什么", ["第5条(3)"]),
    ("服务外包能力要求6.7是什么条款？", ["6.7"]),
    ("附录C.8讲的是什么？", ["C.8"]),
    ("附录 C 规定了什么", ["附录C"]),
    ("C.5访问控制", ["C.5"]),
    ("同比增长34.4%，金额596.5亿美元", []),
    ("2014年1至7月", []),
    ("市软件和服务外包企业认定条件", []),
])
def test_find_refs(text, keys):
    assert [r.key for r in find_refs(text)] == keys


@pytest.mark.parametrize("text,keys", [
    ("附录C第7项是什么？", ["C.7"]),  # an appendix's n-th item is its clause n
    ("附录 C 的第七项", ["C.7"]),
    ("附录A的A.1.1是什么", ["A.1.1"]),  # the more specific of two nested references
    ("第7章服务安全包括哪几节？", ["第7章"]),
    ("第五条第三项", ["第5条(3)"]),
    ("第五条第（九）项", ["第5条(9)"]),  # the item's number in brackets, as the document writes it
    ("第十条第(二)款", ["第10条(2)"]),
    ("第五条的第九项是什么", ["第5条(9)"]),  # 的 / 中的 between the article and its item
    ("第五条中的第三项", ["第5条(3)"]),
    ("第五条的三项要求", ["第5条"]),  # a count of items, not the third
    ("倒数第二章", []),  # a position, not a reference
    ("What does Article 18 of the regulation say?", ["第18条"]),  # English questions too
    ("article 5(3)", ["第5条(3)"]),
    ("What does Appendix C cover?", ["附录C"]),
    ("Annex A.1.1", ["A.1.1"]),
    ("Chapter 7 of the standard", ["第7章"]),
    ("The particle 5 and chapters", []),
    # typed quickly: no 第 before the item, the appendix letter in lower case or without its dot
    ("5条3项是什么", ["第5条(3)"]),
    ("第5条3款", ["第5条(3)"]),
    ("附录c5讲什么", ["C.5"]),
    ("附录c.5", ["C.5"]),
    ("安全控制项C5对应什么", ["C.5"]),  # an appendix item without 附录 or its dot
    ("A1.2讲什么", ["A.1.2"]),
    ("用A4纸打印", []),  # a paper size, a business model, a licence: no clause
    ("B2B平台", []),
    ("C1驾照", []),
    ("article 5 item 3", ["第5条(3)"]),
    ("Article 5, paragraph 3", ["第5条(3)"]),
    ("item 3 of article 5", ["第5条(3)"]),
    ("保密信息的第三条件是什么", []),  # the third condition, not article 3
    # several articles under one 条: a list or a range, each article named
    ("第5、6条", ["第5条", "第6条"]),
    ("第十四和十五条", ["第14条", "第15条"]),
    ("第五条到第七条", ["第5条", "第6条", "第7条"]),
    ("第5-7条讲什么", ["第5条", "第6条", "第7条"]),
    ("第3条和第5条(二)", ["第3条", "第5条(2)"]),
    ("第1至999条", ["第1条", "第999条"]),  # too long a range: its ends only
    ("2014年1至7月", []),
    # a section of a chapter: one reference (a standard numbers it 6.5, a law files it so)
    ("标准第6章第5节讲啥的", ["第6章第5节"]),
    ("第六章的第五节", ["第6章第5节"]),
    ("6章5节", ["第6章第5节"]),
    ("分为三章两节", []),  # a count of parts, not a reference
    # an article's item as auditors abbreviate it, and the article next to one named
    ("合规检查中看到引用“5（一）”", ["第5条(1)"]),
    ("5(3)是什么要求", ["第5条(3)"]),
    ("ISO 9001(2015)", []),  # a year in brackets after a longer number
    ("7 服务安全 (24)", []),  # a table of contents' page number
    ("第十条后面那条", ["第11条"]),
    ("第五条的下一条", ["第6条"]),
    ("第八条前面一条", ["第7条"]),
    ("第一条前面那条", ["第0条"]),  # none: said missing, not read as 第一条
    ("第十条之后的条款", ["第10条"]),  # clauses after it, not one article
    ("服务实现的第一节（6.1）叫什么？", ["6.1"]),  # a section written both ways
])
def test_references_as_questions_write_them(text, keys):
    assert [r.key for r in find_refs(text)] == keys


def test_a_chapter_is_found_however_the_document_numbers_it():
    from kb.numbering import key_variants

    assert key_variants("第7章") == ["第7章", "7"] and key_variants("第5条") == ["第5条"]
    assert key_variants("第6章第5节") == ["第6章第5节", "6.5"]
    # 5.6: a section where a standard has one, else article 5's item 6
    assert key_variants("5.6") == ["5.6", "第5条(6)"] and key_variants("A.1.1") == ["A.1.1"]
