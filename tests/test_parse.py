"""Known-answer tests of clause parsing on the real corpus and on tricky snippets."""

from pathlib import Path

import pytest

from kb.documents import Document, read_corpus
from kb.parse import full_text, parse_clauses, parse_corpus, split_passages

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def clauses():
    return {c.id: c for c in parse_corpus(read_corpus(ROOT / "corpus" / "docs"))}


def doc(body: str, title: str = "测试文件", kind: str = "regulation") -> Document:
    return Document(slug="t", title=title, kind=kind, body=body)


def test_regulation_on_one_line_parses_into_articles_and_items(clauses):
    articles = [c for c in clauses.values() if c.doc == "info-protection-rules" and c.parent is None]
    assert [c.number for c in articles][:3] == ["第一条", "第二条", "第三条"]
    assert len(articles) == 15
    item = clauses["info-protection-rules:第5条(3)"]
    assert item.number == "第五条(三)"
    assert item.parent == "info-protection-rules:第5条"
    assert item.text == "对保密信息的记录载体进行分级管理;"
    assert len([c for c in clauses.values() if c.parent == "info-protection-rules:第5条"]) == 8


def test_table_of_contents_gives_title_only_clauses(clauses):
    c = clauses["sop-capability:6.7"]
    assert (c.heading, c.title_only, c.parent) == ("变更控制", True, "sop-capability:6")
    assert c.text == "6.7 变更控制 (23)"  # the source line the title comes from, never a body
    c8 = clauses["sop-capability:C.8"]
    assert (c8.heading, c8.parent) == ("业务连续性管理", "sop-capability:附录C")
    assert clauses["sop-capability:C.10"].heading == "供应链安全"
    assert clauses["sop-capability:A.1.1"].parent == "sop-capability:A.1"
    appendix_a = clauses["sop-capability:附录A"]
    assert appendix_a.number == "附录 A" and "信息技术外包(ITO)服务实现" in appendix_a.heading


def test_clause_with_body_after_the_contents_is_not_title_only(clauses):
    scope = clauses["sop-capability:1"]
    assert scope.heading == "范围" and not scope.title_only
    assert scope.text.startswith("本规范规定了服务外包组织")


def test_heading_run_into_body_is_split(clauses):
    c = clauses["job-spec-1:一"]
    assert c.heading == "岗位概述" and c.text.startswith("外包岗位是指")
    assert clauses["job-requirements:4"].heading == "解决问题能力"
    assert clauses["job-spec-1:四/1"].heading == "接收任务"
    assert clauses["job-spec-1:四/1"].number == "四、1."


def test_a_line_starting_with_a_year_or_figure_is_not_a_clause():
    cs = parse_clauses(doc("2014年1至7月,我国共签订服务外包合同103584份。\n1至7月,ITO占比52.1%。\n"
                            "2013年5月,正式成立认证规范编写项目组。"))
    assert [c.number for c in cs] == ["¶1"]
    assert "2013年5月" in cs[0].text


def test_prose_that_counts_its_parts_is_a_paragraph_a_part(clauses):
    """The certification conditions count their parts in prose (首先, 其次, 第三, 第四, 最后, 综上
    所述): each part and the sentences that say what it asks is one paragraph, not a run of about
    200 characters that ends mid-part (法定资格 beside 经营能力)."""
    parts = [c for c in clauses.values() if c.doc == "enterprise-certification"]
    assert [c.text[:2] for c in parts] == ["首先", "其次", "第三", "第四", "最后", "综上"]
    assert "独立法人实体" in parts[0].text and "经营能力" not in parts[0].text
    # a counting word inside a line starts nothing: text without them groups by size
    cs = parse_clauses(doc("第一段说的是甲。\n\n它又说乙，首先是丙。\n\n最后，丁。", kind="guide"))
    assert [c.text[:2] for c in cs] == ["第一", "最后"]


def test_cross_reference_inside_a_sentence_is_not_a_heading():
    body = ("第一条 为了规范管理,制定本办法。\n第二条 违反第十条规定的,依照第十一条处理。\n"
            "第十条 不得泄露。\n第十一条 责令改正。")
    cs = {c.key: c for c in parse_clauses(doc(body))}
    assert list(cs) == ["第1条", "第2条", "第10条", "第11条"]
    assert cs["第2条"].text == "违反第十条规定的,依照第十一条处理。"


