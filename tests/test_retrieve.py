import pytest

from kb.answer import answer_question
from kb.errors import QuestionError
from kb.query import check_question
from kb.retrieve import Filters

from .conftest import SHARED, needs_shared


@pytest.mark.parametrize("q", ["若干规定第十五条", "第15条是什么", "15条讲什么", "第十五条"])
def test_article_lookup_in_any_numeral_form(retriever, q):
    hit = retriever.search(q, k=3).hits[0]
    assert (hit.clause.id, hit.via) == ("info-protection-rules:第15条", "lookup")


def test_item_lookup(retriever):
    hit = retriever.search("第五条（三）规定了什么", k=3).hits[0]
    assert hit.clause.id == "info-protection-rules:第5条(3)"


@pytest.mark.parametrize("q,clause", [
    ("合规检查中看到引用“5（一）”，这一项的原文是什么？", "第5条(1)"),  # an item abbreviated
    ("条款5.6要求对来访者怎么处理？", "第5条(6)"),  # no section 5.6 anywhere: article 5, item 6
    ("信息保护规定里第十条后面那条讲什么？", "第11条"),  # the article next to one named
    ("第五条的下一条", "第6条"),
    ("第八条前面一条规定了什么", "第7条"),
])
def test_an_article_named_as_auditors_abbreviate_it(retriever, q, clause):
    hit = retriever.search(q, k=3).hits[0]
    assert (hit.clause.id, hit.via) == (f"info-protection-rules:{clause}", "lookup")
    # a section the standard has keeps its own number
    assert retriever.search("6.5讲什么", k=3).hits[0].clause.id == "sop-capability:6.5"


def test_the_documents_title_names_no_heading_of_a_chapter(retriever):
    """"服务外包能力要求的第4章叫什么": the title's 服务外包能力 is also most of 4.2's heading
    (服务外包能力模型), but it names the document, not the section: chapter 4 answers."""
    hits = retriever.search("服务外包能力要求的第4章叫什么？", k=3).hits
    assert (hits[0].clause.id, hits[0].via) == ("sop-capability:4", "lookup")
    assert retriever.search("服务外包能力要求附录C里有讲业务连续性吗", k=3).hits[0].clause.id == \
        "sop-capability:C.8"  # a heading the question does write still picks the item


@pytest.mark.parametrize("q", ["标准第6章第5节讲啥的", "服务外包能力要求第六章第五节是什么", "能力要求6章5节"])
def test_a_section_of_a_chapter_is_the_standards_dotted_number(retriever, q):
    hit = retriever.search(q, k=3).hits[0]
    assert (hit.clause.id, hit.via) == ("sop-capability:6.5", "lookup")


def test_a_missing_section_of_a_chapter_is_said_missing(retriever):
    result = retriever.search("能力要求第六章第九节讲什么", k=3)
    assert result.missing_refs == ("第六章第九节",)


def test_lookup_of_title_only_clause(retriever):
    hits = retriever.search("附录C.8讲的是什么？", k=3).hits
    assert hits[0].clause.id == "sop-capability:C.8" and hits[0].clause.title_only


def test_title_only_lookup_puts_clauses_that_describe_it_first(retriever):
    hits = retriever.search("附录C规定了什么内容？", k=3).hits
    assert (hits[0].clause.id, hits[0].via) == ("sop-capability-notes:五/8", "reference")
    assert hits[1].clause.id == "sop-capability:附录C"
    # which entries it has: its table of contents lists them ("包括那些", the slip for 哪些)
    for q in ("服务外包能力要求的附录C安全控制项包括那些方面?",
              "Which item in Annex C of the Services Outsourcing Capabilities standard covers "
              "access control?"):
        hits = retriever.search(q, k=3).hits
        assert (hits[0].clause.id, hits[0].via) == ("sop-capability:附录C", "lookup"), q
        assert hits[1].clause.id == "sop-capability-notes:五/8", q


def test_named_document(retriever):
    assert retriever.named_documents("若干规定第七条是什么内容？") == ["info-protection-rules"]
    assert "sop-capability" in retriever.named_documents("服务外包能力要求6.7是什么条款？")
    # the 编制说明's own title quotes the standard's: quoting it does not pin the standard, unless
    # the question goes on with something else ("这份认证规范" is the standard)
    assert retriever.named_documents("《服务外包能力要求》编制说明的第二部分讲了什么？") == \
        ["sop-capability-notes"]
    assert retriever.named_documents("《服务外包能力要求》这份认证规范是哪家机构发布的?") == \
        ["sop-capability"]
    assert retriever.named_documents("服务外包能力要求这个认证规范是哪家机构发布的") == \
        ["sop-capability"]
    assert retriever.named_documents("在能力要求规范的哪一节？") == ["sop-capability"]
    # a title held whole and then the longer title's end, said short (服务外包业务 + 数据 of
    # 服务外包业务相关数据): the longer one; not when the words stop short of it (认证规范 of
    # 认证技术规范编制说明 is the standard)
    assert retriever.named_documents("那份服务外包业务数据统计的是哪个时间段？") == ["fwwb-data-2014"]
    assert retriever.named_documents("服务外包业务是什么") == ["fwwb-terms"]
    assert retriever.named_documents("服务外包能力要求认证规范是哪家机构发布的") == ["sop-capability"]


def test_which_section_asks_for_a_numbered_section(retriever):
    """"在能力要求规范的哪一节": the standard's 6.6 外部供方管理 (known by its title from the table of
    contents) answers, not a job specification's sentence about 外部供应商."""
    hit = retriever.search("对分包商这类外部供应商的管理要求，在能力要求规范的哪一节？", k=3).hits[0]
    assert hit.clause.id == "sop-capability:6.6"
    # a title is what the question asks for: it is not ranked down as a bare title (its words
    # alone, 管…供应商, found it; search had put it past the 40th)
    hit = retriever.search("能力要求规范里，讲外包公司怎么管自己的供应商的是哪一节？", k=3).hits[0]
    assert hit.clause.id == "sop-capability:6.6"
    # an appendix and a part with a Chinese ordinal are sections too; 收尾, 合作到期 mean 服务终止
    from kb.intent import CARRIES, answer_types
    from kb.segment import normalize

    for q in ("IT外包的内容放在哪部分", "Which appendix covers BPO?", "在哪个附录里"):
        assert "section" in answer_types(normalize(q)), q
    for line in ("附录 a (规范性附录)信息技术外包(ito)服务实现", "四、 参与制订技术规范的主要单位情况",
                 "6.5 服务终止"):
        assert CARRIES["section"].search(line), line
    assert not CARRIES["section"].search("2013年4月,国家质量监督检验检疫总局")
    hits = retriever.search("合作到期不再续了，收尾这一步在能力规范的第几节？", k=3).hits
    assert hits[0].clause.id == "sop-capability:6.5"


def test_definition_route(retriever):
    hits = retriever.search("离岸外包是什么意思？", k=3).hits
    assert (hits[0].clause.id, hits[0].via) == ("fwwb-terms:§根据主体对象/1", "definition")


def test_item_is_promoted_to_its_short_parent(retriever):
    hits = retriever.search("保密信息需要符合哪些条件", k=3, route=False).hits
    assert hits[0].clause.id == "info-protection-rules:第3条"


def test_filters(retriever):
    only = Filters(kinds=frozenset({"guide"}))
    hits = retriever.search("接包方应对保密信息采取哪些保密措施？", k=5, filters=only).hits
    assert hits and all(h.clause.kind == "guide" for h in hits)
    docs = Filters(docs=frozenset({"it-assessment"}))
    assert {h.clause.doc for h in retriever.search("数据安全", k=5, filters=docs).hits} == \
           {"it-assessment"}


def test_modes_rank_differently_but_all_find_the_article(retriever):
    q = "接包方违反保密协议，发包方可以怎么办？"
    for mode in ("hybrid", "bm25", "dense"):
        ids = [h.clause.id for h in retriever.search(q, k=5, mode=mode, route=False).hits]
        assert "info-protection-rules:第10条" in ids, mode


@pytest.mark.parametrize("q,msg", [("", "empty"), ("   ", "empty"), ("问" * 501, "limit is 500")])
def test_bad_questions(q, msg):
    with pytest.raises(QuestionError, match=msg):
        check_question(q, 500)


@pytest.mark.parametrize("q,expected", [
    ("若干规定最后一条是什么？", "info-protection-rules:第15条"),
    ("若干规定倒数第二条规定了什么？", "info-protection-rules:第14条"),
    # positions said as one says them: 末尾那条, 头一条, 首条, 最后那个
    ("若干规定末尾那条", "info-protection-rules:第15条"),
    ("若干规定头一条", "info-protection-rules:第1条"),
    ("若干规定首条讲什么", "info-protection-rules:第1条"),
    ("第五条最后那个措施", "info-protection-rules:第5条(8)"),
    ("第五条头一项", "info-protection-rules:第5条(1)"),
    ("服务外包人员岗位职责第3项是什么", "staff-duties:二/3"),
    # two of the three 《外包岗位岗位规范》 have a 四、工作流程: either one's second step is right
    ("外包岗位工作流程第二步做什么？", "job-spec-1:四/2 job-spec-2:四/2"),
    # a list the question names by its heading, even where 条 could mean the document's own
    ("服务外包人员职位要求的最后一条是什么?", "staff-duties:三/6"),
    # a position inside a clause the question names: its items, a table of contents' entries too
    ("附录C安全控制项的最后一项是什么?", "sop-capability:C.10"),
    # "第2条" of a document not numbered by 条 is its second item
    ("外包岗位福利的第2条写了什么?", "job-spec-1:四/2 job-spec-2:四/2 job-spec-3:四/2"),
    # a list whose heading shares a word with the question: 职责 is 岗位职责, not 职位要求
    ("服务外包人员第五项职责是什么", "staff-duties:二/5"),
    # a part and an item of it; of the three same-titled documents, the one whose 三、 is 任职要求
    ("外包岗位规范第三部分任职要求的第二条讲什么？", "job-spec-1:三/2"),
    # a part the question names by number and heading is that part, not its 4th item
    ("外包岗位规范第四部分岗位福利有哪些内容？", "job-spec-3:四"),
    # in English: "the 4th condition" of prose that counts 首先 … 第四，…; "the last step"
    ("What is the 4th condition of the certification guide for municipal software and service "
     "outsourcing enterprises?", "enterprise-certification:¶4"),
    ("What is the last step of the workflow in the outsourcing job specification?",
     "job-spec-1:四/7 job-spec-2:四/7"),
    ("What's the final condition listed for the municipal enterprise recognition?",
     "enterprise-certification:¶5"),  # "final" is the last
    # words between the position and what is counted; a category is a document's own division
    ("What is the last security control item listed in Appendix C?", "sop-capability:C.10"),
    ("What is the fourth category of the IT outsourcing assessment criteria?", "it-assessment:4"),
    # 第3大项: a top-level part, as 第三部分 is (IT外包考核标准's 3. 风险管理评估)
    ("IT外包考核标准里第3大项考核的是什么？", "it-assessment:3"),
    # the kind counted asked after the position: the list whose items are headed so (…评估)
    ("IT外包考核标准里排在第三项的是什么评估？", "it-assessment:3"),
    # a list named by its own lead-in (第五条 "…采取…保密措施，包括："), not 第三条's items
    ("保密措施的第三项是什么", "info-protection-rules:第5条(3)"),
    ("保密信息的第（二）个条件是什么", "info-protection-rules:第3条(2)"),
    # how many: the last one, whose number says it (of the document the question names)
    ("外包信息保护这部规定总共有多少条", "info-protection-rules:第15条"),
    ("业务外包岗位要求那篇一共数了几条能力？", "job-requirements:7"),
    ("IT外包考核标准分成几大类考核维度？", "it-assessment:4"),
    # the document's own 1. 2. …, not the unnumbered introduction the parser counts as ¶1
    ("业务外包岗位的职责与要求，第一条讲的是什么能力？", "job-requirements:1"),
    # the list named right before the position, not another heading the question mentions
    ("外包岗位规范里除了岗位福利，我想看岗位职责的第二条", "job-spec-1:二/2 job-spec-2:二/2 "
     "job-spec-3:二/2"),
    # bullets ("- 数据安全:…") are a list of their own, also inside a hit cited as its parent
    # (技能要求 inside 三、岗位要求), and of two lists named, the one right before the position
    ("IT外包考核里风险管理评估的第二点是什么", "it-assessment:3/2"),
    ("技术能力评估的第3个方面", "it-assessment:2/3"),
    ("外包岗位规范技能要求的最后一条", "job-spec-2:三/3/5"),
    ("外包岗位规范“三、岗位要求”里的技能要求第一条是什么", "job-spec-2:三/3/1"),
    # a list's heading right before 第N条 in a question that names no document: that list's
    # item, not the regulation's 第六条 (which says nothing of 职位要求)
    ("职位要求第6条", "staff-duties:三/6"),
    ("技能要求第5条", "job-spec-2:三/3/5"),
    # …also when the document is named by a title that is also a term (服务外包业务)
    ("服务外包业务里根据主体对象的第8条是什么", "fwwb-terms:§根据主体对象/8"),
    # 第二类, 第3种: positions too
    ("根据主体对象分的第二类外包是什么", "fwwb-terms:§根据主体对象/2"),
])
def test_positions_in_a_list(retriever, q, expected):
    """"最后一条", "第3项", "第二步": the clause at that position of the named document or of the
    list the question names, not a clause that happens to contain the number."""
    hit = retriever.search(q, k=3).hits[0]
    assert hit.via == "ordinal"
    assert hit.clause.id in expected.split()


def test_an_article_whose_text_has_the_words_before_its_number_is_still_looked_up(retriever):
    hit = retriever.search("接包方第4条", k=3).hits[0]
    assert (hit.clause.id, hit.via) == ("info-protection-rules:第4条", "lookup")


def test_an_item_named_by_heading_inside_a_named_clause(retriever):
    """"附录C 供应链安全": the question names 附录C and writes one of its items' headings whole;
    that item comes first, before the 编制说明's sentence that refers to 附录C."""
    hits = retriever.search("附录C 供应链安全", k=3).hits
    assert hits[0].clause.id == "sop-capability:C.10" and hits[0].via == "lookup"
    assert retriever.search("第五条 保密措施", k=3).hits[0].clause.id == "info-protection-rules:第5条"
    # most of a heading, four characters in a row or more, names the one item that has them
    hit = retriever.search("附录C里有讲业务连续性吗", k=3).hits[0]
    assert (hit.clause.id, hit.via) == ("sop-capability:C.8", "lookup")
    # two characters do not ("安全" is in several of 附录C's headings): no item is looked up
    hits = retriever.search("附录C里有讲安全吗", k=3).hits
    assert [h.clause.id for h in hits if h.via == "lookup"] == ["sop-capability:附录C"]


def test_a_position_in_lists_of_the_same_name_is_quoted_from_each(bankless):
    """"外包岗位职责第6条": the staff duties and a job specification each have a 岗位职责 with a
    sixth item, and the question names both as fully; the answer says so and quotes each. A
    question that names the document whole ("服务外包人员岗位职责第3项") is not ambiguous."""
    from kb.answer import answer_question

    a = answer_question(bankless, "外包岗位职责第6条讲什么")
    cited = {(c.doc_slug, c.clause) for c in a.citations}
    assert {("staff-duties", "二、6."), ("job-spec-3", "二、6.")} <= cited
    assert a.answer.startswith("“外包岗位职责第6条”可能指以下 2 处")
    a = answer_question(bankless, "外包岗位要求第4点讲什么")
    assert {"job-requirements", "job-spec-3"} <= {c.doc_slug for c in a.citations}
    a = answer_question(bankless, "服务外包人员岗位职责第3项")
    assert [(c.doc_slug, c.clause) for c in a.citations] == [("staff-duties", "二、3.")]
    assert "可能指" not in a.answer


def test_a_position_in_a_list_written_inline(retriever):
    """The terms' 根据业务流程 lists four kinds in one sentence ("主要包括:A、B、C、D。"): the
    second of them is in that clause, not the second item of the numbered list beside it (根据主体
    对象); a fifth is none, and the answer says of which list."""
    from kb.answer import answer_question
    from kb.retrieve import inline_items

    assert inline_items("主要包括:业务改造外包、业务流程和业务流程服务外包、应用管理和应用服务等商业应用"
                        "程序外包、基础技术外包。") == 4
    assert inline_items("包括:A、B。") == 0 and inline_items("接包方应当加强培训、宣传。") == 0
    hit = retriever.search("按业务流程分的业务种类，第2种是什么？", k=3).hits[0]
    assert (hit.clause.id, hit.via) == ("fwwb-terms:§根据业务流程", "ordinal")
    a = answer_question(retriever, "按业务流程分的业务种类，第5种是什么？")
    assert a.refused and "根据业务流程只有4项，没有第5种" in a.answer and not a.citations, a.answer
    assert a.nearest[0].id == "fwwb-terms:§根据业务流程"  # the list, first among the nearest


def test_a_position_counted_in_words_in_prose(retriever):
    """《市软件和服务外包企业认定条件》 counts its conditions in running text (首先 … 其次 … 第三，…
    第四，… 最后，): "第四个认定条件" is the clause whose sentence opens with 第四."""
    from kb.answer import answer_question

    for q, opens in (("第四个认定条件是什么", "第四,"), ("认定条件的最后一个条件是什么", "最后,")):
        hit = retriever.search(q, k=3).hits[0]
        assert hit.via == "ordinal" and opens in retriever.store.full_text(hit.clause), q
        assert answer_question(retriever, q).answer.startswith(opens)  # quoted from that sentence


def test_a_place_in_the_order_with_no_unit_is_a_position(retriever):
    """"排在第三的是哪方面的条件": a place in a list's order with no unit after it is a position;
    "排在第一位的工作" asks what matters most (the 首要职责), not the first clause."""
    o = retriever.query("市软件和服务外包企业认定条件里，排在第三的是哪方面的条件？").ordinal
    assert o is not None and o.n == 3 and not o.top
    hit = retriever.search("市软件和服务外包企业认定条件里，排在第三的是哪方面的条件？", k=3).hits[0]
    assert hit.via == "ordinal" and "第三," in retriever.store.full_text(hit.clause)
    assert retriever.query("对服务外包人员来说，排在第一位的工作是什么？").ordinal is None


def test_a_clause_set_aside_is_not_asked_about(retriever):
    hit = retriever.search("除了第五条，第六条讲什么？", k=3).hits[0]
    assert hit.clause.id == "info-protection-rules:第6条"
    from kb.retrieve import asked_refs

    # 除 of 解除 sets nothing aside
    query = retriever.query("解除第五条的措施，第六条还算数吗？")
    assert [r.key for r in asked_refs(query)] == [r.key for r in query.refs]
    assert [r.key for r in asked_refs(retriever.query("除了第五条，第六条讲什么？"))] == \
        [r.key for r in retriever.query("第六条讲什么？").refs]


def test_of_several_clauses_of_one_number_the_one_whose_heading_is_written(retriever):
    """"第4章服务能力管理": three documents have a 4., the question names the standard's by its
    heading (without its note "(总要求)"); with no heading written all three are shown."""
    hits = [h for h in retriever.search("第4章服务能力管理下面有哪几节", k=5).hits if h.via == "lookup"]
    assert [h.clause.id for h in hits] == ["sop-capability:4"]
    hits = [h for h in retriever.search("第4章是什么", k=5).hits if h.via == "lookup"]
    assert len({h.clause.doc for h in hits}) == 3


def test_an_appendix_item_is_its_position_where_it_has_no_such_number(retriever):
    """附录B numbers its items B.1.1-B.1.3 (no B.1, no B.3): "附录B第3项" is its third item, as
    "附录C第5项" is C.5; past its last item there is no such item."""
    from kb.answer import answer_question

    hit = retriever.search("《服务外包能力要求》附录B第3项是什么？", k=3).hits[0]
    assert (hit.clause.id, hit.via) == ("sop-capability:B.1.3", "lookup")
    assert retriever.search("附录C第5项是什么", k=3).hits[0].clause.id == "sop-capability:C.5"
    a = answer_question(retriever, "附录B第5项是什么")
    assert a.refused and "没有任何文档有附录B第5项" in a.answer, a.answer


@pytest.mark.parametrize("q,clause", [
    ("服务安全那章第一节讲啥", "sop-capability:7.1"),
    ("服务实现这一章第3节是什么", "sop-capability:6.3"),
])
def test_a_section_after_a_part_named_by_its_heading_is_that_parts(retriever, q, clause):
    """"第一节" after "服务安全那章" is 7.1, not the sections numbered 1 of three documents."""
    hit = retriever.search(q, k=3).hits[0]
    assert (hit.clause.id, hit.via) == (clause, "ordinal")


def test_of_the_same_position_in_several_lists_the_one_saying_the_questions_word_comes_first(
        retriever):
    """"外包岗位职责第6条关于成本": the sixth duty of several documents; only 《外包岗位岗位规范》's
    speaks of 成本, so it is quoted first; without such a word the order is search's."""
    hits = [h for h in retriever.search("外包岗位职责第6条关于成本是怎么规定的？", k=5).hits
            if h.via == "ordinal"]
    assert len(hits) > 1 and "成本" in hits[0].clause.text
    assert not all("成本" in h.clause.text for h in hits)