def test_cross_references_become_links():
    from kb.parse import link_references

    d = doc("4 要求\n4.4 记录\n应保存记录。\n5 控制\n5.1 变更\n变更应按4.4的规定记录,并符合附录 A。\n"
            "附录 A 清单\nA.1 条目\n清单内容。", kind="standard")
    cs = link_references(parse_clauses(d), [d])
    by_key = {c.key: c for c in cs}
    assert by_key["5.1"].refs == ("t:4.4", "t:附录A")
    assert by_key["4.4"].refs == ()


def test_chapters_and_arabic_article_numbers():
    body = "第一章 总则\n第1条 目的。\n第2条 范围。\n第二章 保密\n第一节 一般规定\n第3条 保密义务。"
    cs = {c.key: c for c in parse_clauses(doc(body))}
    assert cs["第1条"].parent == "t:第1章" and cs["第1条"].number == "第1条"
    assert cs["第3条"].parent == "t:第1节"
    assert cs["第1节"].parent == "t:第2章"


def test_a_laws_section_is_filed_under_its_chapter_too(tmp_path):
    """"第二章第一节": a section number restarts in each chapter, so the store files it as
    第2章第1节 as well as 第1节."""
    from kb.store import Store, write_store

    d = doc("第一章 总则\n第一节 目的\n第1条 目的。\n第二章 保密\n第一节 一般规定\n第2条 保密义务。")
    write_store(tmp_path / "s.sqlite", [d], parse_clauses(d), [], [])
    store = Store(tmp_path / "s.sqlite")
    assert [c.heading for c in store.by_key("第2章第1节")] == ["一般规定"]
    assert [c.heading for c in store.by_key("第1章第1节")] == ["目的"]


def test_items_with_dun_and_dot_numbering_nest_under_sections():
    body = "一、职责\n1. 执行任务。\n2. 提交报告。\n二、要求\n1、本科学历。"
    cs = {c.id: c for c in parse_clauses(doc(body, kind="guide"))}
    assert cs["t:一/2"].parent == "t:一" and cs["t:一/2"].text == "提交报告。"
    assert cs["t:二/1"].parent == "t:二"


def test_bullets_are_items_numbered_by_place_and_quoted_as_written(clauses):
    """"- 项目进度:…" run on after "考核:" and on lines of their own: the n-th bullet of its clause,
    filed as item n ("第n点"), and the clause's text still shows them as the document does."""
    c = clauses["it-assessment:3/2"]
    assert (c.parent, c.number, c.text) == ("it-assessment:3", "3.第2点",
                                            "信息安全:评估外包服务提供商的信息安全管理能力,"
                                            "包括网络安全防护、漏洞扫描和安全审计等。")
    assert clauses["it-assessment:1"].text.endswith("可以从以下几个方面进行考核:")
    assert "it-assessment:1/5" not in clauses and "it-assessment:2/4" not in clauses
    # nested under a numbered item (三、3. 技能要求), the item itself keeps no text of its own
    assert clauses["job-spec-2:三/3/5"].parent == "job-spec-2:三/3"
    assert clauses["job-spec-2:三/3"].text == ""
    cs = parse_clauses(doc("一、要求\n可从两方面评估:- 速度:快。\n- 质量:好。", kind="guide"))
    by_id = {c.id: c for c in cs}
    children = lambda i: [c for c in cs if c.parent == i]  # noqa: E731
    assert full_text(by_id["t:一"], children) == "可从两方面评估:\n- 速度:快。\n- 质量:好。"


def test_ids_are_unique_and_stable(clauses):
    again = {c.id for c in parse_corpus(read_corpus(ROOT / "corpus" / "docs"))}
    assert again == set(clauses)


def test_terminology_items_under_unnumbered_headings(clauses):
    c = clauses["fwwb-terms:§根据主体对象/8"]
    assert c.text.startswith("信息技术外包(Information Technology Outsourcing, ITO)是指")
    assert c.path == ("业务种类", "根据主体对象", "8、")


def test_long_clause_is_split_into_passages_at_sentence_ends():
    text = "。".join(["这是一个相当长的句子用于测试切分" * 3] * 20) + "。"
    parts = split_passages(text, limit=120)
    assert len(parts) > 1
    assert all(len(p) <= 120 for p in parts)
    assert "".join(parts) == text