def test_a_reference_is_not_a_position(retriever):
    hit = retriever.search("第五条第三项规定了什么", k=3).hits[0]
    assert (hit.clause.id, hit.via) == ("info-protection-rules:第5条(3)", "lookup")


@pytest.mark.parametrize("q,says", [
    ("若干规定第九十九条是什么？", "没有第九十九条，该文档的条款为第一条至第十五条"),
    ("6.99是什么", "知识库中没有任何文档有6.99"),
    ("附录Z讲什么", "知识库中没有任何文档有附录Z"),
    ("若干规定第99999999999条是什么？", "没有第99999999999条"),
    ("信息保护规定第五条第（九）项是什么内容？", "第五条只有(一)至(八)项，没有第(九)项"),  # an item in brackets
    ("外包岗位福利的第99999999999条写了什么?", "没有第99999999999条"),  # not read as a position either
    # the document the question names has no 第九条: not the regulation's 第九条 instead
    ("外包岗位规范里岗位职责第九条是什么?", "中没有第九条"),
    ("What does Article 18 of the information protection regulation say?", "has Article 18"),
    # the clauses set aside (除了附录A) are not what is asked
    ("能力要求除了附录A、B、C，还有个附录D讲什么？", "没有附录D"),
])
def test_a_clause_number_nobody_has_is_refused_with_what_there_is(retriever, q, says):
    from kb.answer import answer_question

    a = answer_question(retriever, q)
    assert a.refused and says in a.answer and not a.citations, a.answer


@pytest.mark.parametrize("q,quoted", [
    ("第5、6条", ["info-protection-rules:第5条", "info-protection-rules:第6条"]),
    ("若干规定第十四、十五条", ["info-protection-rules:第14条", "info-protection-rules:第15条"]),
    ("第五条到第七条讲什么", ["info-protection-rules:第5条", "info-protection-rules:第6条",
                        "info-protection-rules:第7条"]),
    ("第5-7条", ["info-protection-rules:第5条", "info-protection-rules:第6条",
                "info-protection-rules:第7条"]),
])
def test_a_list_or_range_of_articles_quotes_each(retriever, q, quoted):
    from kb.answer import answer_question

    a = answer_question(retriever, q)
    assert [c.id for c in a.citations] == quoted, a.answer


def test_of_two_articles_named_the_missing_one_is_said_to_be_missing(retriever):
    from kb.answer import answer_question

    a = answer_question(retriever, "若干规定第十五条和第九十九条")
    assert not a.refused and [c.id for c in a.citations] == ["info-protection-rules:第15条"]
    assert "本规定自2010年2月1日起施行" in a.answer
    assert "中没有第九十九条，该文档的条款为第一条至第十五条" in a.answer
    # no clause says it is missing: the line carries no citation marker
    assert a.answer.splitlines()[-1].endswith("。") and "[" not in a.answer.splitlines()[-1]
    b = answer_question(retriever, "第14至16条")
    assert [c.clause for c in b.citations] == ["第十四条", "第十五条"] and "没有任何文档有第16条" in b.answer


@pytest.mark.parametrize("q,says,article", [
    ("第7条第二项", "第七条不分项，没有第二项", "第7条"),
    ("若干规定第五条第九项是什么", "第五条只有(一)至(八)项，没有第九项", "第5条"),
    ("info protection rules第五条中的第九项是什么", "第五条只有(一)至(八)项，没有第九项", "第5条"),
    ("Article 7 item 2", "第七条 has no items, so no item 2", "第7条"),
])
def test_an_item_an_article_does_not_have_is_refused_with_what_the_article_has(
        retriever, q, says, article):
    """An auditor's "第7条第二项": 第七条 has no items. The answer says so (what items it has, if
    any) and offers the article first among the nearest clauses, rather than a bare "no document
    has 第7条第二项" beside other documents' chapter 7."""
    from kb.answer import answer_question

    a = answer_question(retriever, q)
    assert a.refused and says in a.answer, a.answer
    assert a.nearest[0].id == f"info-protection-rules:{article}"


@pytest.mark.parametrize("q,says", [
    ("业务外包的岗位要求第9项是什么", "《业务外包的岗位要求》中没有第9项"),
    ("若干规定第二十个部分讲什么", "中没有第二十个"),
])
def test_a_position_past_the_end_of_a_named_document_is_refused(retriever, q, says):
    from kb.answer import answer_question

    a = answer_question(retriever, q)
    assert a.refused and says in a.answer and not a.citations, a.answer
    # a position the document has is still answered
    b = answer_question(retriever, "业务外包的岗位要求第2项是什么")
    assert not b.refused and "沟通" in b.answer


def test_a_position_past_the_end_of_the_list_the_question_names_is_refused(retriever):
    """第五条 lists eight 保密措施: "第(九)项" of them is no other list's ninth item (the
    regulation's 第九条), and the answer says which list falls short."""
    from kb.answer import answer_question

    a = answer_question(retriever, "接包方保密措施清单的第(九)项具体说了啥?")
    assert a.refused and "第五条只有8项，没有第(九)项" in a.answer and not a.citations, a.answer
    # a list named by its heading written whole (五、绩效考核 of four items): not the document's
    # fifth part
    b = answer_question(retriever, "外包岗位规范五、绩效考核第5项是什么？")
    assert b.refused and "绩效考核只有4项，没有第5项" in b.answer and not b.citations, b.answer
    assert b.nearest[0].id == "job-spec-1:五"


def test_thesaurus_gives_the_documents_wording():
    from kb.segment import statute_terms

    assert statute_terms("客户给的资料能拿给别人看吗") == [
        ("客户给的资料", ["保密信息"]), ("拿给别人", ["披露", "使用", "允许他人使用"])]
    assert statute_terms("接包方应当签订保密协议") == []  # already the documents' words
    assert statute_terms("能不能照搬甲方的品牌") == [
        ("甲方", ["发包方"]), ("品牌", ["商标"]), ("照搬", ["侵犯", "知识产权"])]
    # a verb and its object with words between them (上…课)
    assert ("上课", ["培训"]) in statute_terms("公司要给员工上保密方面的课吗")
    assert ("上课", ["培训"]) in statute_terms("公司要给员工上课吗")  # or with none between
    assert "上课" not in dict(statute_terms("员工上班，课余时间学习"))  # not across a comma
    # a career's direction is where the job spec's 岗位发展 leads (专家, 领导者), not its 福利
    assert ("什么方向", ["职业发展", "发展空间", "专家", "领导者"]) in statute_terms("以后能往什么方向发展")
    assert ("干些什么活", ["职责", "日常操作"]) in statute_terms("外包专员平时都干些什么活？")
    assert ("交出去哪些", ["常见", "涉及"]) in statute_terms("IT外包通常会交出去哪些具体活儿？")
    # 以…为准 is not: in law it asks which of two texts prevails (以哪份遗嘱为准)
    assert "以为准" not in dict(statute_terms("有多份遗嘱时以哪份遗嘱为准？"))
    # showing or giving the material to anyone is disclosing it (给他看, 给朋友的公司参考)
    assert ("给看", ["披露", "允许他人使用"]) in statute_terms("我们能直接给他看吗")
    assert ("给参考", ["披露", "允许他人使用"]) in statute_terms("能把资料给朋友的公司参考一下吗")
    # but not being shown or given something oneself
    assert "给看" not in dict(statute_terms("医生给我看了病"))
    assert "给用" not in dict(statute_terms("为什么不给我带家用菜刀"))
    # anyone may look at it: who may come near the material is the 涉密人员's range
    assert ("谁都可以看", ["涉密人员", "限定涉密人员"]) in statute_terms("客户给的资料,是不是谁都可以看?")
    # a falling-out with the other side is a dispute, however far 闹 stands from 僵
    assert ("闹僵", ["分歧", "争议", "纠纷"]) in statute_terms("因为交付标准闹得很僵")
    # "A or not A" says the phrase once (花没花超 is 花超, 给不给别人看 is 给别人看)
    assert ("花超", ["超出了预算", "项目成本"]) in statute_terms("考核的时候钱花没花超算不算一项？")
    assert ("给别人看", ["披露", "允许他人使用"]) in statute_terms("客户的资料给不给别人看")
    # whether the job leaves time for one's family is the work-life balance the benefits promise
    assert ("顾得上家", ["工作生活平衡"]) in statute_terms("做外包岗位能顾得上家里吗？")


def test_a_one_character_phrase_is_not_read_inside_a_word():
    """签 (sign) is in the thesaurus; 签证 (a visa) is another word, and a visa question must not
    be searched as one about signing agreements."""
    from kb.segment import Segmenter, statute_terms

    seg = Segmenter()
    visa = "去日本出差要办什么签证？"
    assert ("签", ["签订", "协议"]) not in statute_terms(visa, seg.inside_words(visa))
    signed = "外包员工入职要签什么？"
    assert ("签", ["签订", "协议"]) in statute_terms(signed, seg.inside_words(signed))
    longer = "信息安全体系建好以后还要做什么"  # a longer phrase may overlap a word: 安全体系
    assert statute_terms(longer, seg.inside_words(longer))


def test_every_thesaurus_term_is_the_documents_wording():
    """A term the documents do not use finds nothing: each right-hand side of
    kb/data/thesaurus.tsv occurs in the shipped documents, and each everyday phrase is listed once."""
    from pathlib import Path

    from kb.segment import THESAURUS

    docs = "".join(p.read_text(encoding="utf-8")
                   for p in (Path(__file__).parents[1] / "corpus" / "docs").glob("*.txt"))
    lines = [line.split("\t") for line in THESAURUS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert all(len(parts) == 2 for parts in lines)
    assert len(lines) >= 250
    assert [t for _, right in lines for t in right.split() if t not in docs] == []
    lefts = [left for left, _ in lines]
    assert len(lefts) == len(set(lefts))


def test_the_legal_thesaurus_maps_lay_words_to_statute_words():
    """kb/data/legal_thesaurus.tsv, for knowledge bases of laws: one entry per lay phrase, a
    phrase is not its own term, and a question in lay words gets the statute's words."""
    from kb.segment import LEGAL_THESAURUS, statute_terms

    lines = [line.split("\t") for line in LEGAL_THESAURUS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert all(len(parts) == 2 and 1 <= len(parts[1].split()) <= 4 for parts in lines)
    assert len(lines) >= 500
    lefts = [left for left, _ in lines]
    assert len(lefts) == len(set(lefts)) and all(2 <= len(left) <= 8 for left in lefts)
    assert not [left for left, right in lines if left in right.split()]
    terms = dict(statute_terms("老板不发工资还把我辞退了怎么办"))
    assert "劳动报酬" in terms["不发工资"] and "解除劳动合同" in terms["辞退"]
    assert terms["老板"] == ["股东", "董事", "经理"]  # the domain thesaurus wins (第四条's list)


@needs_shared
def test_every_legal_thesaurus_term_is_statute_wording():
    """Each right-hand term occurs in at least three laws of the national collection."""
    from kb.segment import LEGAL_THESAURUS

    laws = [p.read_text(encoding="utf-8") for p in (SHARED / "data" / "laws").rglob("*.md")]
    rights = {t for line in LEGAL_THESAURUS.read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#") for t in line.split("\t")[1].split()}
    assert [t for t in sorted(rights) if sum(t in law for law in laws) < 3] == []


def test_a_thesaurus_phrase_is_covered_by_any_of_its_terms(retriever):
    """Expanding "客户给的资料" to 保密信息 does not dilute the question's coverage: the phrase and
    its terms are one concept, said by a clause that says any of them."""
    query = retriever.query("客户给的资料能拿给别人看吗")
    assert ("客户", "资料", "保密信息") in query.concepts
    assert sum(len(c) for c in query.concepts) > len(query.concepts)  # groups, not one per token
    result = retriever.search("客户给的资料能拿给别人看吗", route=False)
    text = retriever.store.full_text(result.hits[0].clause)
    said = sum(any(t in text for t in c) for c in query.concepts)
    assert result.signals.coverage >= said / len(query.concepts) - 1e-6


def test_a_thesaurus_phrase_is_one_concept_however_the_question_cuts_it(retriever):
    """"回得" alone is cut 回 / 得, inside "回得慢不慢" it is one word: either way the phrase and
    its term (响应速度) are one concept, not a rare word no clause says beside it."""
    concepts = retriever.query("供应商回我们问题回得慢不慢，这个也算考核内容吗？").concepts
    assert ("回得", "响应速度") in concepts
    assert not any(c == ("回得",) for c in concepts)


def test_a_fact_inside_a_long_clause_ranks_that_clause_first(retriever):
    """The 编制说明's 标准制定过程 is one long clause of dated events: its sentence units and the
    second stage bring it above shorter clauses that share a word or two."""
    hit = retriever.search("编写项目组是哪年哪月正式成立的？", k=3, route=False).hits[0]
    assert "正式成立认证规范编写项目组" in retriever.store.full_text(hit.clause)


def test_a_word_not_said_counts_for_the_characters_a_sentence_has():
    """`char_cover`: 有名 is not said by 知名, but half of it is; a said word counts whole and a
    word none of whose characters is there counts nothing."""
    from kb.rerank import char_cover, weighted_cover

    weights = {("引进",): 1.0, ("有名",): 1.0, ("公司", "企业"): 2.0}
    sentence = "开发区引进法国凯捷、简柏特等一批国内外知名的服务外包企业"
    assert weighted_cover(weights, sentence) == 0.75
    assert char_cover(weights, sentence) == 0.875
    assert char_cover(weights, "接包方应当加强对员工的信息安全培训") == 0.0
    assert char_cover({}, sentence) == 0.0


def test_second_stage_reads_numbers_and_rare_words(retriever):
    from kb.rerank import FEATURES, Reranker

    assert Reranker.load().weights.shape == (len(FEATURES),)
    q = retriever.query("2014年1至7月签订了多少服务外包合同？")
    hits, dense, bm25 = retriever.first_stage(q)
    top, x = retriever.second_stage_inputs(q, hits, dense, bm25)
    col = {name: x[:, i] for i, name in enumerate(FEATURES)}
    data = next(i for i, h in enumerate(top) if "1035" in retriever.store.full_text(h.clause))
    assert col["type_match"][data] == 1  # asks 多少, the sentence has figures
    assert col["cover_sentence"][data] == col["cover_sentence"].max()
    assert set(col["type_match"]) <= {-1.0, 0.5, 1.0}


def test_which_certifications_ranks_the_clause_that_names_them(retriever):
    """"Which certifications did clients require" wants certificates named by code (CMMI,
    ISO9001): the 编制说明's 必要性 section, not the BPO term that shares the English word."""
    res = retriever.search("Which certifications did clients typically require from outsourcing "
                           "vendors before this spec?")
    assert res.hits[0].clause.heading.startswith("制订技术规范的必要性")


def test_why_a_document_was_made_is_its_opening(bankless):
    """"为啥要搞IT外包考核标准？" names the document by its title right after the verb: it asks
    why the document was written, which its opening paragraph says (为了保证…), not 绩效考核."""
    res = bankless.search("为啥要搞IT外包考核标准？")
    assert res.hits[0].clause.id == "it-assessment:¶1"


@pytest.mark.parametrize("question,wants,carrier,other", [
    ("服务外包能力要求的英文名称是什么？", "latin", "服务外包能力要求Services Outsourcing", "本规范规定了服务外包组织"),
    ("服务外包能力要求的标准编号是多少？", "code", "CNCA/CTSXXXX-XXXXX", "本规范规定了服务外包组织"),
    ("为什么要编写这个认证技术规范？", "purpose", "为降低服务外包企业在资质认证方面的成本", "项目组赴花桥开发区"),
    ("若干规定是依据哪部法律制定的？", "basis", "根据《中华人民共和国合同法》", "接包方应采取措施"),
    ("编写项目组是哪年成立的？", "time", "2013年5月,正式成立认证规范编写项目组", "正式成立认证规范编写项目组"),
    ("如果泄露了客户的数据会怎么样？", "consequence", "提起仲裁或向有管辖权的法院起诉", "避免泄漏保密信息事故的发生"),
    ("企业被认定以后有什么好处？", "benefit", "享受相关政策优惠和扶持措施", "本规定所称保密信息是指符合以下条件的业务资料或数据"),
    ("经理能不能把客户给的资料拿给别的公司用？", "rule", "不得违反服务外包合同的约定,披露、使用或者允许他人使用",
     "本规定所称保密信息是指符合以下条件的业务资料或数据"),
    ("同事想把客户给的业务资料拿到另一个项目里参考，这样做有没有问题？", "rule",
     "不得违反服务外包合同的约定,披露、使用或者允许他人使用", "本规定所称保密信息是指符合以下条件的业务资料或数据"),
    ("外包人员的任务一般是谁派下来的？", "agent", "根据项目要求,从上级或者项目负责人处接收相关任务",
     "子细阅读任务要求,理解工作内容和目标"),  # a person by role answers 谁 too
    ("市软件和服务外包企业认定条件总的来看分哪几块？", "aspects",
     "认定条件包括企业的法定资格、经营能力、项目管理和质量保障能力、技术实力和创新能力、信息安全能力等方面",
     "只有具备这些条件的企业,才能获得市软件和服务外包企业的认定"),
    ("服务外包能力要求的适用范围是什么", "scope", "本规范规定了服务外包组织在质量管理",
     "服务外包能力要求Services Outsourcing"),
    ("Does the regulation apply only to work for foreign clients?", "scope",
     "本规定所称的承接服务外包业务是指", "接包方应成立信息保护机构"),
    ("编这套认证规范，起初是想解决企业的什么麻烦？", "purpose", "为降低服务外包企业在资质认证方面的成本",
     "项目组赴花桥开发区"),
    ("当初为啥要单独搞一套服务外包认证规范？", "purpose", "为降低服务外包企业在资质认证方面的成本",
     "项目组赴花桥开发区"),
    ("Which certifications did clients require from outsourcing vendors?", "standard",
     "开发能力成熟度模型集成(CMMI)、质量管理体系(ISO9001)", "对服务外包企业提出了众多资质认证要求"),
    ("发包方一般要外包公司拿哪些资质证书？", "standard", "信息安全管理(ISO27001/BS7799)",
     "以获取国内、国际信息安全认证"),
    # the certificates first, then the question
    ("领导说客户老要我们做各种资质认证，一般都有哪些？", "standard", "信息安全管理(ISO27001/BS7799)",
     "以获取国内、国际信息安全认证"),
    ("信息保护那份若干规定管的是哪几类外包业务？", "scope", "本规定所称的承接服务外包业务是指", "接包方应成立信息保护机构"),
    ("服务外包人员是什么角色？", "role", "服务外包人员作为外包服务团队的成员", "服务外包人员的首要职责是与客户进行沟通和交流"),
    ("为什么要定IT外包考核标准？", "purpose", "为了保证外包合作的质量和效果", "绩效考核是衡量外包服务提供商完成工作的效果和质量的重要指标"),
    # the background a document was made against asks what it was made for; a person's does not
    ("若干规定出台的背景是什么", "purpose", "为促进承接服务外包业务的中国境内企业", "接包方应成立信息保护机构"),
    ("泄密了要担什么责", "consequence", "提起仲裁或向有管辖权的法院起诉", "避免泄漏保密信息事故的发生"),
])
def test_a_question_asks_for_a_kind_of_answer(question, wants, carrier, other):
    """The expected answer type (`kb.intent`): the question's cue finds the type, a sentence of
    that shape carries it, one without does not."""
    from kb.intent import answer_types, carries
    from kb.segment import normalize

    types = answer_types(normalize(question))
    assert wants in types
    assert carries(types, normalize(carrier).casefold())
    assert not carries(frozenset({wants}), normalize(other).casefold())
    assert answer_types(normalize("接包方应采取哪些保密措施")) == frozenset()
    assert answer_types(normalize("一直做外包以后能当上领导吗")) == frozenset()  # an ability
    assert "rule" not in answer_types(normalize("短视频可以构成作品吗？"))  # a status, not conduct
    assert "rule" not in answer_types(normalize("新员工要不要先学一遍信息保护的规定？"))  # a need
    assert "rule" in answer_types(normalize("能不能拿给朋友看？"))  # may one do it
    assert "rule" not in answer_types(normalize("能不能给我讲讲第五条？"))  # a request
    assert answer_types(normalize("存项目的资料的电脑要设密码吗")) == frozenset()  # 项目的 is no 目的
    # 怎么处理 asks for a consequence of a wrong only, not how to handle a matter
    assert "consequence" in answer_types(normalize("违约了怎么处理"))
    # what is done to a party, and a lawsuit, are consequences too
    assert "consequence" in answer_types(normalize("泄露了，客户会怎么处理我们？能告我们吗"))
    assert "consequence" in answer_types(normalize("泄露了，客户能拿我们怎么样"))
    assert "consequence" in answer_types(normalize("客户能采取什么法律途径"))
    assert "consequence" not in answer_types(normalize("接包方要采取什么措施"))
    assert "purpose" not in answer_types(normalize("需要什么专业背景"))
    assert "standard" not in answer_types(normalize("认证条件有哪些"))  # conditions, not certificates
    # what one gets (能得到什么) is a benefit
    assert "benefit" in answer_types(normalize("评上这个称号以后能得到什么"))
    assert "consequence" not in answer_types(normalize("客户的投诉怎么处理"))
    assert "consequence" not in answer_types(normalize("外人接触到涉密内容要怎么处理"))
    # a document's scope, not what applies to a thing
    assert "scope" not in answer_types(normalize(
        "What security requirements apply to computers that store confidential information?"))


def test_a_code_has_digits_or_placeholders_and_a_draft_date_is_a_date():
    """A standard's number (GB/T24405.1-2009, a draft's CNCA/CTSXXXX-XXXXX) is a code; a pair of
    acronyms ("ITO/BPO/KPO三种类型") is not; a draft's "2XXX-XX-XX实施" states a date."""
    from kb.intent import carries

    for code in ("GB/T24405.1-2009", "CNCA/CTSXXXX-XXXXX", "ISO9001"):
        assert carries(frozenset({"code"}), code.casefold()), code
    assert not carries(frozenset({"code"}), "ito/bpo/kpo三种服务外包类型")
    assert carries(frozenset({"time"}), "2xxx-xx-xx实施")


@pytest.mark.parametrize("question,titles,about", [
    ("服务外包能力要求的标准编号是多少？", ["服务外包能力要求"], True),
    ("这个规定是出于什么目的制定的？", [], True),  # pointed at, not named
    ("若干规定从哪天开始施行？", ["关于境内企业承接服务外包业务信息保护的若干规定"], True),
    ("这份说明主要内容有哪些？", [], True),  # what it covers
    ("这份关于接包方资料保护的规定，当初制定的目的是什么？", [], True),  # described on the way
    ("What is the English title of the 服务外包能力要求 specification?", ["服务外包能力要求"], True),
    ("信息保护若干规定有不明白的地方，该由哪个部门来解释？", ["关于境内企业承接服务外包业务信息保护的若干规定"], True),
    ("这份规定出了问题以哪个部门的说法为准？谁来解读？", [], True),  # whose reading counts
    # 的 ends both the question and the title: a run of one character is no part of the title
    ("若干规定是谁定的", ["关于境内企业承接服务外包业务信息保护的若干规定"], True),
    ("当初为什么要单独搞这套规范？", [], True),  # 搞 … 规范: a document made
    ("IT外包考核标准涉及哪几个方面？", ["IT外包考核标准"], True),
    ("服务保障从哪几个方面提出要求？", [], False),  # a part of a document, which it does not name
    # the cue is part of the title it names: a part of that document is asked for
    ("编制说明第三部分讲什么？", ["《服务外包能力要求》认证技术规范编制说明"], False),
    ("解释一下软件外包", [], False),  # 解释 asks for an explanation, not who interprets
    ("外包项目是不是得按客户的要求来规划实施？认定条件怎么说", ["市软件和服务外包企业认定条件"], False),
])
def test_a_question_about_the_document_itself(question, titles, about):
    from kb.rerank import about_document
    from kb.segment import normalize

    assert about_document(normalize(question), titles) is about


def test_a_documents_recorded_code_and_issuer_answer_for_it(retriever):
    """编号 of a named document: its header card (the code with the curator's note: 征求意见稿，
    编号与日期未定), then the clause where that code stands (the cover page), though the
    question's words (标准, 编号) are all in the 编制说明's clauses instead."""
    for q in ("服务外包能力要求的标准编号是多少？", "《服务外包能力要求》的标准编号是什么?"):
        hits = retriever.search(q, k=3).hits
        assert [(h.clause.id, h.via) for h in hits[:2]] == [
            ("sop-capability:record", "recorded"), ("sop-capability:¶1", "recorded")], q
        assert "编号与日期未定" in hits[0].clause.text
    for q in ("《服务外包能力要求》是哪家单位发布的?", "服务外包能力要求这个规范是哪家单位发的"):
        hit = retriever.search(q, k=3).hits[0]
        assert "北京赛西认证有限责任公司" in retriever.store.full_text(hit.clause), q
    # 谁定的 / 哪个部门出的 ask the issuer too (the regulation's: the 商务部 and 工信部 of 第十四条)
    for q in ("信息保护若干规定是谁定的", "若干规定是哪个部门出的？", "若干规定是哪家出的啊"):
        hit = retriever.search(q, k=3).hits[0]
        assert "商务部、工业和信息化部" in retriever.store.full_text(hit.clause), q
    # 开发的 is not 发的: who developed something is no question about the document's issuer
    assert retriever.search("服务外包能力要求是谁开发的", k=3).hits[0].via != "recorded"
    # its English title stands on the cover too, the document's first clause
    hit = retriever.search("《服务外包能力要求》这份规范对应的英文标题是什么？", k=3).hits[0]
    assert (hit.clause.id, hit.via) == ("sop-capability:¶1", "recorded")
    # the 编制说明 signs at its end (六: …研究院 / 2014年7月4日), in its own words, before its
    # header card; so does the regulation's 第十四条, which its card names as the source
    hits = retriever.search("编制说明是哪个单位什么时候出具的？", k=3).hits
    assert "2014年7月4日" in retriever.store.full_text(hits[0].clause)
    assert "issuer: 中国电子技术标准化研究院" in hits[1].clause.text
    hits = retriever.search("信息保护若干规定是谁定的", k=3).hits
    assert [h.clause.id for h in hits[:2]] == ["info-protection-rules:第14条",
                                               "info-protection-rules:record"]
    # no document named, or not its code or issuer that is asked: nothing is routed
    assert retriever.search("标准编号是多少？", k=3).hits[0].via != "recorded"
    assert retriever.search("服务外包能力要求对供应链安全有什么要求？", k=3).hits[0].via != "recorded"
    # who makes the company's rules is asked, not who issued the regulation
    hit = retriever.search("若干规定里，接包方的信息保护规章制度由谁制定？", k=3).hits[0]
    assert hit.via != "recorded" and hit.clause.id == "info-protection-rules:第5条"


def test_the_issuer_of_a_document_that_records_none_is_refused_as_such(retriever):
    """Who issued a document whose page names no issuer (the IT-outsourcing assessment standard,
    the certification conditions): the knowledge base says the document does not state it,
    instead of quoting its opening paragraph; a document that records one is answered."""
    from kb.answer import answer_question

    for q, title in (("IT外包考核标准是哪个单位发布的", "《IT外包考核标准》"),
                     ("市软件和服务外包企业认定条件是谁定的", "《市软件和服务外包企业认定条件》"),
                     # which city: the government that issued it
                     ("市软件和服务外包企业认定条件是哪个市出台的？", "《市软件和服务外包企业认定条件》")):
        a = answer_question(retriever, q)
        assert a.refused and title in a.answer and "没有写明发布" in a.answer and a.nearest, q
    assert answer_question(retriever, "外包岗位岗位规范的编号是多少").refused
    for q in ("若干规定是哪个部门发布的", "编制说明是谁编写的"):
        assert not answer_question(retriever, q).refused, q
    # a rule that says who makes something is no question about the document
    assert not answer_question(retriever, "IT外包考核标准里，技术团队由谁来评估？").refused


def test_the_issuer_of_a_document_only_cited_is_refused_as_such(retriever):
    """Who issued a law or a standard the documents only cite (合同法 in 第一条, GB/T24405.1-2009
    in the 编制说明): no clause says; the clause that cites it is no answer."""
    from kb.answer import answer_question

    for q, name in (("GB/T24405.1-2009 这个国家标准是哪个单位发布的?", "GB/T24405.1-2009"),
                    ("合同法是哪个部门颁布的", "《合同法》")):
        a = answer_question(retriever, q)
        assert a.refused and f"没有{name}的发布单位" in a.answer and a.nearest, q
    # what it is about, the citing clause says
    assert not answer_question(retriever, "GB/T24405.1-2009讲的是什么").refused


def test_a_reference_typed_with_a_homophone_is_looked_up(retriever):
    """附禄C is 附录C and 第舞条 第五条 (the same sound): the reference is looked up as written
    right, not searched for by its words."""
    hits = retriever.search("服务外包能力要求的附禄C安全控制项具体包括哪些", k=3).hits
    assert "sop-capability:附录C" in [h.clause.id for h in hits[:2]]
    hit = retriever.search("若干规定第舞条是什么", k=3).hits[0]
    assert (hit.clause.id, hit.via) == ("info-protection-rules:第5条", "lookup")
    # so is an item's heading, whichever of the words it may sound like is meant (事见: 事件,
    # 时间, 实践)
    hit = retriever.search("服务外包能力要求附录C里安全事见管理是第几项？", k=3).hits[0]
    assert (hit.clause.id, hit.via) == ("sop-capability:C.9", "lookup")


def test_a_documents_header_is_a_card_that_no_search_ranks(retriever):
    """Each document's header fields (issuer, date, code) make one card, cited by the routes
    that ask for them; it holds none of the text, so ranking by words never meets it."""
    store = retriever.store
    card = store.records["sop-capability-notes"]
    assert card.text.splitlines() == ["发布单位 issuer: 中国电子技术标准化研究院",
                                      "日期 date: 2014-07-04"]
    assert store.by_id[card.id] is card and card not in store.clauses
    assert store.neighbours(card) == (None, None, None)  # the chat's context fold has none
    assert "job-spec-1" not in store.records  # its header records none of them
    for mode in ("hybrid", "bm25", "dense"):
        hits = retriever.search("中国电子技术标准化研究院 issuer date 2014-07-04", k=10,
                                mode=mode, route=False).hits
        assert hits and all(h.clause.key != "record" for h in hits), mode


def test_a_document_pointed_at_by_its_kind_is_named_when_it_is_the_only_one(retriever):
    """The knowledge base holds one 规定 (the 若干规定): "这个规定的目的是什么" asks about it, as does
    "这几条关于外包保密的规定" however it is described; three documents are 规范, so "这个规范" names
    none of them."""
    from kb.segment import normalize

    for q in ("这个规定的目的是什么", "当初出台这几条关于外包保密的规定，想解决什么问题、达到什么目的？"):
        assert retriever.named_documents(normalize(q)) == ["info-protection-rules"], q
        hit = retriever.search(q, k=3).hits[0]
        assert (hit.clause.id, hit.via) == ("info-protection-rules:第1条", "recorded"), q
    assert retriever.named_documents(normalize("这个规范是哪个部门发的？")) == []
    assert retriever.named_documents(normalize("规定里说的保密信息是什么")) == []  # no pointer


def test_a_documents_purpose_and_effective_date_stand_at_its_edges(retriever):
    """Why one named document was written, and from when it applies: its first or last clause
    states it (为促进…, 本规定自…起施行), though 第五条 (负责制定本企业的信息保护规章制度) shares
    more of the question's words."""
    hit = retriever.search("这份信息保护规定当初为什么要制定？", k=3).hits[0]
    assert (hit.clause.id, hit.via) == ("info-protection-rules:第1条", "recorded")
    for q in ("若干规定哪天起开始生效？", "若干规定从啥时候开始算数的？"):  # 算数: takes effect
        hits = retriever.search(q, k=3).hits
        assert [h.clause.id for h in hits[:2]] == ["info-protection-rules:第15条",
                                                   "info-protection-rules:record"], q
    # the cover has only a placeholder (2XXX-XX-XX实施); the header card says why (编号与日期未定)
    hits = retriever.search("服务外包能力要求从什么时候开始实施？", k=3).hits
    assert [h.clause.id for h in hits[:2]] == ["sop-capability:¶1", "sop-capability:record"]
    hit = retriever.search("业务外包的岗位要求这篇文章写来是为了什么？", k=3).hits[0]
    assert (hit.clause.id, hit.via) == ("job-requirements:7", "recorded")
    # three documents share the title: the ranking chooses, nothing is routed
    assert retriever.search("外包岗位规范是为了什么制定的？", k=3).hits[0].via != "recorded"
    # a rule inside the document is asked, not its purpose
    assert retriever.search("接包方为什么要限定涉密人员的范围？", k=3).hits[0].via != "recorded"
    # the date of something the document tells of, not of the document's own force
    hit = retriever.search("《服务外包能力要求》编写项目组是哪年成立的？", k=3).hits[0]
    assert hit.via != "recorded" and "正式成立认证规范编写项目组" in retriever.store.full_text(hit.clause)


def test_a_number_the_named_document_only_mentions_is_not_missing(retriever):
    """The drafting notes have no 附录C of their own but describe the standard's (8)附录C…): a
    question about the one they mention is searched there; one they never mention is missing."""
    r = retriever.search("编制说明里提到的附录C讲的是什么？", k=3)
    assert not r.missing_refs and "安全控制项" in retriever.store.full_text(r.hits[0].clause)
    assert retriever.search("编制说明的附录Z是什么？", k=3).missing_refs == ("附录Z",)


def test_what_a_document_covers_is_where_it_sums_itself_up(retriever):
    """"主要讲了哪几个方面": the guide's 综上所述 paragraph lists them, though it is neither its
    first nor its last clause; 哪几个 asks for a list, not a count."""
    from kb.intent import answer_types

    hit = retriever.search("《市软件和服务外包企业认定条件》主要讲了哪几个方面？", k=3).hits[0]
    assert "综上所述" in retriever.store.full_text(hit.clause)
    assert "number" not in answer_types("考核标准包括哪几个方面") and \
        "number" in answer_types("一共有几个方面")


def test_who_else_may_not_do_something_is_a_rule_question(retriever):
    """"哪些人也不能把客户的机密拿去用": a rule (不得) answers, 第四条 with 股东、董事、监事、经理和员工,
    not a job specification's requirements."""
    hit = retriever.search("除了公司本身，公司里哪些人也不能把客户的机密拿去用或透露给别人？", k=3).hits[0]
    assert hit.clause.id == "info-protection-rules:第4条"


def test_a_question_about_consequences_gets_the_dispute_clause(retriever):
    """The issue's trainee question: "会怎么样" asks for a consequence, and 第十条 (arbitration, court)
    states one; 第七条 (training, 避免泄漏) shares more words but states none."""
    hit = retriever.search("如果泄露了客户的数据会怎么样？", k=3).hits[0]
    assert hit.clause.id == "info-protection-rules:第10条"
    # leaking is breaching confidentiality (泄露 → 违反): not the job spec's 保护机密信息
    hit = retriever.search("公司把客户的机密泄露出去了，客户会怎么追究？", k=3).hits[0]
    assert hit.clause.id == "info-protection-rules:第10条"
    # recourse in everyday words (维权, 索赔, 算账) asks the same
    for q in ("客户资料被我们泄露了，客户要维权能怎么做？", "外包公司泄露了机密，客户能索赔吗？"):
        assert retriever.search(q, k=3).hits[0].clause.id == "info-protection-rules:第10条", q
    # what a wronged party can do to us (拿我们怎么样) and a remedy at law (法律途径, 法律手段)
    for q in ("员工把发包方的资料泄露了，发包方能拿我们公司怎么样？",
              "客户的机密在我们这儿泄露了，客户可以走哪些法律途径？"):
        assert retriever.search(q, k=3).hits[0].clause.id == "info-protection-rules:第10条", q


def test_a_liability_is_not_a_duty_nor_a_definition_s_obligation():
    """A consequence is stated by 仲裁, 起诉, 法律责任, 承担…损失 — not by 责任心 (a job requirement)
    nor by 第三条's "应当承担保密义务", which made the definition of 保密信息 look like the answer to
    "不守保密约定会怎么样". "在保密方面要承担什么责任" asks a duty (a job's 岗位职责 states it), a
    liability only after a wrong (泄露了…要负什么责任) or as 法律责任."""
    from kb.intent import answer_types, carries
    from kb.segment import normalize

    wants = frozenset({"consequence"})
    assert carries(wants, "发包方可以根据保密协议的约定提起仲裁或向有管辖权的法院起诉")
    assert carries(wants, "由此造成的损失由接包方承担全部赔偿责任")
    for s in ("具备较强的责任心和团队合作精神", "(三)接包方根据合同约定应当承担保密义务",
              "承担着各种服务业务的执行任务"):
        assert not carries(wants, s), s
    assert "consequence" not in answer_types(normalize("外包岗位在保密方面需要承担什么责任？"))
    for q in ("泄露了客户资料要负什么责任", "员工违反保密协议要承担什么法律责任", "不守保密约定会怎么样"):
        assert "consequence" in answer_types(normalize(q)), q


def test_which_countries_asks_for_markets(retriever):
    """"给哪些国家和地区做外包": the markets (美国、欧盟、中国香港和日本是我主要服务外包市场), in the
    2014 figures, not a drafting unit that writes 国家 in its name."""
    hit = retriever.search("我国承接的外包业务主要是哪些国家和地区发过来的？", k=3).hits[0]
    assert hit.clause.doc == "fwwb-data-2014"
    # a place noun that begins a longer word names no place: 市场主体 are businesses, 国家标准 a
    # standard
    from kb.intent import answer_types
    assert "place" in answer_types("离岸外包主要面向哪些市场？")
    assert "place" not in answer_types("政府服务外包是承包给哪些市场主体")
    assert "place" not in answer_types("服务外包有哪些国家标准")
    a = answer_question(retriever, "政府外包一般交给哪些市场主体来做")
    assert not a.refused and "承包给有关市场主体" in a.answer


@pytest.mark.parametrize("q,added", [
    ("若干规定从什么时候开始失行", "施行"),  # 失行 sounds like 施行
    ("信息技术外抱一般包括哪些内容", "外包"),
    ("外包服务商的合归性怎么评估", "合规"),  # 合归: a word jieba's dictionary barely attests
])
def test_homophone_typos_add_the_words_they_sound_like(retriever, q, added):
    query = retriever.query(q)
    assert added in query.keyword_tokens and added in query.keyword_text


def test_a_typo_asks_a_clause_to_say_what_it_stands_for(retriever):
    """A typo and the word it sounds like are one thing a clause must say, said by the word: the
    second stage counts what a clause covers of "报高" as of "报告", as for the question spelled
    right (a typo no clause says does not lower every clause's cover)."""
    typed = retriever.query("外包岗位要定期交工作报高吗").concepts
    assert typed == retriever.query("外包岗位要定期交工作报告吗").concepts
    assert ("报高",) not in typed


def test_a_barely_attested_word_is_read_as_the_commoner_one_it_sounds_like(retriever):
    """学力 is in jieba's dictionary (4 uses) but 学历 (1,460) is what the 2014 figures say: the
    share is answered, not refused for a word no clause mentions. A better-attested word is meant
    as typed (领到 281 is not 领导 31,739, 几级 21 not 积极)."""
    q = "2014年外包从业者当中，大学学力以上的人占多大比例"
    assert "学历" in retriever.homophones.corrections(q)
    answer = answer_question(retriever, q)
    assert not answer.refused and answer.citations[0].doc_slug == "fwwb-data-2014"
    for right in ("通过认定后每年能领到多少补贴", "CMMI要达到几级", "质检总局的科研专项"):
        assert retriever.homophones.corrections(right) == [], right


def test_right_questions_get_no_homophones(retriever):
    for q in ("接包方需要和员工签订哪些协议？", "服务外包能力要求的适用范围是什么？",
              "外包岗位对分析和判断能力有什么要求", "发包方是什么意思", "第四个认定条件是什么",
              "按照业务流程划分，服务外包的业务种类包括哪些？", "信息保护若干规定是哪年开始施行的？"):
        assert retriever.homophones.corrections(retriever.query(q).normalized) == [], q


def test_a_typo_that_jieba_cuts_across_is_still_found(retriever):
    """"离按外包" is cut 离 / 按外 / 包是: the run that overlaps the guessed pieces and differs from an
    indexed word in one character is corrected, and a definition question with it is routed."""
    assert "离岸" in retriever.homophones.corrections("离按外包是什么意思?")
    assert retriever.homophones.corrected("离按外包是什么意思?") == "离岸外包是什么意思?"
    hit = retriever.search("离按外包是什么意思?").hits[0]
    assert hit.via == "definition" and "外包商与其供应商来自不同国家" in retriever.store.full_text(hit.clause)


def test_a_typo_before_a_shorter_term_names_the_longer_one(retriever):
    """"政付服务外包" holds 服务外包 as typed, but read corrected it is 政府服务外包, the term asked
    about: its definition answers, not 服务外包's (nor 发包方's, another term the question has)."""
    hit = retriever.search("政付服务外包指的是什麼 谁当发包方").hits[0]
    assert (hit.clause.id, hit.via) == ("fwwb-terms:§根据主体对象/3", "definition")
    assert retriever.search("服务外包指的是什么").hits[0].clause.id != "fwwb-terms:§根据主体对象/3"
    # beside another term as typed (发包方): the term only the corrected question names is asked
    hit = retriever.search("政俯服务外包的发包方是谁？").hits[0]
    assert (hit.clause.id, hit.via) == ("fwwb-terms:§根据主体对象/3", "definition")


def test_a_typo_of_another_sound_in_a_four_character_word_is_found(retriever):
    """"金触外包" (jin chu, not jin rong) is one character off 金融外包 in a piece jieba had to
    guess: the term is found whatever the sound, and its definition answers. A real word one
    character off a term (硬件外包: 硬件 is a word) is taken as typed."""
    assert retriever.homophones.corrected("金触外包最早是从什么时候开始的?") == \
        "金融外包最早是从什么时候开始的?"
    hit = retriever.search("金触外包最早是从什么时候开始的?").hits[0]
    assert "金融外包始于二十世纪70年代" in retriever.store.full_text(hit.clause)
    assert retriever.homophones.corrections("硬件外包是什么") == []


def test_a_title_that_is_also_a_term_does_not_name_the_document(retriever):
    """"承接服务外包业务" holds the title 《服务外包业务》, which is also a defined term: "第2条" is still
    the regulation's."""
    hit = retriever.search("第2条对承接服务外包业务是怎么定义的？").hits[0]
    assert (hit.clause.id, hit.via) == ("info-protection-rules:第2条", "lookup")


@pytest.mark.parametrize("q,term", [
    ("ITO是哪几个英文单词的缩写?", "信息技术外包"),
    ("服务外包人员岗位职责里服务外包是怎么定义的？", "服务外包"),
    ("What is meant by government service outsourcing?", "政府服务外包"),
    ("BPO到底是干嘛的", "业务流程外包"),
    ("接包方这个词怎么讲", "接包方"),
    ("KPO翻成中文叫什么", "知识流程外包"),
    ("发包方指的是哪一方", "发包方"),
    ("接包方指哪些企业", "接包方"),
    ("「發包方」指的是哪些對象？", "发包方"),  # corner brackets, traditional characters
    ("承接服务外包业务包含了哪些服务？", "承接服务外包业务"),  # 包括 / 包含 / 涵盖 / 覆盖哪些
    # a question that is the term and nothing else
    ("ITO?", "信息技术外包"),
    ("离岸外包", "离岸外包"),
])
def test_definitions_asked_in_more_ways(retriever, q, term):
    hits = retriever.search(q).hits
    assert hits[0].via == "definition"
    assert any(t.term == term and t.clause_id == hits[0].clause.id for t in retriever.store.terms)


def test_a_title_named_with_small_differences_picks_that_document(retriever):
    """"业务外包岗位要求" names 《业务外包的岗位要求》, not the three 《外包岗位岗位规范》 that share
    "外包岗位" with it; "外包岗位规范" names all three of those."""
    from kb.segment import normalize

    assert retriever.named_documents(normalize("业务外包岗位要求的第2项是什么")) == ["job-requirements"]
    assert retriever.named_documents(normalize("外包岗位规范是为了什么制定的")) == \
        ["job-spec-1", "job-spec-2", "job-spec-3"]


@pytest.mark.parametrize("question,named", [
    # 服务外包 + 信息保护 + 若干规定 of the long title, not the short 《服务外包业务》 holding 服务外包
    ("服务外包信息保护若干规定对员工培训怎么要求", ["info-protection-rules"]),
    ("2014年1至7月服务外包合同签了多少份", ["fwwb-data-2014"]),
    ("服务外包人员遇到客户投诉该怎么处理", ["staff-duties"]),
    # the longest title the question holds whole
    ("《服务外包能力要求》认证技术规范编制说明的落款是哪天", ["sop-capability-notes"]),
    ("《服务外包能力要求》这份规范适用于什么范围", ["sop-capability"]),
    ("服务外包业务是什么", ["fwwb-terms"]),
    # a whole title inside a longer one the question shares more of, unquoted: the longer one
    ("服务外包能力要求的编制说明是谁写的", ["sop-capability-notes"]),
    # 服务外包 of the shorter title is in every title: 认证…规范 of the longer one names it
    ("服务外包认证规范的附录C从几个方面提出了安全控制项", ["sop-capability-notes"]),
    # quoted whole, the rest of the longer title a few words on: still the longer one
    ("《服务外包能力要求》的那份编制说明是哪家单位写的", ["sop-capability-notes"]),
    ("服务外包能力要求这份规范的适用范围", ["sop-capability"]),  # 规范: two characters more only
    # a title is named where it is written: 企业 of 企业物流 is not the 企业 of 服务外包企业认定条件
    ("服务外包术语里第6条企业物流的基本结构是什么", ["fwwb-terms"]),
])
def test_the_title_a_question_shares_most_with_is_named(retriever, question, named):
    from kb.segment import normalize

    assert retriever.named_documents(normalize(question)) == named


def test_part_of_a_title_that_is_also_a_term_names_the_document(retriever):
    """《服务外包业务》 is a document and a term: "服务外包术语里第6条" names the document, whose
    sixth item answers, not the 若干规定's 第六条."""
    hits = retriever.search("服务外包术语里第6条企业物流,它的基本结构是什么").hits
    assert hits[0].clause.doc == "fwwb-terms" and "企业物流" in hits[0].clause.text


@pytest.mark.parametrize("question", ["ITO和BPO有什么区别?", "ITO跟BPO的区别",
                                      "What is the difference between ITO and BPO?"])
def test_a_comparison_of_two_terms_gives_both_definitions_in_the_order_asked(retriever, question):
    hits = retriever.search(question).hits
    assert [h.via for h in hits[:2]] == ["definition", "definition"]
    assert "ITO" in hits[0].clause.text and "BPO" in hits[1].clause.text


@pytest.mark.parametrize("question,says", [
    ("接包方发包方分别是啥", ["以下称接包方", "以下称发包方"]),
    ("ITO、BPO和KPO各自指什么?", ["ITO)是指", "业务流程外包BPO", "知识流程外包(KPO)"]),
])
def test_terms_listed_and_asked_about_each_give_each_definition_in_order(retriever, question,
                                                                          says):
    hits = retriever.search(question).hits
    assert [h.via for h in hits[:len(says)]] == ["definition"] * len(says)
    assert all(s in h.clause.text for s, h in zip(says, hits))


def test_a_list_with_a_word_that_is_no_term_is_no_list_of_terms(retriever):
    from kb.segment import normalize
    from kb.terms import listed_terms

    terms = retriever.store.terms
    assert listed_terms(normalize("接包方和近岸外包分别是什么"), terms) == []
    assert listed_terms(normalize("接包方发包方的义务分别是什么"), terms) == []


def test_a_comparison_with_a_side_that_is_no_term_is_not_routed(retriever):
    hits = retriever.search("离岸外包和近岸外包的主要区别是什么？").hits
    assert not any(h.via == "definition" for h in hits)


@pytest.mark.parametrize("question,says", [
    ("保密规定里说的“接包方”该怎么理解?", "以下称接包方"),  # 该怎么理解
    ("BPO的definition是什么", "业务流程外包BPO"),  # English word in a Chinese question
    ("信息保护规定里说的“接包方”指的是哪类企业？", "以下称接包方"),
])
def test_more_ways_of_asking_for_a_definition(retriever, question, says):
    hits = retriever.search(question).hits
    assert hits[0].via == "definition" and says in hits[0].clause.text


def test_who_interprets_a_regulation_is_its_closing_article(retriever):
    """A regulation's closing articles (the last two: who interprets it, when it takes effect)
    count as its edges: 第十四条 answers "该由哪个部门来解释"."""
    hit = retriever.search("信息保护若干规定有不明白的地方，该由哪个部门来解释？").hits[0]
    assert hit.clause.number == "第十四条"
    # who interprets is an answer type a closing article states: looked up, however many of the
    # question's words other articles share (接包方, 信息保护)
    hit = retriever.search("接包方信息保护的那个规定，条文看不懂时归哪个部门解释？").hits[0]
    assert (hit.clause.number, hit.via) == ("第十四条", "recorded")
    # an interpreter put forward in a yes-or-no question asks who interprets as well
    hit = retriever.search("信息保护若干规定有争议的话，能不能由外包企业协会来解释呢？").hits[0]
    assert hit.clause.number == "第十四条"


def test_outsourcing_in_everyday_words_searches_for_its_kind(retriever):
    """"把员工培训整个交给第三方" is 培训外包 in the documents' words; an English name is left alone
    (the documents' IT outsourcing is 信息技术外包, "IT外包" a title)."""
    from kb.query import handed_over

    written = retriever.store.mentions_code
    assert handed_over("公司如果把员工培训整个交给第三方", written) == [("把员工培训整个交给第三方", ["培训外包"])]
    assert handed_over("公司把IT这块交给外面做", written) == []
    assert handed_over("把钥匙交给别人保管", written) == []  # no 钥匙外包 in the documents
    hits = retriever.search("把公司员工培训整个交给外部去做，能带来什么好处？").hits
    assert hits[0].clause.text.startswith("培训外包")


def test_a_documents_sign_off_date_is_read_at_its_end(retriever):
    """"最后署的日期" and "落款日期" ask for the date a document is signed, at its end: the
    编制说明's last clause, which closes with 2014年7月4日."""
    for q in ("编制说明最后署的日期是哪天?", "编制说明的落款日期是哪天?",
              "编制说明是什么时候写的"):  # when it was written: the date it is signed
        hit = retriever.search(q).hits[0]
        assert hit.via == "recorded" and "2014年7月4日" in retriever.store.full_text(hit.clause)
    # when something it tells of was done is no date of the document's own
    hit = retriever.search("认证规范编写项目组啥时候成立的").hits[0]
    assert hit.via != "recorded" and "2013年5月,正式成立认证规范编写项目组" in hit.clause.text


def test_a_title_abbreviated_by_first_characters_names_its_document(retriever):
    """"信保规定": 信(息)保(护)…规定, the 若干规定 — named, and searched for by its words, so that
    "信保规定由谁负责解释" meets 第十四条. A run the documents write (能力规范) is no abbreviation."""
    from kb.segment import normalize

    assert retriever.abbreviated_titles(normalize("信保规定由谁负责解释")) == [
        ("信保规定", "info-protection-rules", "信息保护")]
    assert retriever.named_documents(normalize("信保规定是哪天开始施行的")) == ["info-protection-rules"]
    assert retriever.abbreviated_titles(normalize("能力规范里有没有讲变更")) == []
    assert retriever.search("信保规定由谁负责解释").hits[0].clause.number == "第十四条"


def test_english_words_in_a_chinese_question_are_glossed_phrase_first(retriever):
    """Office chat mixes languages: "career path" is the glossary's 职业发展 / 晋升空间 (not
    career's and path's words one by one), "work quality" its 工作质量; a word the documents write
    as is (CMMI) needs no gloss."""
    career = retriever.query("外包岗位的career path怎么样，long term能往哪发展")
    assert "晋升空间" in career.keyword_text and "长期" in career.keyword_text
    assert "工作质量" in retriever.query("外包专员的KPI怎么评，work quality看什么").keyword_text
    assert "信息安全" in retriever.query("认定企业对infosec有什么requirement").keyword_text
    assert retriever.query("CMMI是什么").keyword_text == "CMMI是什么"


def test_which_article_and_how_many_are_told_apart(retriever):
    """第几条 asks which article, 精通几项 a figure, 从几个方面 a count a sentence states: none is
    a count of parts."""
    for q in ("信息保护规定里第几条讲知识产权归属?", "业务外包岗位要求从业人员至少精通几项业务领域？",
              "附录C的安全控制项一共从几个方面提出要求？"):
        o = retriever.query(q).ordinal
        assert o is None or not o.count, q
    assert retriever.query("服务实现这一章底下分了几个小节？").ordinal.count == "小节"


def test_a_document_pointed_at_by_what_it_is_about(retriever):
    """"那份保护客户资料的规定": the one 规定 of the knowledge base, pointed at by a demonstrative,
    a measure word and what it is about; its interpreter is 第十四条."""
    assert retriever.pointed_at("那份保护客户资料的规定，条文有争议时听哪个部门的解释？") == [
        "info-protection-rules"]
    hit = retriever.search("那份保护客户资料的规定，条文有争议时听哪个部门的解释？", k=3).hits[0]
    assert hit.clause.id == "info-protection-rules:第14条"
    # the kind alone, opening a question that asks for a position, points too: the last
    # article, not another document's last paragraph
    assert retriever.opened_by_kind("规定的最后一条是什么") == ("info-protection-rules",)
    assert retriever.search("規定的最後一條", k=3).hits[0].clause.id == "info-protection-rules:第15条"
    assert retriever.opened_by_kind("规范的最后一条是什么") == ()  # several documents are 规范


def test_a_regulation_described_by_what_it_protects_is_asked_about_itself(retriever):
    """"客户资料保护规定哪天开始生效": the 若干规定 by what it is about, asked its effective date
    (第十五条), not the clause that defines 客户资料 (第三条); "出于什么考虑" asks why a
    document was written (the assessment standard's opening paragraph)."""
    assert retriever.search("客户资料保护规定哪天开始生效", k=3).hits[0].clause.id == \
        "info-protection-rules:第15条"
    assert retriever.search("IT外包考核标准这东西是出于什么考虑搞出来的？", k=3).hits[0].clause.id == \
        "it-assessment:¶1"


def test_quoted_words_are_the_documents_own(retriever):
    """A phrase in quotation marks is one a clause holds as written: of the three 外包岗位岗位规范
    that define 外包岗位, the one that calls it a “管理模式”; a ranked hit that holds
    “Microsoft Office” before its siblings. A phrase no close clause holds changes nothing."""
    hits = retriever.search("有份岗位规范把外包岗位说成是“管理模式”，它对外包岗位的定义是什么？").hits
    assert hits[0].clause.doc == "job-spec-3" and "管理模式" in hits[0].clause.text
    hits = retriever.search("哪份外包岗位规范要求会用「Microsoft Office」？").hits
    assert "Microsoft Office" in retriever.store.full_text(hits[0].clause)
    plain = retriever.search("外包岗位需要会用什么工具").hits
    query = retriever.query("外包岗位需要会用什么“量子计算”工具")
    assert retriever.holding_quoted(query, plain) == plain


def test_who_took_part_in_drafting_is_not_who_issued(retriever):
    """"参与起草…的单位" asks for the participants (编制说明 四), not the document's issuer: nothing
    is routed to its sign-off or header card."""
    hits = retriever.search("参与起草服务外包认证规范的单位里有哪些认证机构？").hits
    assert hits[0].via != "recorded" and hits[0].clause.heading == "参与制订技术规范的主要单位情况"


@pytest.mark.parametrize("question,named", [
    # three documents share the title 外包岗位岗位规范: words only one of them has tell which
    ("强调要保护公司商业机密的那份外包岗位规范，是为了什么而定的？", ["job-spec-2"]),
    ("那份带岗位福利章节的外包岗位规范里写了哪些福利？", ["job-spec-3"]),
    ("讲数据处理、文件整理那份外包岗位规范,制定它的目的是什么?", ["job-spec-1"]),
    # a phrase in quotation marks is one word: “工作总结” (job-spec-3 has 总结 and 工作, not it)
    ("工作流程最后一步是“工作总结”的那份外包岗位规范里，第四步要做什么？", ["job-spec-1"]),
    # or in the words that qualify the title, with no 那份
    ("要求保护公司商业机密、流程中有审核和反馈环节的外包岗位规范旨在什么？", ["job-spec-2"]),
    # a part named by its heading, which only one of them has (where the words 岗位, 福利 and
    # 绩效 of it are in the others' texts too)
    ("有岗位福利那一章的外包岗位规范，文末总结说这份规范是为了什么？", ["job-spec-3"]),
    ("带绩效考核那一章的外包岗位规范，它的宗旨是什么？", ["job-spec-1"]),
    # words all three have tell nothing
    ("外包岗位规范对学历有什么要求", ["job-spec-1", "job-spec-2", "job-spec-3"]),
    ("公司的外包岗位规范有哪些要求", ["job-spec-1", "job-spec-2", "job-spec-3"]),
    # a phrase of the title after 的 (新招的外包岗位) is not the title qualified
    ("HR转给我一个活：给新招的外包岗位写招聘要求，岗位规范里有现成的表述吗？",
     ["job-spec-1", "job-spec-2", "job-spec-3"]),
])
def test_documents_sharing_a_title_are_told_apart_by_what_only_one_says(retriever, question, named):
    from kb.segment import normalize

    assert retriever.named_documents(normalize(question)) == named


def test_what_describes_a_document_is_not_what_the_question_asks(retriever):
    """The part of a question that tells which document it means (…的那份外包岗位规范里) neither
    sets the position asked for (最后一步 there, 第四步 asked) nor quotes the clause asked for
    (“工作总结” is the last step, not the answer); a question of one part asks in it, and 这个
    points at anything (看到“专职人员”这个要求: the quote is what is asked for)."""
    from kb.query import describing_spans, find_ordinal
    from kb.segment import normalize

    q = normalize("工作流程最后一步是“工作总结”的那份外包岗位规范里，第四步要做什么？")
    assert find_ordinal(q).text == "第四步" and describing_spans(q) == [(0, q.index(","))]
    hit = retriever.search(q).hits[0]
    assert hit.clause.doc == "job-spec-1" and "质量检查" in hit.clause.text
    assert describing_spans(normalize("有份外包岗位规范的最后一条是什么？")) == []
    assert find_ordinal(normalize("有份外包岗位规范的最后一条是什么？")).text == "最后一条"
    # a part it describes the document by is no part asked about (绩效考核一章): its purpose is
    hit = retriever.search("设有绩效考核一章、要求较强数据处理能力的那份外包岗位规范，制定的目的是什么？").hits[0]
    assert (hit.clause.id, hit.via) == ("job-spec-1:一", "recorded")
    assert describing_spans(normalize("看到“专职人员”这个要求，出自哪？")) == []
    hit = retriever.search("看到“专职人员”这个要求，出自哪？要他们负责干嘛").hits[0]
    assert "专职人员" in retriever.store.full_text(hit.clause)


def test_of_several_definitions_the_one_in_the_questions_words_comes_first(retriever):
    """The three 外包岗位岗位规范 define 外包岗位 each in its own words: the one the question
    paraphrases (外部机构或者个人, 业务模式: job-spec-2) comes first; a bare "是什么意思" keeps the
    documents' order."""
    hits = retriever.search("有份外包岗位规范把外包岗位定义为把哪类业务交给外部机构或者个人处理的业务模式？").hits
    assert [h.clause.doc for h in hits[:3]] == ["job-spec-2", "job-spec-3", "job-spec-1"]
    hits = retriever.search("外包岗位是什么意思").hits
    assert [h.clause.doc for h in hits[:3]] == ["job-spec-1", "job-spec-2", "job-spec-3"]


def test_positions_said_colloquially_and_the_foremost():
    """头一条 / 首项 / 末尾那项 / 最后那个 are positions; "最要紧的头一项" says which matters most."""
    from kb.query import find_ordinal
    from kb.segment import normalize

    assert find_ordinal(normalize("若干规定的头一条")).n == 1
    assert find_ordinal(normalize("工作流程首个步骤")).n == 1
    assert find_ordinal(normalize("保密措施末尾那项")).n == -1
    assert find_ordinal(normalize("最后那个措施")).n == -1
    assert find_ordinal(normalize("服务外包人员最要紧的头一项工作是什么？")) is None
    assert find_ordinal(normalize("首要职责是什么")) is None


@pytest.mark.parametrize("framed, core", [
    ("想问一下，服务外包人员要不要定期回访", "服务外包人员要不要定期回访"),
    ("您好，打扰了！请问保密信息包括哪些？谢谢~", "保密信息包括哪些"),
    ("我是新来的实习生，外包岗位每天做什么", "外包岗位每天做什么"),
    ("领导让我问问，做外包有没有五险一金", "做外包有没有五险一金"),
    ("泄露了保密信息要承担什么责任，出自哪条", "泄露了保密信息要承担什么责任"),
    ("第五条要求什么？急，在线等", "第五条要求什么"),
    # words that only look like a frame stay: they are what is asked
    ("实习生要签保密协议吗", "实习生要签保密协议吗"),
    ("新员工需要培训吗", "新员工需要培训吗"),
    ("亲属能不能看保密信息", "亲属能不能看保密信息"),
    ("遇到问题怎么求助", "遇到问题怎么求助"),
    ("你好请问第五条", "你好请问第五条"),  # too little would be left
])
def test_the_chat_frame_around_a_question_is_not_searched_for(framed, core):
    from kb.query import unframed
    from kb.segment import normalize

    assert unframed(normalize(framed)).rstrip("？?") == normalize(core)


def test_a_framed_question_is_answered_as_the_bare_one(retriever):
    """A greeting, thanks or "出自哪条" moves nothing: the same clause comes first, and the
    asker's story after "想问一下，" is still the asker's (宁波 is where they work, not asked about)."""
    for framed, bare in [
        ("泄露了保密信息要承担什么责任，出自哪条", "泄露了保密信息要承担什么责任"),
        ("您好，请问接包方要采取哪些保密措施？谢谢！", "接包方要采取哪些保密措施"),
    ]:
        assert retriever.search(framed, k=3).hits[0].clause.id == \
            retriever.search(bare, k=3).hits[0].clause.id
    assert retriever.search("泄露了保密信息要承担什么责任，出自哪条", k=3).hits[0].clause.id == \
        "info-protection-rules:第10条"
    a = answer_question(retriever, "想问一下，我去年在宁波入职做外包岗,我交上去的东西之后公司那边会怎么处理")
    assert not a.refused
