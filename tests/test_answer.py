import json

import pytest

from kb.answer import answer_question

from .conftest import DEV


def dev_questions():
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]


def test_citations_are_verifiable_over_the_dev_set(retriever):
    """Every quoted sentence is verbatim in the clause it cites; every cited clause exists."""
    store = retriever.store
    for g in dev_questions():
        a = answer_question(retriever, g["question"])
        ranks = {c.rank: c for c in a.citations}
        for c in a.citations:
            assert c.id in store.by_id
            assert c.text == store.full_text(store.by_id[c.id])
            assert c.doc_title == store.by_id[c.id].doc_title and c.clause == store.by_id[c.id].number
        for s in a.statements:
            assert s.citation in ranks, g["id"]
            if s.quoted:
                assert s.text in ranks[s.citation].text, (g["id"], s.text)
        if not a.refused:
            assert a.statements and all(f"[{s.citation}]" in a.answer for s in a.statements)
            assert len(a.citations) <= 5


@pytest.mark.parametrize("q", ["明天上海天气怎么样？", "推荐一款好用的手机", "写一首关于春天的诗",
                               "What's the weather like in Beijing tomorrow?",
                               # no keyword in any clause, however close in meaning
                               "C1驾照能开什么车"])
def test_out_of_scope_questions_are_refused(retriever, q):
    a = answer_question(retriever, q)
    assert a.refused and a.citations == [] and a.nearest
    # nothing close: that, not "nothing about Beijing" (a place is blamed only when the rest is near)
    assert "没有找到" in a.answer or "Nothing relevant" in a.answer


def test_title_only_clause_is_never_given_a_body(retriever):
    a = answer_question(retriever, "服务外包能力要求6.7是什么条款？")
    assert not a.refused and a.citations[0].title_only
    assert "只有" in a.statements[0].text and not a.statements[0].quoted
    assert a.statements[1].text == "6.7 变更控制 (23)"


def test_the_text_of_a_part_known_by_its_title_only_is_refused(retriever):
    """The standard's sections are known from its table of contents: their specific requirements
    (6.3's 具体条文, C.5's 控制措施) are not in the knowledge base, and an entry with no name (3.4's
    "3.4 (8)") answers only where it is. A part whose entries the contents list answers with them."""
    a = answer_question(retriever, "6.3服务过程管理具体条文要求有哪些？")
    assert a.refused and "“6.3 服务过程管理”的标题（来自目录）" in a.answer
    assert a.nearest[0].id == "sop-capability:6.3"
    b = answer_question(retriever, "服务外包能力要求3.4条术语的定义是什么")
    assert b.refused and "“3.4”" in b.answer
    assert not answer_question(retriever, "3.4在第几页").refused
    assert not answer_question(retriever, "6.3讲的是什么").refused
    assert not answer_question(retriever, "附录C安全控制项具体包括哪些").refused
    # a heading names a part; what it means is its text
    d = answer_question(retriever, "附录C里的“供应链安全”具体指什么？")
    assert d.refused and "“C.10 供应链安全”的标题" in d.answer
    # a contents entry named by its heading and asked where it is: the entry, its number and page
    c = answer_question(retriever, "目录里“外部供方管理”这一节编号是多少、在第几页？")
    assert not c.refused and c.citations[0].id == "sop-capability:6.6"
    assert "6.6 外部供方管理 (22)" in c.answer


def test_definition_is_quoted_verbatim(retriever):
    a = answer_question(retriever, "BPO是什么？")
    assert a.statements[0].text.startswith("业务流程外包BPO(Business Process Outsourcing),是指")
    assert a.answer.splitlines()[0].endswith("[1]")


def test_english_question_is_answered_with_refusal_in_english_when_needed(retriever):
    assert not answer_question(retriever, "What is offshore outsourcing?").refused
    a = answer_question(retriever, "Recommend a good phone")
    assert a.refused and a.language == "en" and a.answer.startswith("Nothing relevant")


def test_refusal_threshold_is_fitted_and_read(retriever):
    """The shipped second-stage weights carry a refusal threshold; a question with nothing in the
    corpus scores under it and is refused, a plain question about a clause over it."""
    from kb.answer import answer_question

    answer_min = retriever.reranker.answer_min
    assert -10 < answer_min < 10
    off = retriever.search("多肉植物浇水多久一次？")
    on = retriever.search("接包方应当采取哪些保密措施？")
    assert off.signals.confidence < answer_min < on.signals.confidence
    assert answer_question(retriever, "多肉植物浇水多久一次？").refused


def test_citations_are_the_quoted_clauses_the_rest_related(retriever):
    from kb.answer import answer_question

    a = answer_question(retriever, "接包方需要和员工签订哪些协议？", k=5)
    quoted = {s.citation for s in a.statements}
    assert [c.rank for c in a.citations] == sorted(quoted) == list(range(1, len(quoted) + 1))
    assert [c.rank for c in a.related] == list(range(len(quoted) + 1, 6))
    data = a.to_json()
    assert set(data["related"][0]) == set(data["citations"][0])  # same fields
    lookup = answer_question(retriever, "若干规定第五条是什么？", k=5)
    assert [c.clause for c in lookup.citations] == ["第五条"]
    # the words of a reference say where, not what: 第三 quotes no "第三,市软件…"
    item = answer_question(retriever, "第五条第三项说的是什么", k=5)
    assert [c.clause for c in item.citations] == ["第五条(三)"]
    assert all(c.via != "hybrid" for c in lookup.related)  # a lookup is not padded by search
    # nor a position by a clause that only has the position's word ("最后,市软件…" for 最后)
    last = answer_question(retriever, "规定的最后一条", k=5)
    assert [c.clause for c in last.citations] == ["第十五条"]


def test_a_year_no_clause_mentions_is_refused_as_such(retriever):
    from kb.answer import answer_question
    from kb.intent import asked_not_put

    a = answer_question(retriever, "2019年我国服务外包合同金额是多少？")
    assert a.refused and "2019年" in a.answer and a.nearest
    b = answer_question(retriever, "2014年1至7月我国签订了多少服务外包合同？")
    assert not b.refused and "1035" in b.answer
    # a year the question only puts forward, beside a part that asks outright, is a guess: the
    # answer may refute it (始于二十世纪70年代); asked or compared, it is still refused
    c = answer_question(retriever, "金融外包是不是2000年以后才出现的？最早是什么年代开始的？")
    assert not c.refused and "70年代" in c.answer
    assert asked_not_put("金融外包是不是2000年以后才有的？最早是啥年代？") == "最早是啥年代"  # 啥 asks
    assert answer_question(retriever, "2020年的服务外包合同是不是比2014年多？").refused


def test_a_whole_year_the_data_cover_in_part_is_refused_as_such(retriever):
    """The 2014 data run from January to July: a question about the whole of 2014 is told so, in
    its language; one about 2014 without "全年" is answered from them."""
    from kb.answer import answer_question

    a = answer_question(retriever, "2014年一整年我国签了多少份服务外包合同？")
    assert a.refused and "2014年1至7月" in a.answer and "全年" in a.answer and a.nearest
    b = answer_question(retriever, "How many outsourcing firms did China have in the full year 2014?")
    assert b.refused and "whole year" in b.answer
    c = answer_question(retriever, "2014年我国服务外包合同金额是多少？")
    assert not c.refused and "596.5" in c.answer
    # a year the closest clauses mention only to date an event (2013年5月, the project group) has
    # no figures at all: not "only 2013年5月's data"
    for q in ("2013年全年我国服务外包合同有多少份",
              "What was China's total offshore outsourcing contract value for the full year 2013?"):
        d = answer_question(retriever, q)
        assert d.refused and "2013" in d.answer and "5月" not in d.answer, q


def test_a_figure_no_close_clause_states_is_refused_as_such(retriever):
    """"多久"/"多少" ask for a figure; when none of the best clauses states one (a list item's own
    number does not count) the answer says so instead of quoting a clause about something else."""
    from kb.answer import answer_question
    from kb.intent import asks_figure, figure_units

    a = answer_question(retriever, "和员工签的保密协议,期限最长可以约定多久?")
    assert a.refused and "数字或日期" in a.answer and a.nearest
    b = answer_question(retriever, "外包岗位的月薪一般是多少钱?")  # its list is numbered 1. 2. …
    assert b.refused and "数字或日期" in b.answer
    c = answer_question(retriever, "若干规定是哪年开始施行的？")
    assert not c.refused and "2010年2月1日" in c.answer
    assert not asks_figure("服务保障从哪几个方面提出要求？")  # a list, not a count
    assert not asks_figure("核心资料的配方比例怎么存放？")
    assert asks_figure("试用期最长可以约定多长时间？") and asks_figure("要通过CMMI几级才行？")
    assert asks_figure("when did the rules on information protection take effect?")
    assert asks_figure("试用期一般几个月？") and not asks_figure("那几个月主要做哪些国家的生意？")
    # a yes-or-no question after a sentence that tells of an amount; a figure asked before it
    assert not asks_figure("老员工说供应商拿多少钱要看干得好不好。BPO的付款方式可以跟业绩挂钩吗？")
    assert asks_figure("和涉密员工签竞业禁止协议，最长可以约定几年？离职期间要不要给补偿？")
    assert asks_figure("ISO27001 证书有效期") and asks_figure("What is the fine amount for a leak?")
    assert not asks_figure("When is client data treated as confidential?")  # a condition
    assert asks_figure("服务质量评估是每月做一次还是每季度做一次？") and asks_figure("英语要过几级？")
    assert not asks_figure("What does Annex A of the capability requirements address?")
    assert not asks_figure("外包花了多少钱、值不值，归不归这个岗位管？")  # A-not-A: yes or no
    assert asks_figure("外包人员加班的话，加班费按什么标准算？")  # a sum worked out
    assert asks_figure("外包公司给员工交社保是按啥比例交的")
    assert not asks_figure("when assessing an it vendor's architecture, what is checked?")
    # a yes-or-no question asks a figure in its last clause, or in one before it that ends with
    # the cue after a verb that asks (是几年), not one that tells of an amount (花了多少钱)
    assert not asks_figure("外包商出了问题多久才回我们、回得靠不靠谱，这个也要打分吗？")
    assert asks_figure("认证证书的有效期是几年，需要年审吗？")
    assert not asks_figure("领导让我盯着外包到底花了多少钱、划不划算，这算我的本职工作吗？")
    assert not asks_figure("外包岗位要不要盯着外包花了多少钱、值不值，想办法帮公司省钱？")
    assert asks_figure("服务外包合同需要缴纳印花税吗，税率是多少？")
    d = answer_question(retriever, "外包岗位要不要盯着外包花了多少钱、值不值，想办法帮公司省钱？")
    assert not d.refused and "成本和效益" in d.answer
    # a "how" after the cue asks how ("挣多少钱是怎么…挂钩的"); "怎么算" still asks the figure
    assert not asks_figure("外包商挣多少钱是怎么跟干得好不好挂上钩的？")
    assert asks_figure("补偿金是多少，怎么算？") and asks_figure("外包费用多少怎么算？")
    # 几 that says "a few" (做过几年, 近几年, 好几天) asks nothing; 提前几天, 超过几天 still ask
    f = answer_question(retriever, "我之前做过几年采购，想转去做业务外包，他们对业务熟悉程度有什么要求？")
    assert not f.refused and "精通至少一项具体业务领域" in f.answer
    assert not asks_figure("近几年外包发展得怎么样？") and not asks_figure("好几天都没人回，算违约吗？")
    assert "duration" not in figure_units("那年头几个月里哪一类业务的份额最大？")  # the first few
    assert "duration" not in figure_units("以后几年外包主要会做哪块？")  # the years ahead
    assert "duration" not in figure_units("今后几年外包服务的重心会转向哪种类型？")
    assert not asks_figure("往后几年外包的大头会落在哪一类业务上？")
    # a day of the month, a time of day, a floor, a number of digits: none of the documents
    # states one, and a date (2010年2月1日) answers 几号
    for q in ("工资每个月几号发？", "公司班车几点发车，食堂在几楼？", "开机密码规定至少要几位数？",
              "保密信息载体的密码至少要多少位，哪一条规定的？",
              # one period or another: 定期 (第五条（七）) does not say which
              "客户资料多久要做一次备份，每天还是每周？"):
        g = answer_question(retriever, q)
        assert g.refused and "数字或日期" in g.answer, q
    assert figure_units("公司班车几点发车？") == ["clock"]
    # at least how many (最少几个), class hours, a repeal's year, a pay or a period asked in English
    for q in ("认定要求技术人员最少几个", "员工信息安全培训每年几个学时", "信保规定哪年废止的",
              "what salary range is offered for the outsourcing posts? like monthly pay",
              "What is the minimum monthly salary for outsourcing staff?",
              "How often must security patches be installed – weekly or monthly?"):
        g = answer_question(retriever, q)
        assert g.refused and ("数字或日期" in g.answer or "figure or date" in g.answer), q
    assert figure_units("How often must patches be installed, weekly or monthly?") == ["period"]
    assert not asks_figure("服务保障至少包括几个方面？")  # a list
    assert asks_figure("What penalty in yuan is imposed for a leak?")  # a sum, in a currency
    # two figures asked at once (份数和金额分别是多少): each in its own sentence, both answered
    k = answer_question(retriever, "2014年1至7月签订的服务外包合同份数和合同金额分别是多少？")
    assert not k.refused and "103584份" in k.answer and "596.5亿美元" in k.answer
    # a project's name is no person's
    m = answer_question(retriever, "编制该规范所依托的公益性行业科研专项项目叫什么名字？")
    assert not m.refused and "服务外包园区认证评价制度与关键技术研究与示范" in m.answer
    assert answer_question(retriever, "编制说明的执笔人叫什么名字？").refused
    h = answer_question(retriever, "这个信息保护规定是哪年几月几号开始生效的？")
    assert not h.refused and "2010年2月1日" in h.answer
    assert not asks_figure("服务外包人员的职位要求一共列了几点？")  # points of a list
    assert figure_units("文件是商务部令第几号？") == ["issue_no"]  # a number, not a day
    # and a yes-or-no question after it: 干了几年以后能升职吗 asks whether, not how many years
    assert not asks_figure("干了几年以后能升职吗") and asks_figure("做外包几年后能拿到多少工资")
    # 几年后 before another question word is "after some years": what, not how many years
    h = answer_question(retriever, "我是今年的应届生，面试了一个管外包的岗位，想问问干这行几年后一般能往什么方向发展？")
    assert not h.refused and "专家和领导者" in h.answer
    assert not asks_figure("干几年以后能升到什么位置？") and asks_figure("证书几年后要复审？")
    assert not asks_figure("要是我在外包岗位干上几年，以后大概能往什么方向发展？")
    assert asks_figure("离职要提前几天跟公司说？") and asks_figure("延误超过几天要扣钱？")
    # 多少 as "somewhat" (多少会有点风险, 多少能得到点, 没多少经验) asks no figure
    assert not asks_figure("外包多少会有点风险吧，规定里怎么防范") and not asks_figure("没多少经验能做外包岗位吗")
    i = answer_question(retriever, "被认定为市软件和服务外包企业以后多少能得到点什么好处?")
    assert not i.refused
    assert asks_figure("2014年1至7月签了多少份合同") and asks_figure("多少人能参加培训？")
    # a figure after a verb of minding it, in a yes-or-no question, is the thing minded ("要关心
    # …花了多少钱吗"); after one of knowing it, the figure is asked ("你知道…花了多少钱吗")
    assert not asks_figure("负责管理外包工作的人需要关心外包花了多少钱吗？")
    # a sum worked out and given ("补偿金按什么标准给"): 第六条 names the agreement, no sum
    comp = answer_question(retriever, "员工签了竞业禁止协议，每月补偿金按什么标准给？")
    assert comp.refused and comp.nearest
    assert asks_figure("你知道外包一共花了多少钱吗")
    minded = answer_question(retriever, "负责管理外包工作的人需要关心外包花了多少钱吗？")
    assert not minded.refused and any("成本和效益" in c.text for c in minded.citations)
    assert asks_figure("What is the minimum headcount for a firm to be recognized as an outsourcing enterprise?")
    assert asks_figure("What were China's 2013 figures for outsourcing contracts?")
    assert not asks_figure("Is a staff member expected to produce statistics and analysis on tasks?")
    assert asks_figure("What fine does the ministry impose for a leak?")
    assert not asks_figure("What penalty applies if a contractor leaks data?")  # a kind, not a sum
    # a document number (发文字号) wants a code: the regulation's dates are no answer
    g = answer_question(retriever, "商务部和工信部发布这份信息保护规定时的发文字号是多少?")
    assert g.refused and "文号" in g.answer
    # "哪几个月" asks which months, a date: the 编制说明's "2014年2~6月" answers it
    from kb.intent import answer_types, figure_units
    assert "time" in answer_types("修改规范前后花了哪几个月？")
    assert not figure_units("修改规范前后花了哪几个月？") and figure_units("花了几个月？")
    e = answer_question(retriever, "汇总企业反馈和认监委意见、反复修改规范前后花了哪几个月？")
    assert not e.refused and "2014年2~6月" in e.answer
    # and beside how long: the span of months answers both; how long alone still wants a length
    assert figure_units("备案征求意见稿前后改了多久,是哪几个月?") == ["months"]
    f = answer_question(retriever, "备案征求意见稿前后改了多长时间才定下来，是哪几个月？")
    assert not f.refused and "2014年2~6月" in f.answer
    assert answer_question(retriever, "外包合同一般签多久？").refused
    # a list item's own number is no figure, and a yes-or-no question asks for none
    from kb.intent import carries
    assert not carries(frozenset({"number"}), "1. 接收任务 根据项目要求接收相关任务。\n(三) 审核")
    assert carries(frozenset({"number"}), "6.5 服务终止") and carries(
        frozenset({"number"}), "2. 占从业人员总数66.7%")
    assert "number" not in answer_types("外包花了多少钱、值不值，归不归这个岗位管？")
    assert "number" in answer_types("外包花了多少钱？")
    # 来自哪个部门 asks who, 来自哪(里) where
    assert answer_types("课题来自哪个部门的科研专项？") == {"agent"}
    assert "place" in answer_types("客户主要来自哪？") and "place" in answer_types("客户来自哪里")
    h = answer_question(retriever, "服务外包认证规范的课题来自哪个部门的科研专项？")
    assert not h.refused and "国家质量监督检验检疫总局" in h.answer, h.answer
    # 还叫什么名字 asks another name of a thing (CESI's), not a person's name
    assert "person" not in figure_units("CESI还叫什么名字？")
    assert "person" in figure_units("起草组组长叫什么名字")
    # a part's name is its heading (第4章叫什么名字 had been refused as a person's name)
    assert "person" not in figure_units("能力要求标准正文第4章叫什么名字？")
    assert "person" not in figure_units("附录C叫什么名字")
    chapter = answer_question(retriever, "能力要求标准正文第4章叫什么名字？")
    assert not chapter.refused and "服务能力管理(总要求)" in chapter.answer
    i = answer_question(retriever, "CESI还叫什么名字？")
    assert not i.refused and "工业和信息化部电子第四研究院" in i.answer, i.answer
    # an executed sum is not the contract sum the 2014 data state
    j = answer_question(retriever, "2014年1至7月服务外包执行金额是多少？")
    assert j.refused, j.answer
    assert not answer_question(retriever, "2014年1至7月服务外包合同金额是多少？").refused


def test_a_figure_asked_of_a_named_document_is_that_documents(retriever):
    """"市软件和服务外包企业认定要求…百分之多少": the certification conditions state no share, and a
    share in the 2014 data (66.7%) is not theirs; a question that names no document takes any."""
    from kb.answer import answer_question

    a = answer_question(retriever, "市软件和服务外包企业认定要求技术人员至少占员工总数的百分之多少？")
    assert a.refused and "数字或日期" in a.answer
    b = answer_question(retriever, "服务外包从业人员中大专以上学历的比例是多少")
    assert not b.refused and "66.7%" in b.answer


def test_a_figure_in_the_wrong_unit_is_no_figure(retriever):
    """A rate wants a percentage, a fee a sum of money, a span a duration: the 2014 data's counts
    and dates do not answer "税率是多少" or "要交多少钱"; the same data answer a growth rate."""
    from kb.answer import answer_question
    from kb.intent import asks_figure, figure_units, states_unit

    for q in ("软件企业的优惠税率是多少？", "参加服务外包能力认证要交多少钱？",
              "保密协议的有效期一般是多久？"):
        a = answer_question(retriever, q)
        assert a.refused and "数字或日期" in a.answer and a.nearest, q
    b = answer_question(retriever, "2014年1至7月离岸服务外包合同金额同比增长了多少？")
    assert not b.refused and "%" in b.answer
    assert figure_units("截至2014年7月底服务外包企业有多少？") == []  # a plain count: any number
    assert figure_units("截至2014年7月底服务外包从业人员有多少？") == ["people"]  # a head count
    assert states_unit(["money"], "合同金额596.5亿美元") and states_unit(["rate"], "同比增长34.4%")
    assert not states_unit(["rate"], "接包方应成立信息保护机构")  # 成立 is no 成 (tenth)
    assert not states_unit(["money"], "2014年1至7月,我国共签订服务外包合同103584份")
    # a decade is no span of time: "要花多长时间" is not answered by "始于二十世纪70年代"
    assert not states_unit(["duration"], "金融外包始于二十世纪70年代的欧美")
    assert not states_unit(["duration"], "在未来几年内将成为外包的主要内容")  # 几年 says no length
    assert states_unit(["duration"], "有十几年的经验")
    assert states_unit(["duration"], "服务期限为3年")
    assert figure_units("员工保密培训多久一次？") == ["frequency", "duration"]
    assert states_unit(["frequency"], "接包方应当每年对员工进行一次保密培训")  # 多久一次: how often
    assert states_unit(["frequency"], "定期对所提供的服务质量进行评估")
    assert figure_units("认证费多少") == ["money"]
    # 多少份额 asks a share, not a count of copies (103584份 contracts)
    assert figure_units("ITO、KPO、BPO三块各占多少份额？") == ["rate"]
    assert not answer_question(retriever, "ITO、KPO、BPO三块各占多少份额？").refused
    assert "frequency" in figure_units("电脑多久要打补丁？")  # 定期 answers it
    # a town the documents name is a place: a national head count does not answer for it
    f = answer_question(retriever, "花橋開發區的外包企業總共有多少員工")
    assert f.refused and "花桥" in f.answer
    # a head count by its noun, a number of grades, an area
    assert figure_units("这个机构至少得配几个专职人员？") == ["people"]
    assert figure_units("CMMI认证一共分为几个等级?") == ["level"]
    assert figure_units("截至2014年7月底服务外包企业总数是多少") == ["count"]  # 26587家, not 三种
    assert figure_units("开发区的规划面积有多少平方公里?") == ["area"]
    assert states_unit(["area"], "规划面积50平方公里") and not states_unit(["area"], "合同103584份")
    # a number of times, training hours: "从10个方面" answers neither
    assert figure_units("培训每年至少搞几次，每次多少学时") == ["duration", "times"]
    assert figure_units("How many hours of training per year?") == ["duration"]
    assert states_unit(["times"], "每年培训两次") and not states_unit(["times"], "从10个方面提出要求")
    assert answer_question(retriever, "保密培训每年要搞几次？").refused
    assert not asks_figure("从哪几个方面考核") and not asks_figure("这几个人员怎么分工")
    # a sum named in a clause that asks who or which is not the figure asked for
    assert figure_units("课题是哪年启动的，用的哪个部门的经费") == []
    assert figure_units("课题是哪年启动的，经费多少") == ["money"]
    # a rate or a sum of something named: a growth rate is no tax rate, a contract sum no pay
    d = answer_question(retriever, "离岸外包业务收入的税率是多少？")
    assert d.refused and "数字或日期" in d.answer
    e = answer_question(retriever, "签了竞业禁止协议，补偿金每月给多少钱？")
    assert e.refused and "数字或日期" in e.answer
    # a span is no calendar date: 创建于1963年, 1至7月, 2010年2月1日 state when, not how long
    assert figure_units("事故发生后多少小时内要上报？") == ["duration"]
    for dated in ("中国电子技术标准化研究院创建于1963年", "2014年1至7月,我国共签订服务外包合同",
                  "本规定自2010年2月1日起施行"):
        assert not states_unit(["duration"], dated), dated
    assert states_unit(["duration"], "试用期不得超过6个月") and states_unit(["duration"], "15日内")
    c = answer_question(retriever, "外包人员的绩效奖金怎么计算？")  # a calculation needs a sum of money
    assert c.refused and "数字或日期" in c.answer


def test_a_procedure_no_close_clause_describes_is_refused(retriever):
    """需要提交哪些材料 / 到哪个部门办理 ask how to file; the certification conditions say what a
    company must be, not where or with what to apply."""
    from kb.answer import answer_question
    from kb.intent import asks_procedure

    a = answer_question(retriever, "申请市软件和服务外包企业认定需要提交哪些材料、到哪个部门办理?")
    assert a.refused and "材料、部门或流程" in a.answer and a.nearest
    b = answer_question(retriever, "接包方违反保密协议，发包方可以怎么办？")  # what to do: no filing
    assert not b.refused and "仲裁" in b.answer
    assert not asks_procedure("申请认定的企业必须是什么性质的主体？")  # a condition, answered
    assert not asks_procedure("外包岗位要提交什么成果")
    assert not asks_procedure("外包岗位交差的时候需要交哪些材料？")  # work handed in, no application
    assert asks_procedure("申请认定需要准备哪些材料？")
    assert asks_procedure("离岸服务外包合同需要在商务部哪个系统登记?")  # the office, a word between
    assert asks_procedure("what documents are required for a security assessment?")
    assert not asks_procedure("外包人员在公司哪里办公")  # 办公 is no filing
    assert asks_procedure("认定的申请材料要送到哪个部门？")  # where the papers go
    assert asks_procedure("企业认定要交哪些申请材料？")
    assert asks_procedure("出差回来报销要提交哪些单据？")  # papers of a claim
    assert not asks_procedure("工作成果交给哪个部门审核？")  # work handed in, no papers
    assert asks_procedure("发现有人泄露客户资料，应该向哪个部门举报？")  # the office a report goes to
    assert not asks_procedure("发包方可以到哪个部门投诉？")  # a complaint: the remedy answers


def test_a_place_no_close_clause_mentions_is_refused(retriever):
    """The 2014 data name the US, the EU, Hong Kong and Japan; India and the Philippines are
    nowhere, so a question about them is about somewhere else (`kb/data/places.tsv`)."""
    from kb.answer import answer_question

    a = answer_question(retriever, "印度的服务外包产业规模有多大？")
    assert a.refused and "印度" in a.answer and a.nearest
    b = answer_question(retriever, "How large is India's IT outsourcing industry?")
    assert b.refused and "India" in b.answer
    c = answer_question(retriever, "美国和日本是我国主要的服务外包市场吗？")
    assert not c.refused and "日本" in c.answer
    from kb.gaps import absent_places

    assert absent_places(retriever, "依法国家机关可以调取保密信息吗", []) == []  # no 法国 here
    assert absent_places(retriever, "菲律宾呼叫中心", []) == ["菲律宾"]
    # a Chinese province or city: the national figures do not answer for it (苏州市: jieba's word)
    assert absent_places(retriever, "2014年杭州市有多少家服务外包企业", []) == ["杭州"]
    assert absent_places(retriever, "台湾地区服务外包企业的从业人员有多少人", []) == ["台湾"]
    assert absent_places(retriever, "how many vendors are there in Hangzhou", []) == ["Hangzhou"]
    # a country by its adjective ("Japanese clients", "Indian vendors")
    assert absent_places(retriever, "How big are Indian outsourcing vendors?", []) == ["Indian"]
    # a collective name takes its places in: 欧美 (金融外包 began there) speaks of 欧洲 and 美国
    d = answer_question(retriever, "金融外包最早出现在欧洲还是美国？")
    assert not d.refused


@pytest.mark.parametrize("sentence,states", [
    ("劳动者应当在三十日内提出", True),  # laws write their figures in Chinese numerals
    ("试用期不得超过二个月", True),
    ("处五千元以上五万元以下的罚款", True),
    ("2014年1至7月,我国共签订服务外包合同103584份", True),
    ("金融外包始于二十世纪70年代的欧美", True),  # a decade is a date
    ("用人单位应当按时足额支付劳动报酬", False),
])
def test_a_figure_is_recognised_as_laws_and_data_write_it(sentence, states):
    from kb.intent import carries

    assert carries(frozenset({"number", "time"}), sentence) is states


def test_a_length_of_time_or_a_comparison_the_documents_never_state_is_refused(retriever):
    """A yes-or-no question that puts forward a length of time ("最长不能超过五年", "within 72
    hours") no clause states cannot be confirmed; the asker's own ("我干了八年") is not put forward.
    Which of two is bigger or dearer needs figures of both: no clause compares the fees of two
    certification bodies, nor names the largest of the markets it lists."""
    from kb.answer import answer_question
    from kb.gaps import unknown_figures

    for q, said in (("保密协议里约定的保密期，规定有没有说最长不能超过五年？", "五年"),
                    ("Must a vendor notify the client within 72 hours after a data breach?",
                     "72 hours")):
        a = answer_question(retriever, q)
        assert a.refused and said in a.answer and a.nearest, q
    assert unknown_figures(retriever, "服务外包能力认证证书的有效期是不是三年？") == ["三年"]
    assert unknown_figures(retriever, "离职后两年内还要保密吗") == ["两年"]
    # a date, a span that points at the data's own (前7个月), 一年 as "a year", the asker's years
    for q in ("2014年前7个月服务外包合同金额是多少？", "服务外包信息保护的若干规定从哪一天开始施行？",
              "外包管理岗位的带薪年假一年有几天？", "14年1到7月一共签了几份外包合同",
              "我在苏州做法务八年了，想确认一下：若干规定出了争议由哪个部门管？",
              # a figure of the situation told before the question
              "去年外包费用超了20%，财务来找我们，外包岗位在成本方面有什么职责？"):
        assert unknown_figures(retriever, q) == [], q
    for q in ("中国信息安全认证中心和中金国盛认证中心，哪家的认证收费更便宜？",
              "美国和日本相比，哪个是我国更大的服务外包市场？",
              "IT外包考核里客户满意度的权重是不是比项目成本高？"):
        a = answer_question(retriever, q)
        assert a.refused and "数字" in a.answer, q
    # a page count no clause states; a revision the documents date nowhere (their 施行 is no 修订)
    for q in ("这份接包方信息保护若干规定印出来一共有几页？", "外包信息保护那个规定后来是哪一年修订的？"):
        a = answer_question(retriever, q)
        assert a.refused and "数字或日期" in a.answer, q
    # the page a part starts on is in the table of contents, after the heading: "7 服务安全 (24)"
    page = answer_question(retriever, "《服务外包能力要求》目录中“7 服务安全”从第几页开始？")
    assert not page.refused and "7 服务安全 (24)" in page.answer
    assert answer_question(retriever, "若干规定第五条在第几页？").refused  # it has no contents
    shares = answer_question(retriever, "ITO和BPO哪个占比更高？")  # the shares are stated
    assert not shares.refused and "52.1%" in shares.answer


def test_what_a_term_the_documents_only_abbreviate_covers_is_not_said(retriever):
    from kb.answer import answer_question

    # "知识流程外包(KPO)" is all the documents say of it: what it includes is not made up from that
    scope = answer_question(retriever, "知识流程外包KPO一般包括哪些具体业务，比如研发、数据分析？")
    assert scope.refused and "知识流程外包(KPO)" in scope.answer
    versus = answer_question(retriever, "知识流程外包（KPO）和业务流程外包（BPO）有什么区别？")
    assert versus.refused and "KPO" in versus.answer
    # its name is what is asked: answered
    name = answer_question(retriever, "KPO是什么的缩写？")
    assert not name.refused and "知识流程外包" in name.answer
    # compared with a document, which says what it covers itself: answered
    spec = answer_question(retriever, "这套认证规范跟已有的IT服务管理国标比,覆盖面上有什么不同?")
    assert not spec.refused


def test_a_law_the_knowledge_base_does_not_hold_is_refused_by_name(retriever):
    from kb.answer import answer_question

    a = answer_question(retriever, "网络安全法对外包企业有什么要求？")
    assert a.refused and "《网络安全法》" in a.answer
    b = answer_question(retriever, "《电子签名法》里怎么规定的？")
    assert b.refused and "《电子签名法》" in b.answer
    cited = answer_question(retriever, "若干规定是根据合同法制定的吗？")  # 第一条 cites 合同法
    assert not cited.refused and "合同法" in cited.answer
    # in English: a law whose Chinese name the glossary does not give, or no document mentions
    en = answer_question(retriever, "What does China's Personal Information Protection Law require?")
    assert en.refused and "Personal Information Protection Law" in en.answer
    known = answer_question(retriever, "Is the regulation based on the Contract Law?")
    assert not known.refused and "合同法" in known.answer
    # 劳动合同法 is not the 合同法 that 第一条 cites, though jieba cuts it 劳动 / 合同法
    labour = answer_question(retriever, "按劳动合同法，劳务派遣用工不能超过用工总量的多少？")
    assert labour.refused and "《劳动合同法》" in labour.answer
    # a misremembered title (its words in order in the 若干规定's) names that document; a law
    # that shares only some of them (个人信息保护法: 个人 is not in it) is another law
    misnamed = answer_question(retriever, "服务外包信息保护办法是从哪一天开始生效的？")
    assert not misnamed.refused and "2010年2月1日" in misnamed.answer
    other = answer_question(retriever, "个人信息保护法对外包有什么要求？")
    assert other.refused and "《个人信息保护法》" in other.answer
    # a law's 法 that jieba joins to the next word ("数据安全" "法会" "被"; 法会 is a ceremony)
    data = answer_question(retriever, "如果员工在家用自己的电脑处理客户资料，依数据安全法会被怎么处罚？")
    assert data.refused and "《数据安全法》" in data.answer
    # but 法务 is a whole word: a company's legal staff names no 公司法
    from kb.gaps import named_laws
    assert named_laws(retriever, "我是公司法务,想问知识产权归谁") == []
    assert named_laws(retriever, "公司法对外包有什么规定") == ["公司法"]
    # a two-word 办法 with nothing before to name it is a means, not a title ("另外商量好的保密办法");
    # one a longer name qualifies is still a title (数据出境安全 评估办法)
    assert named_laws(retriever, "我们和客户另外商量好的保密办法也算数吗？") == []
    assert named_laws(retriever, "数据出境安全评估办法适用于哪些情形？") != []
    # everyday words that end in 法 (讨说法, 有什么看法) name no law; 立法法 and 预算法 still do
    remedy = answer_question(retriever, "万一外包公司把客户的机密泄露出去了，客户能通过什么途径讨说法？")
    assert not remedy.refused and "仲裁" in remedy.answer
    from kb.gaps import unknown_laws
    assert unknown_laws(retriever, "对这个规定大家有什么看法") == []
    assert unknown_laws(retriever, "立法法规定了什么") == ["立法法"]
    assert unknown_laws(retriever, "预算法对外包有要求吗") == ["预算法"]
    # nor does a verb before 法规 / 法律 (属于 法规: no 属于法), and the question is answered
    assert unknown_laws(retriever, "这属于法律问题吗") == []
    banned = answer_question(retriever, "一家公司经营范围属于法规明令禁止的行业，还能申请做软件和服务外包吗？")
    assert not banned.refused and "不得从事软件和服务外包业务" in banned.answer
    # a preposition before 法定 or a law's name is no part of a name (除了法, 除了合同法)
    assert unknown_laws(retriever, "除了法定资格和经营能力之外，认定还要看哪些方面？") == []
    assert unknown_laws(retriever, "除了合同法，接包方还要遵守什么？") == []
    besides = answer_question(retriever, "除了法定资格和经营能力之外，认定市软件和服务外包企业还要看哪些方面？")
    assert not besides.refused and "项目管理" in besides.answer
    # a 法 a homophone typo put there (法包 for 发包) makes no 项目法
    assert unknown_laws(retriever, "企业为什么要把软件项目法包给外包企业") == []
    typo = answer_question(retriever, "企业为什么要把软件项目法包给外包企业")
    assert not typo.refused and any("专注核心竞争力业务" in c.text for c in typo.citations)
    # a law a clause only cites: its date, body or figures are not what the closest clauses state
    when = answer_question(retriever, "《中华人民共和国合同法》是哪一年由哪个机关通过的？")
    assert when.refused and "《中华人民共和国合同法》" in when.answer and "2014" not in when.answer


def test_the_answer_quotes_the_sentence_that_holds_the_fact(retriever):
    """A question about one dated event of the long 标准制定过程 clause quotes that event's
    sentence, whatever jieba makes of 昆山花桥."""
    from kb.answer import answer_question

    a = answer_question(retriever, "项目组哪个月去的花桥调研？")
    assert not a.refused
    assert "2013年12月,对江苏昆山花桥经济开发区" in a.statements[0].text + a.statements[1].text


def test_a_comparison_with_something_never_mentioned_is_refused(retriever):
    """"A和B有什么区别" needs both: when the knowledge base never mentions one side (近岸外包:
    近岸 is in no clause, nor the documents' wording for it), no clause can compare them; two sides
    it has are compared as before."""
    from kb.answer import answer_question

    a = answer_question(retriever, "离岸外包和近岸外包在成本上有什么不同？")
    assert a.refused and "近岸外包" in a.answer and "无法比较" in a.answer and a.nearest
    b = answer_question(retriever, "服务外包能力要求与GB/T 24405.1有什么不同？")
    assert not b.refused and "24405.1" in b.answer
    # 相比 and its like stand between a side and the question word, and are no part of the side
    for q in ("服务外包能力要求与GB/T24405.1-2009国家标准相比有什么不同？",
              "服务外包能力要求和现有国家标准比起来，有何不同？",
              "这个认证规范跟国标ISO 20000那套相比，区别在哪？"):  # 那套 points, names nothing
        compared = answer_question(retriever, q)
        assert not compared.refused and "在现有国家标准基础上" in compared.answer, q
    c = answer_question(retriever, "信息技术外包和业务流程外包有什么区别？")
    assert not c.refused
    # a side jieba cuts into single characters (众 包) is still a side the documents never name
    d = answer_question(retriever, "众包与离岸外包有什么差别？")
    assert d.refused and "众包" in d.answer and "无法比较" in d.answer
    # a side in everyday words the thesaurus rewords (国标 is 国家标准) is a side the documents have
    e = answer_question(retriever, "这套规范和现行国标有什么区别？")
    assert not e.refused
    assert any("现行标准的关系" in c.heading for c in e.citations + e.related[:2])


def test_the_meaning_of_a_term_never_mentioned_is_refused_by_name(retriever):
    """"X是啥意思", "什么是X": when no clause mentions X whole and one of its words appears nowhere
    (驻场 of 驻场开发), no clause can define it; a word the thesaurus rewords (甲方 is 发包方) and a
    term the documents define are answered."""
    from kb.gaps import undefined_terms

    a = answer_question(retriever, "外包里常说的驻场开发到底是什么意思？")
    assert a.refused and "驻场开发" in a.answer and a.nearest
    assert undefined_terms(retriever, "什么是众包") == ["众包"]
    assert undefined_terms(retriever, "甲方是什么意思") == []
    assert undefined_terms(retriever, "服务外包能力要求的适用范围是什么？") == []  # no meaning asked
    assert not answer_question(retriever, "离岸外包是啥意思").refused
    # the cue's adverb is no term ("这个到底是啥意思": 到底 is not what is asked about)
    assert undefined_terms(retriever, "大家老说离岸外包，这个到底是啥意思呀？") == []
    assert undefined_terms(retriever, "众包到底是啥意思？") == ["众包"]


def test_a_count_of_things_the_knowledge_base_never_names_is_refused(retriever):
    """"多少家呼叫中心": no clause names a 呼叫中心, so none can count them, whatever numbers the
    closest clauses hold; a count of what they do name (服务外包企业) is answered."""
    from kb.answer import answer_question
    from kb.gaps import uncounted_things

    a = answer_question(retriever, "全国一共有多少家呼叫中心？")
    assert a.refused and "呼叫" in a.answer and a.nearest
    b = answer_question(retriever, "截至2014年7月底全国有多少家服务外包企业？")
    assert not b.refused and "26587" in b.answer
    assert uncounted_things(retriever, "精通几个业务方向") == ("", [])  # 几个: a few, not a count
    # the count after the thing; where it is counted (全国) is not the thing
    c = answer_question(retriever, "全国的服务外包示范城市一共有多少个？")
    assert c.refused and "城市" in c.answer
    assert not answer_question(retriever, "截至2014年7月底,全国服务外包企业有多少家?").refused
    # a share or a head count of people the documents never name (硕士: they count 大学(含大专)以上)
    d = answer_question(retriever, "服务外包从业人员里硕士及以上学历的占比是多少？")
    assert d.refused and "硕士及以上学历" in d.answer
    assert uncounted_things(retriever, "从业人员中女性有多少人？")[1] == ["女性"]
    e = answer_question(retriever, "服务外包从业人员里大学以上学历的比例是多少？")
    assert not e.refused and "66.7%" in e.answer
    # a count's words that are not its name (三类, 各自), and everyday words for the documents' ones
    assert uncounted_things(retriever, "ITO、KPO、BPO三类业务各自占比是多少?") == ("", [])
    assert uncounted_things(retriever, "全国外包行业里干活的一共有多少人?") == ("", [])
    # 这行 ("this line of work") points back; it names nothing to count
    assert uncounted_things(retriever, "全国的外包企业有几家，干这行的有多少人？") == ("", [])


def test_a_value_of_something_the_knowledge_base_never_names_is_refused(retriever):
    """"机房的温度湿度标准是多少": no clause speaks of 温度 or 湿度, so no figure can be theirs,
    whatever numbers the closest clauses hold. What the value is (标准要求, 比例, 编号和年份) is not
    blamed, and a value of what the documents name is answered."""
    from kb.gaps import unmeasured_things

    a = answer_question(retriever, "数据中心机房的温度湿度标准要求是多少？")
    assert a.refused and "温度、湿度" in a.answer and a.nearest
    # the value's own word is blamed too when no document has it (湿度), unless it names a figure
    # as such (标准要求, 比例, 编号和年份)
    assert unmeasured_things(retriever, "机房的温度湿度要在多少")[1] == ["温度", "湿度"]
    assert unmeasured_things(retriever, "那个现行国家标准,编号和年份是多少?") == ("", [])
    assert unmeasured_things(retriever, "服务外包从业人员里大学以上学历的比例是多少？") == ("", [])
    b = answer_question(retriever, "2014年1至7月服务外包合同金额是多少？")
    assert not b.refused and "596.5" in b.answer


def test_a_figure_the_closest_clauses_state_of_something_else_is_refused(retriever):
    """A count or an amount is not answered by the date an event is told under (2013年4月 is no
    缺陷率). A value no document has a word for (产值) is named; a word for a figure as such
    (百分比, 年份) is not blamed."""
    from kb.gaps import unmeasured_things

    assert answer_question(retriever, "软件验收时缺陷率超过多少算不合格？").refused
    a = answer_question(retriever, "昆山花桥经济开发区服务外包产业的产值是多少？")
    assert a.refused and "产值" in a.answer
    assert unmeasured_things(retriever, "从业人员里大学以上学历人员的百分比是多少") == ("", [])
    assert unmeasured_things(retriever, "那个现行国家标准的编号和年份是多少") == ("", [])
    # a limit a rule sets ("超过多少需要审核") is no total the 2014 data state, and a table of
    # contents' section numbers and pages (6.1 需求管理 (16)) are no figure
    assert answer_question(retriever, "外包合同金额超过多少需要先交给法务部门审核？").refused
    assert answer_question(retriever, "外包服务商客户满意度低于多少分时会被解约？").refused
    # a share in points charged (收几个点) is a rate no clause states
    assert answer_question(retriever, "转包给分包商的话，管理费一般收几个点？").refused
    # a number of grades (几个密级) asks a figure no clause states
    assert answer_question(retriever, "保密资料一般分几个密级？").refused
    b = answer_question(retriever, "截至2014年7月底全国有多少家服务外包企业？")
    assert not b.refused and "26587" in b.answer


def test_a_choice_between_tools_no_document_names_is_refused(retriever):
    """"A还是B" between names in Latin letters that no clause mentions (Jira, Trello): no clause
    can say which. A choice between what the documents name (ITO, BPO) is answered."""
    a = answer_question(retriever, "项目进度用Jira还是Trello跟踪？")
    assert a.refused and "Jira、Trello" in a.answer
    b = answer_question(retriever, "服务外包业务是只指ITO，还是ITO和BPO都算？")
    assert not b.refused and "ITO" in b.answer
    # in English: two capitalised names around "or"; Word and Excel are written in a clause
    c = answer_question(retriever, "Which tool we should use for vulnerability scan, Nessus or Qualys?")
    assert c.refused and "never mentions Nessus, Qualys" in c.answer
    d = answer_question(retriever, "Should business outsourcing staff be good at Word or Excel?")
    assert not d.refused and "Word、Excel" in d.answer


def test_a_quiz_question_is_asked_by_its_stem_not_by_its_distractors():
    """Options lettered from A after the question are choices offered, not what is asked; a
    clause number (附录C.8), appendix names (附录A、附录B) and a choice in the sentence are not."""
    from kb.query import quiz_stem
    assert quiz_stem("信息保护规定由谁解释？A. 国务院 B. 商务部、工业和信息化部 C. 国家认监委") == \
        "信息保护规定由谁解释？"
    assert quiz_stem("下列属于ITO的是(A)软件研发(B)人力资源管理(C)呼叫中心") == "下列属于ITO的是"
    assert quiz_stem("Which office tool? A. Word B. SAP") == "Which office tool?"
    for q in ("附录C.8讲什么", "能力要求的附录A、附录B、附录C有什么区别", "选A.还是B.",
              "只有A. 一项选项的题目"):
        assert quiz_stem(q) == q


def test_a_quiz_option_naming_what_no_document_holds_does_not_refuse_the_question(retriever):
    """A distractor may name a city, a product or a figure no clause mentions; the stem decides
    whether the question is answerable, and the options still help find the clause."""
    from kb.query import quiz_stem
    a = answer_question(retriever, "单选：商务部、工业和信息化部的信息保护规定里，接包方与员工签订什么协议？"
                                   "A. 上海户口承诺书 B. 竞业禁止协议 C. SAP使用许可 D. 三年服务期合同")
    assert not a.refused and a.citations[0].clause == "第六条", a.answer
    # the stem alone still refuses what the documents do not hold
    b = answer_question(retriever, "GDPR规定的罚款上限是多少？A. 2% B. 4% C. 6%")
    assert b.refused
    # the options are searched for, not asked: a heading an option names is not the list the
    # position is asked of ("第2类" of the four kinds, not the 2nd item of 4. 沟通和合作能力评估)
    q = retriever.query("IT外包考核标准的四类考核里第2类是哪个？A. 绩效考核 B. 沟通和合作能力评估 "
                        "C. 技术能力评估 D. 风险管理评估")
    assert q.normalized == "IT外包考核标准的四类考核里第2类是哪个?" and "沟通和合作能力评估" in q.keyword_text
    c = answer_question(retriever, q.text)
    assert c.citations[0].clause.startswith("2."), c.answer
    # the answer says which option the quoted clause has in its words (some, not all of them)
    assert a.answer.startswith("选项B（竞业禁止协议）与下面引用的条款原文相符"), a.answer
    # options that are figures ("A.26587家") are options, not clause numbers, three in order
    d = answer_question(retriever, "截至2014年7月底，我国共有服务外包企业多少家？ A．26587家 B．10358家 "
                                   "C．58140家")
    assert not d.refused and d.answer.startswith("选项A（26587家）"), d.answer
    assert quiz_stem("附录C.8和附录B.2分别是什么") == "附录C.8和附录B.2分别是什么"


def test_a_quiz_blank_where_a_figure_goes_asks_for_the_figure(retriever):
    """"每____个月", "不少于____学时": a blank before a unit or after 每 / 不少于 asks a figure; a
    clause with no figure does not fill it. A blank the data fill is answered."""
    a = answer_question(retriever, "填空：接包方每____个月要给员工做一次保密培训。")
    assert a.refused and "数字或日期" in a.answer
    b = answer_question(retriever, "填空：截至2014年7月底，我国共有服务外包企业____家。")
    assert not b.refused and "26587家" in b.answer


def test_a_law_the_question_is_framed_by_is_asked_about(retriever):
    """"依据《数据安全法》，…" asks what that law requires, not what a document is based on: a law
    the knowledge base lacks is refused by name. The regulation's own basis is still answered."""
    a = answer_question(retriever, "依据《数据安全法》，服务外包企业向境外客户提供数据前要做哪些评估？")
    assert a.refused and "《数据安全法》" in a.answer
    b = answer_question(retriever, "若干规定是依据哪部法律制定的？")
    assert not b.refused and b.citations[0].clause == "第一条"


def test_what_a_message_tells_besides_what_it_asks_is_not_asked(retriever):
    """A pasted message (a chat message, an email, a contract note) asks in some sentences and
    tells in others: a figure, a product or a clause number it tells of refuses nothing and is not
    looked up; a sentence that asks needs the one before it when it names too little itself."""
    from kb.query import asked_sentences
    msg = "组长微信:上季度青岛那个项目超了30万。外包管理岗在成本方面的职责怎么写的?周四前给我。"
    assert asked_sentences(msg) == "外包管理岗在成本方面的职责怎么写的?"
    assert asked_sentences("第五条讲什么?") == "第五条讲什么?"  # short: as is
    a = answer_question(retriever, "市场部在写白皮书，初稿里写着离岸合同金额是800亿美元，我觉得不对。"
                                   "2014年1至7月，信息技术外包占比到底是多少？PPT明天就要交。")
    assert not a.refused and a.citations[0].doc_title.startswith("服务外包业务相关数据"), a.answer
    b = answer_question(retriever, "合同草稿第8.2条写着乙方须遵守《关于境内企业承接服务外包业务信息保护的"
                                   "若干规定》。法务问：接包方违反保密协议时发包方可以怎么维权？这周要回复客户。")
    assert not b.refused and b.citations[0].clause == "第十条", b.answer
    # what it points back at is part of the question ("这样做" is taking the client's data along)
    q = retriever.query("我们公司接了一个海外客户的项目，同事想把客户给的资料拿到另一个项目里参考。"
                        "这样做有没有问题？")
    assert q.asked == q.normalized
    # and what the message asks is still refused when the documents do not answer it
    c = answer_question(retriever, "HR群消息：下周有三个新人入职，工牌已经做好了。外包员工的试用期"
                                   "最长可以约定几个月？培训室记得订。")
    assert c.refused


def test_a_message_asking_two_things_is_answered_for_the_one_a_clause_answers(retriever):
    """"…有什么要求？候选人会用WPS，这个算不算？": WPS belongs to the second question; the first is
    answered by a clause that says its words. When the other question is not answered either, the
    name still refuses."""
    a = answer_question(retriever, "面试官问：业务外包岗位对办公软件有什么要求？候选人说他会用WPS和石墨"
                                   "文档，这个算不算？另外薪资下周再谈。")
    assert not a.refused and "办公软件" in a.answer, a.answer
    b = answer_question(retriever, "台湾的外包公司可以申请市软件和服务外包企业认定吗？政府给不给补贴？")
    assert b.refused and "台湾" in b.answer


def test_a_clause_of_a_law_or_standard_the_knowledge_base_lacks_is_not_its_own(retriever):
    """"网络安全法第五条" is not the regulation's 第五条, "GB/T24405.1的6.7" not the standard's
    6.7: the question names the law or the standard the clause belongs to. A clause of a document
    the knowledge base holds is still looked up."""
    a = answer_question(retriever, "网络安全法第五条规定了什么？")
    assert a.refused and "《网络安全法》" in a.answer and not a.citations
    b = answer_question(retriever, "GB/T 22239-2019的6.7是什么要求")
    assert b.refused and "GB/T 22239-2019" in b.answer
    # a standard the documents cite: they hold none of its text
    c = answer_question(retriever, "ISO/IEC 27001:2013附录A一共有多少个控制项？")
    assert c.refused and "只提到ISO/IEC 27001:2013" in c.answer and "附录A" in c.answer
    d = answer_question(retriever, "What does Article 5 of the Cybersecurity Law say?")
    assert d.refused and "Cybersecurity Law" in d.answer
    # the code, then the clause with 第 ("ISO/IEC 20000-1 第4.3条")
    f = answer_question(retriever, "ISO/IEC 20000-1 第4.3条 服务管理体系要求")
    assert f.refused and "只提到ISO/IEC 20000-1" in f.answer
    e = answer_question(retriever, "服务外包能力要求的6.7是什么")
    assert not e.refused and e.citations[0].via == "lookup"
    # ISO/IEC 27001 is the ISO27001 the documents write
    assert retriever.store.mentions_code("ISO/IEC 27001")


def test_a_standard_named_by_a_code_no_clause_has_is_refused(retriever):
    """ISO 22301 is in no document; ISO27001 and GB/T 24405.1 are (as ISO27001/BS7799 and
    GB/T24405.1-2009: spaces and slashes aside)."""
    from kb.answer import answer_question

    a = answer_question(retriever, "接包方要不要做ISO 22301业务连续性认证？")
    assert a.refused and "ISO 22301" in a.answer
    assert not answer_question(retriever, "ISO 27001是什么认证？").refused
    assert retriever.store.mentions_code("GB/T 24405.1") and retriever.store.mentions_code("iso 20000")


def test_a_month_the_closest_clauses_do_not_cover_is_refused(retriever):
    """The 2014 data cover 1至7月 and 7月底: 2014年8月 is not among them (2013年8月, a month of
    the drafting timeline, is another year's); 2014年7月底 is."""
    from kb.answer import answer_question
    from kb.gaps import absent_month

    a = answer_question(retriever, "2014年8月全国签订了多少份服务外包合同？")
    assert a.refused and "2014年8月" in a.answer
    assert absent_month("2014年5月的合同金额", [c.text for c in a.nearest]) == ""  # in 1至7月
    assert not answer_question(retriever, "2014年7月底全国有多少家服务外包企业？").refused
    # in English: a month by its name (August 2014, Sept. 2014); a span (January to July) is none
    en = answer_question(retriever, "How many outsourcing contracts were signed in September 2014?")
    assert en.refused and "September 2014" in en.answer
    assert absent_month("contract value in Aug. 2014", [c.text for c in a.nearest]) == "August 2014"
    # a span of months is a sum: one beyond the data (8至12月) or inside their span (3至5月 of
    # 1至7月) is not stated; the span the data state is
    b = answer_question(retriever, "2014年8月到12月我国服务外包合同金额是多少?我在写年度总结")
    assert b.refused and "2014年8至12月" in b.answer
    assert absent_month("2014年3-5月签了多少份合同", [c.text for c in a.nearest]) == "2014年3至5月"
    assert absent_month("2014年1-7月签了多少份合同", [c.text for c in a.nearest]) == ""
    assert absent_month("contract value from January to July 2014", [c.text for c in a.nearest]) == ""
    # July alone (单月, 当月) is not 1至7月 nor 截至7月底: the data sum months up to it
    alone = answer_question(retriever, "2014年7月单月签订了多少份服务外包合同？")
    assert alone.refused and "截至2014年7月的累计数据" in alone.answer


def test_a_list_of_places_no_clause_names_is_refused(retriever):
    """"示范城市有哪些": the 编制说明 names a 国家示范区 in one sentence and 昆山花桥 (a survey) in
    another; no sentence names a place while speaking of 示范, so there is no list to give. The
    markets question is answered: its sentence names 美国、欧盟 and says 主要 … 市场."""
    from kb.answer import answer_question

    a = answer_question(retriever, "全国的服务外包示范城市都有哪些？")
    assert a.refused and "地方" in a.answer
    b = answer_question(retriever, "我国服务外包的主要市场有哪些？")
    assert not b.refused and "美国、欧盟" in b.answer


def test_a_clients_country_is_the_situation_not_the_subject(retriever):
    """"接了一个日本客户的项目…对方可以怎么追究我们": the regulation covers clients 境内外, so 日本
    before 客户 is no place the answer must be about; "日本的服务外包企业有多少家" still is."""
    from kb.answer import answer_question

    a = answer_question(retriever, "我们公司刚接了一个日本客户的项目，万一我们这边把人家的资料泄露出去了，"
                                   "对方可以怎么追究我们？")
    assert not a.refused and "仲裁" in a.answer
    b = answer_question(retriever, "日本的服务外包企业有多少家？")
    assert b.refused and "日本" in b.answer
    # a place said only in the situation before the asking words (想问一下 …) is not the subject;
    # one the question itself points back to (那边) still is
    c = answer_question(retriever, "我们公司刚接了一个日本的单子，对方对数据安全特别敏感，想问一下按国内的规定，"
                                   "存客户资料的电脑应该做到哪些要求？")
    assert not c.refused and "身份认证" in c.answer
    d = answer_question(retriever, "我们在日本有分公司，想问一下那边的外包企业要遵守什么规定？")
    assert d.refused and "日本" in d.answer


@pytest.mark.parametrize("question,says", [
    ("我前几年在杭州一家外包公司做测试,客户是德国的,他们发过来的资料是不是全都得保密?到底什么样的东西才算要保密的?",
     "不为公众知悉"),
    ("我们老板是新加坡人,他担心要是我们不小心把客户的机密漏出去了,人家客户那边有什么办法追究我们?", "仲裁"),
    ("我2021年才入职,听同事说那个接包方信息保护的规定挺老的,它是从哪天开始实行的?", "2010年2月1日"),
    ("我老家武汉的,在读研,导师让查:截至2014年7月底全国有多少家服务外包企业?", "26587"),
    ("我今年28岁,在青岛做行政,想转去做业务外包的岗位,电脑上得会用哪些软件?", "Excel"),
    ("my boss is from Japan, who interprets the regulation?", "商务部"),
    ("作为2022年入职的新人，外包岗位要求什么学历？", "本科"),
])
def test_the_askers_own_city_or_year_is_the_situation_not_the_subject(retriever, question, says):
    """A user who tells of themselves first (我…在青岛, 我2021年才入职, 客户是德国的) asks about
    something else: the clauses that tell of the asker and ask nothing do not make the question
    one about that place or year."""
    from kb.answer import answer_question

    a = answer_question(retriever, question)
    assert not a.refused and says in a.answer, a.answer


def test_a_place_or_year_the_question_asks_about_is_still_refused_after_a_self_introduction(
        retriever):
    """The place or year the asking clause names is what the question is about, whatever the
    asker said of themselves first; a place the data count in a market (美国市场) is a place."""
    from kb.answer import answer_question

    for q, says in (("我在苏州上班，2014年苏州有多少家服务外包企业？", "苏州"),
                    ("我们客户大部分是美国的,2014年1至7月来自美国市场的服务外包合同金额有多少?", "美国"),
                    ("我们在日本有分公司，想问一下那边的外包企业要遵守什么规定？", "日本"),
                    ("2014年1至7月，我们承接日本客户的离岸外包合同金额是多少？", "日本"),
                    # a supposed case is what is asked about, not the asker's story
                    ("假如深圳市商务局来检查我们的信息保护工作，我们得提前准备哪些材料？", "深圳"),
                    # what comes before 请问 tells of no one here: it is the question's subject
                    ("苏州的外包企业，请问一共有多少家？", "苏州")):
        a = answer_question(retriever, q)
        assert a.refused and says in a.answer, q


def test_a_place_must_be_in_the_clause_that_answers(retriever):
    """江苏 is in the drafting timeline (a visit to 花桥), not in the national figures that answer
    a question about contract sums: the question about 江苏's sums is refused."""
    from kb.answer import answer_question

    a = answer_question(retriever, "2014年1至7月江苏省服务外包合同金额是多少？")
    assert a.refused and "江苏" in a.answer
    assert not answer_question(retriever, "项目组在江苏昆山花桥做了什么调研？").refused


def test_a_figure_must_be_of_the_place_body_or_year_the_question_names(retriever):
    """The 2014 data count all firms (26587家), not Hong Kong's (香港 is in the sentence on
    markets, which states no count); CESI's founding year (1963) is not 中金国盛认证中心's; the
    drafting timeline's 2013 holds no head count, nor its visit to 花桥 a count of firms there.
    Each is refused by what it names; the figure of the body or year a sentence does state is
    answered."""
    from kb.answer import answer_question

    for q, names in (("香港本地的服務外包企業一共有多少家?", "香港"),
                     ("中国香港 服务外包 市场 占比 多少", "香港"),  # jieba keeps 中国香港 whole
                     ("中金国盛认证中心是哪一年成立的？", "中金国盛认证中心"),
                     ("2013年1至7月全国服务外包从业人员有多少万人?", "2013年"),
                     ("2013年我国服务外包从业人员总数是多少？", "2013年"),
                     # a count of firms (多少家) is not the timeline's date of a visit there
                     ("花桥经济开发区一共入驻了多少家服务外包企业？", "花桥经济开发区"),
                     ("How many employees does CESI have?", "CESI"),
                     # a body named in English, by the glossary's Chinese name for it
                     ("How many employees does the China Electronics Standardization Institute "
                      "have?", "中国电子技术标准化研究院"),
                     ("In which year was the Kunshan Huaqiao Economic Development Zone "
                      "established?", "昆山花桥经济开发区")):
        a = answer_question(retriever, q)
        assert a.refused and names in a.answer and a.nearest, (q, a.answer)
    b = answer_question(retriever, "中国电子技术标准化研究院是哪一年创建的？")
    assert not b.refused and "1963" in b.answer
    assert "581.4" in answer_question(retriever, "2014年服务外包从业人员有多少万人？").answer
    assert "1963" in answer_question(
        retriever, "When was the China Electronics Standardization Institute founded?").answer
    # 八部委 is a count (of ministries) in the sentence that names the centre
    assert "八部委" in answer_question(
        retriever, "How many government ministries or commissions authorized the China "
        "Information Security Certification Center?").answer


def test_a_figure_of_what_another_sentence_figures_is_not_the_figure_next_door(retriever):
    """The 2014 data count all contracts (103584份) and give 离岸 contracts' sum, not their count;
    they give all contracts' growth (34.4%) and KPO's share, not KPO's growth; the IT assessment
    names its items and no weights. Each is refused; a figure the same sentence states with the
    word asked about is answered."""
    from kb.answer import answer_question

    for q, says in (("2014年1至7月承接的国际离岸服务外包合同有多少份？", "离岸"),
                    ("2014年1至7月知识流程外包(KPO)的合同金额同比增长了多少？", "知识流程外包"),
                    ("ITO考核各项指标权重怎么分 绩效占几成", "数字")):
        a = answer_question(retriever, q)
        assert a.refused and says in a.answer, (q, a.answer)
    for q, figure in (("1到7月知识流程外包在三类业务里占的比例是多少？", "33.5%"),
                      ("2014年1至7月离岸服务外包合同金额多少", "391.9")):
        a = answer_question(retriever, q)
        assert not a.refused and figure in a.answer, (q, a.answer)


def test_a_lower_clause_s_other_figure_does_not_blame_the_question_s_words(retriever):
    """"负责起草的项目组什么时候成立": the 编制说明's drafting history states 2013年5月 for the
    项目组; the drafters' clause below it says 负责 beside a figure of its own (CESI's 1963). Only
    the best clause stating the date speaks for the question, so 负责 is not blamed and the date is
    answered (it was refused as "no figure of 负责")."""
    from kb.answer import answer_question

    a = answer_question(retriever, "负责起草的项目组什么时候成立")
    assert not a.refused and "2013年5月" in a.answer, a.answer


def test_whether_a_rule_requires_and_how_much_is_answered_by_the_rule_without_a_figure(retriever):
    """"有没有要求？要多少人？" asks two things: the certification conditions require 一定数量和质量
    的技术人员 and give no head count, so the rule is quoted and the answer says no figure is given
    (it was refused as "no figure"). A rule no close clause speaks of (外语) is still refused, and a
    question that only asks the figure still needs one."""
    from kb.answer import answer_question
    from kb.intent import asks_rule_and_figure
    from kb.segment import normalize

    assert asks_rule_and_figure(normalize("认定服务外包企业对技术人员有没有要求？要多少人？"))
    assert asks_rule_and_figure(normalize("对以前的工作履历有什么说法,要多少年经验?"))
    assert not asks_rule_and_figure(normalize("干外包岗位要求有几年相关工作经验？"))
    assert not asks_rule_and_figure(normalize("对技术人员有什么要求"))
    # how the standard weighs it, beside a span: the criterion answers (响应速度和质量), no span
    assert asks_rule_and_figure(normalize("外包商出了问题多久能给回音，考核里是怎么看的？"))
    assert not asks_rule_and_figure(normalize("考核是怎么看的"))
    reply = answer_question(retriever, "外包商出了问题多久能给回音，考核里是怎么看的？")
    assert not reply.refused and "响应速度和质量" in reply.answer
    assert "没有给出具体数字" in reply.answer
    a = answer_question(retriever, "认定那块对技术人员有硬性要求吗 要多少人")
    assert not a.refused and "一定数量和质量的技术人员" in a.answer
    assert "没有给出具体数字" in a.answer
    assert answer_question(retriever, "业务外包岗位对外语有要求吗？英语要过几级？").refused
    assert not answer_question(retriever, "外包岗位对学历有什么要求").answer.count("没有给出具体数字")


def test_a_phone_number_address_or_salary_no_clause_states_is_refused(retriever):
    """A telephone number, an address, a salary range or a fine are figures too: the closest
    clauses (the body's description, the job's requirements, the regulation) state none. "打电话来
    投诉" asks for no telephone number."""
    from kb.answer import answer_question

    for q in ("中国信息安全认证中心的办公地址和咨询电话是什么?",
              "外包岗位的月薪一般在什么范围,试用期工资打几折?",
              "What is the maximum fine in RMB that the regulation imposes on a vendor who leaks "
              "a client's confidential data?"):
        assert answer_question(retriever, q).refused, q
    assert not answer_question(retriever, "客户打电话来投诉,我们做外包服务的人应该怎么处理?").refused


def test_a_date_must_be_of_the_event_the_question_names(retriever):
    """"哪一年成立的" asks when a body was founded: the standard's cover (2XXX-XX-XX发布 … 北京赛西认证
    有限责任公司) dates its issue, not the company's founding; a question about when the project
    team was founded meets "2013年5月,正式成立认证规范编写项目组", and one about 施行, 第十五条."""
    from kb.answer import answer_question

    assert answer_question(retriever, "北京赛西认证有限责任公司是哪一年成立的？").refused
    assert "2013年5月" in answer_question(retriever, "认证规范编写项目组是什么时候成立的？").answer
    assert "2010年2月1日" in answer_question(retriever, "若干规定什么时候开始施行？").answer


def test_a_permit_or_payment_of_a_kind_no_document_mentions_is_refused(retriever):
    """"需要办理哪种工作签证": no document mentions a 签证 (签 alone is the thesaurus's 签订), so none
    can say which; a salary (起薪) and a registered capital asked in English are figures no clause
    states."""
    from kb.answer import answer_question

    a = answer_question(retriever, "外籍工程师来华参与外包项目需要办理哪种签证？")
    assert a.refused and "签证" in a.answer and a.nearest
    for q in ("外包专员岗位的起薪具体是每月多少元？",
              "What is the minimum registered capital, in RMB, for recognition as a municipal "
              "software and service outsourcing enterprise?"):
        assert answer_question(retriever, q).refused, q
    # a kind the documents do name (证书: 认证证书) is searched, not refused
    assert not answer_question(retriever, "外包岗位需要考什么证书").refused
    # 补贴 (a subsidy) is no word of the documents and the thesaurus does not make it one: their
    # 政策优惠和扶持措施 are not a list of subsidies
    b = answer_question(retriever, "外包企业能申请哪些补贴？")
    assert b.refused and "补贴" in b.answer


def test_an_acronym_or_a_figure_no_clause_mentions_is_refused_by_name(retriever):
    """PMP and 15% appear in no clause: the knowledge base can neither confirm nor deny them. An
    acronym the glossary gives Chinese for (NDA: 保密协议) and a figure a clause states are
    asked about."""
    from kb.answer import answer_question

    a = answer_question(retriever, "外包岗位规范是不是要求必须持有PMP证书？")
    assert a.refused and "PMP" in a.answer
    b = answer_question(retriever, "被认定后能不能按合同额的15%领奖励？")
    assert b.refused and "15%" in b.answer
    assert not answer_question(retriever, "新员工入职要签NDA吗？").refused
    share = answer_question(retriever, "1至7月ITO的占比是52.1%吗？")
    assert not share.refused and "52.1%" in share.answer


def test_a_figure_the_named_clause_does_not_state_is_not_made_up_from_it(retriever):
    """"第十条…仲裁得在多长时间内提出": 第十条 names no time limit; the clause is shown as the
    nearest, the answer says it has no such figure. A date the named clause states is answered."""
    from kb.answer import answer_question

    a = answer_question(retriever, "信息保护规定第十条说客户可以申请仲裁，那仲裁得在发现泄密后多长时间内提出来？")
    assert a.refused and "第十条" in a.answer and a.nearest[0].clause == "第十条"
    b = answer_question(retriever, "若干规定第十五条规定从哪天开始施行？")
    assert not b.refused and "2010年2月1日" in b.answer


def test_an_english_year_no_close_clause_has_is_refused(retriever):
    from kb.answer import answer_question

    a = answer_question(retriever, "How many people were employed in China's service outsourcing "
                                   "industry at the end of 2015?")
    assert a.refused and "2015" in a.answer and "年" not in a.answer


def test_a_neighbouring_field_the_documents_do_not_cover_is_refused_by_name(retriever):
    """个人所得税, 劳务派遣, 高新技术企业: topics of tax, labour and other certifications
    (`kb/data/neighbours.txt`) that no clause mentions; 社保 is covered (the job specifications'
    五险一金), so the benefits question is answered."""
    from kb.answer import answer_question
    from kb.gaps import neighbouring_topics

    a = answer_question(retriever, "外包员工的个人所得税由谁代扣代缴？")
    assert a.refused and "个人所得税" in a.answer and "、所得税" not in a.answer  # the longest
    assert neighbouring_topics(retriever, "服务外包企业申请高新技术企业认定需要满足哪些条件") == ["高新技术企业"]
    assert neighbouring_topics(retriever, "外包岗位交不交社保公积金？能休年假吗？") == []
    # what the asker says they are ("我们是…一家保险公司") is where they work, unless asked about
    assert neighbouring_topics(retriever, "我们是天津一家保险公司，BPO一般会把哪些职能转给供应商？") == []
    assert neighbouring_topics(retriever, "我是做劳务派遣的，劳务派遣用工比例有上限吗") == ["劳务派遣"]
    b = answer_question(retriever, "加密软件出口给国外客户，要申请两用物项出口许可证吗？")
    assert b.refused and "出口管制" in b.answer
    assert not answer_question(retriever, "外包岗位交不交社保公积金？能休年假吗？").refused
    # in English, a topic's words whole and in any case: "visa", not "advisable"
    assert neighbouring_topics(retriever, "Which work Visa do our engineers need?") == ["visa"]
    # a topic that only glosses what the question says in words of its own is not asked about
    assert neighbouring_topics(retriever, "Some BPO contracts are paid by service level (SLA) — "
                               "what is the vendor's income linked to?") == []
    assert neighbouring_topics(retriever, "Is response time (like an SLA) assessed?") == []
    assert neighbouring_topics(retriever, "What SLA penalties apply to vendors?") == ["SLA"]
    assert neighbouring_topics(retriever, "Is it advisable to outsource IT?") == []
    # an English word beside Chinese has its edges too (\b sees none between 的 and v)
    assert neighbouring_topics(retriever, "同事要去日本客户现场onsite，需要办什么类型的visa？") == ["visa"]
    assert neighbouring_topics(retriever, "认定以后每年能拿多少subsidy") == ["subsidy"]
    assert neighbouring_topics(retriever, "是不是必须签无固定期限的劳动合同？") == ["无固定期限", "劳动合同"]
    # moonlighting and ending a contract are labour questions too
    assert neighbouring_topics(retriever, "外包员工周末能不能去别家兼职？") == ["兼职"]
    assert neighbouring_topics(retriever, "Is moonlighting allowed for outsourcing staff?") == [
        "moonlighting"]
    # technologies the documents predate
    assert neighbouring_topics(retriever, "发包方的数据放在公有云上，还要满足哪些云安全要求？") == [
        "公有云", "云安全"]
    assert neighbouring_topics(retriever, "Can staff paste client data into AI chatbots?") == ["chatbots"]
    assert neighbouring_topics(retriever, "can they let me go without paying severance?") == [
        "severance"]
    # other regulated sectors and their regulators; 银行 and 金融机构 are in the documents
    a = answer_question(retriever, "银保监会对银行信息科技外包的风险监管有哪些具体要求？")
    assert a.refused and "银保监会" in a.answer and "其他行业监管" in a.answer
    assert neighbouring_topics(retriever, "医疗器械经营企业备案需要满足哪些条件？") == ["医疗器械"]
    assert neighbouring_topics(retriever, "银行的金融外包有哪些业务？") == []
    # criminal law: the documents name civil remedies only (仲裁, 起诉)
    b = answer_question(retriever, "外包员工泄露客户机密要坐牢吗？")
    assert b.refused and "坐牢" in b.answer and "刑事" in b.answer, b.answer
    assert neighbouring_topics(retriever, "Can I go to jail for leaking client data?") == ["jail"]
    assert not answer_question(retriever, "泄露保密信息会怎么样").refused
    # tax by its general word, and a contract's service levels (服务水平 alone is the documents')
    assert neighbouring_topics(retriever, "离岸外包的税收优惠政策有哪些") == ["税收优惠"]
    assert neighbouring_topics(retriever, "SLA服务水平协议一般包含哪些内容?") == ["服务水平协议", "SLA"]
    assert neighbouring_topics(retriever, "外包商的服务水平怎么考核") == []


def test_closeness_gate_is_set_where_it_makes_fewest_mistakes():
    """`measure.fit_rerank.fewest_mistakes`: the cosine under which a question far from every
    clause (and covering few of its keywords) is refused sits in the middle of the gap between the
    unanswerable questions it should refuse and the answerable ones it should not; a question that
    covers its keywords, or that the score threshold refuses anyway, does not move it."""
    from measure.fit_rerank import fewest_mistakes

    rows = [(0.90, 0.1, 2.0, True), (0.85, 0.1, 2.0, True), (0.86, 0.9, 2.0, True),
            (0.80, 0.1, 2.0, False), (0.83, 0.1, 2.0, False), (0.70, 0.1, 0.5, False)]
    assert fewest_mistakes(rows, answer_min=1.0) == (0.84, 0)
    # an answerable question under an unanswerable one: one mistake either way, the wider stretch
    assert fewest_mistakes([*rows, (0.815, 0.1, 2.0, True)], answer_min=1.0) == (0.84, 1)
    assert fewest_mistakes(rows, answer_min=3.0)[1] == 3  # the score refuses all: no cut helps


def test_refusal_threshold_is_set_on_the_questions_it_decides(retriever, tmp_path):
    """`measure.fit_rerank` places `answer_min` over the questions no other check decides: a
    lookup, a refusal by name or a question far from every clause teaches it nothing."""
    import json

    from measure.fit_rerank import answer_threshold, decided_elsewhere

    kept = retriever.reranker
    assert decided_elsewhere(retriever, "若干规定第五条是什么？") is None  # a lookup answers
    assert decided_elsewhere(retriever, "《劳动合同法》规定试用期最长多久？") is None  # by name
    assert decided_elsewhere(retriever, "多肉植物浇水多久一次？") is None  # far from every clause
    on = decided_elsewhere(retriever, "接包方应当采取哪些保密措施？")
    assert on is not None and retriever.reranker is kept
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in (
        {"id": "a", "question": "接包方应当采取哪些保密措施？", "expect": ["限定涉密人员的范围"],
         "kind": "paraphrase"},
        {"id": "b", "question": "离岸外包是什么意思？", "expect": ["离岸外包指外包商"],
         "kind": "definition"},
        {"id": "c", "question": "多肉植物浇水多久一次？", "expect": [], "kind": "unanswerable"},
    )), encoding="utf-8")
    threshold, counts = answer_threshold(retriever, [gold])
    assert counts["unanswerable"] == 0 and counts["refused_answerable"] == 0
    assert threshold < on


def test_how_many_parts_is_counted_from_the_parsed_clauses(retriever):
    """"一共有多少条": the answer says how many, first to last, in the clauses' own numbers, then
    quotes the last one; a list's steps are counted the same way."""
    from kb.answer import answer_question

    a = answer_question(retriever, "外包信息保护这部规定总共有多少条")
    assert not a.refused and "共15条（第一条至第十五条）" in a.answer and "2010年2月1日" in a.answer
    b = answer_question(retriever, "外包岗位工作流程有几步")
    assert not b.refused and "共7步（1至7）" in b.answer
    # the sections of a chapter the question names by its heading, from the table of contents
    c = answer_question(retriever, "能力要求里服务实现那章一共有几节？")
    assert not c.refused and "服务实现共7节（6.1至6.7）" in c.answer


def test_a_part_named_by_its_heading_is_looked_up_with_its_entries(retriever):
    """"服务安全那一章分成哪几块": the heading written whole before 章 / 部分 / 节 names the part, as
    its number would; a part known only from the table of contents is quoted with its entries.
    A heading's words without a word for a part stay a search."""
    from kb.answer import answer_question

    a = answer_question(retriever, "服务安全那一章具体分成哪几块？")
    assert not a.refused and a.citations[0].clause == "7"
    assert "目录" in a.statements[0].text and not a.statements[0].quoted
    assert [s.text for s in a.statements[1:5]] == [
        "7 服务安全 (24)", "7.1 安全管理职责 (24)", "7.2 安全管理策略 (24)", "7.3 安全管理措施 (25)"]
    b = answer_question(retriever, "岗位福利这部分讲了什么")
    assert not b.refused and b.citations[0].heading == "岗位福利"
    c = answer_question(retriever, "服务安全方面有什么要求？")
    assert c.citations[0].clause != "7"
    # what a part known only from the table of contents requires: the 编制说明 describes it
    d = answer_question(retriever, "服务实现部分从哪些方面提要求")
    assert not d.refused and d.citations[0].doc_slug == "sop-capability-notes"


def test_a_person_a_document_number_or_a_website_no_clause_gives_is_refused(retriever):
    """Facts as particular as a telephone number: the drafting group's leader (the record names
    bodies, no person), the regulation's 令号, the minister who signed it; "这叫什么" asks a
    term, "跟谁签" a party, "公开网站上能查到的" names no website asked for."""
    from kb.answer import answer_question
    from kb.intent import figure_units

    for q, said in (("认证规范编写项目组的组长是谁？", "人名"),
                    ("《关于境内企业承接服务外包业务信息保护的若干规定》是商务部令哪一年第几号?", "文号"),
                    ("Which minister signed the 2010 rules on information protection?",
                     "person's name")):
        a = answer_question(retriever, q)
        assert a.refused and said in a.answer, q
    for q in ("政府把机关食堂、保洁这类杂事交给社会上的公司来做，这种做法叫什么？", "竞业禁止协议要跟谁签",
              "客户给我们的东西里，哪些才算得上需要保密的？公开网站上能查到的那些也算吗？"):
        assert not {"person", "website", "issue_no"} & set(figure_units(q)), q
    basis = answer_question(retriever, "商务部那份关于接包方信息保护的规定,当初是依照哪部法律制定出来的?")
    assert not basis.refused and "合同法" in basis.answer  # 哪部 (a pronoun) starts no law's name


@pytest.mark.parametrize("q, says", [
    # a neighbouring field's topic the question sets aside (除了…) is not what it asks about
    ("除了劳动合同以外，接包方还要和涉密员工签哪些协议？", "保密协议"),
    # an acronym for what the asker is making, told before the question, names no body
    ("我在准备一份培训用的PPT，想问一下2014年1至7月服务外包合同金额是多少？", "596.5"),
    # an ordinal (第一关) opens no law's name; a pronoun (之一) says nothing about what is asked
    ("申请市软件和服务外包企业认定，第一关法定资格要满足什么条件？", "合法的法定资格"),
    ("CESI是起草单位之一，它是哪一年创建的？", "1963年"),
])
def test_what_a_question_tells_or_sets_aside_is_not_refused_for(retriever, q, says):
    """Long messages tell of the asker, set things aside and count steps; none of that is what
    the knowledge base lacks."""
    a = answer_question(retriever, q)
    assert not a.refused and says in a.answer, a.answer


def test_a_header_card_is_quoted_by_the_line_that_is_asked(retriever):
    """"哪个单位出具的" is answered by the sign-off in the document's own words, then the header
    card's issuer line (not its date line); "哪天" adds the date under the name. "施行日期": the
    clause that states it, then the card's date line, which names that clause."""
    a = answer_question(retriever, "《服务外包能力要求》认证技术规范编制说明是哪个单位出的？")
    assert a.answer.splitlines() == ["中国电子技术标准化研究院 [1]",
                                     "发布单位 issuer: 中国电子技术标准化研究院 [2]"]
    assert [c.heading for c in a.citations] == ["标准制定过程", "文件信息"]
    a = answer_question(retriever, "编制说明是哪个单位哪天出具的？")
    assert a.answer.splitlines()[:2] == ["中国电子技术标准化研究院 [1]", "2014年7月4日。 [1]"]
    a = answer_question(retriever, "若干规定的施行日期是哪天？")
    assert a.answer.splitlines()[:2] == ["本规定自2010年2月1日起施行。 [1]",
                                         "日期 date: 2010-02-01（第十五条：施行日期） [2]"]


def test_a_definition_answer_quotes_the_definition_only(retriever):
    """What a term means is answered by its definition; no later clause is quoted for the term's
    words (a statistic on 离岸 contracts, 第五条's lead-in), in Chinese or in English."""
    for q in ("离岸外包是甚麼意思", "什么叫保密信息？", "what do we mean by offshore outsourcing?"):
        a = answer_question(retriever, q)
        assert len(a.citations) == 1 and a.citations[0].via == "definition", (q, a.answer)


def test_a_later_clause_is_not_quoted_for_a_lead_in_or_a_digit(retriever):
    """A second clause is quoted only for a word the first lacks: not for a lead-in that would
    leave its items out ("…符合以下条件的业务资料或数据:"), nor for a digit of pasted markup."""
    a = answer_question(retriever, "泄露了客户资料要负啥责任")
    assert not any(line.rstrip(" [0123456789]").endswith((":", "：")) for line in a.answer.splitlines())
    b = answer_question(retriever, "<script>alert(1)</script>第五条")
    assert b.language == "zh" and [c.clause for c in b.citations] == ["第五条"], b.answer


def test_a_clause_asked_by_number_is_not_padded_by_search(retriever):
    """"能力要求第5章有哪些节": chapter 5's table of contents is the answer; a job specification's
    sentence about 能力 is not quoted after it."""
    a = answer_question(retriever, "能力要求第5章有哪些节")
    assert [c.id for c in a.citations] == ["sop-capability:5"]
    assert "5.1 资源管理" in a.answer and "沟通" not in a.answer


@pytest.mark.parametrize("q,term,note", [
    ("发包方是什么意思", "(以下称发包方)", "不是定义"),
    ("Who is the 'service provider' (接包方) under the regulation?", "(以下称接包方)", "not a definition"),
    ("What is KPO?", "知识流程外包(KPO)", "does not define it"),
])
def test_a_short_name_is_answered_as_what_it_is(retriever, q, term, note):
    """A term the text only names (以下称X) or abbreviates is quoted with a line that says so (no
    citation marker: no clause says it), as the 术语 page labels it."""
    a = answer_question(retriever, q)
    first, second = a.answer.splitlines()[:2]
    assert term in first and first.endswith("[1]")
    assert note in second and "[" not in second


@pytest.mark.parametrize("q,line", [
    ("泄露了保密信息要承担什么责任，出自哪条", "出自《关于境内企业承接服务外包业务信息保护的若干规定》第十条："),
    ("哪一条规定了保密信息的载体要怎么存放", "出自《关于境内企业承接服务外包业务信息保护的若干规定》第五条："),
    ("Which article says who interprets the regulation?",
     "From 《关于境内企业承接服务外包业务信息保护的若干规定》第十四条:"),
])
def test_which_clause_questions_are_answered_with_the_clause_named(retriever, q, line):
    """An auditor asks which clause says something: the answer names it first (from the citation's
    document and number), then quotes it."""
    a = answer_question(retriever, q)
    assert a.answer.splitlines()[0] == f"{line} [1]"
    assert a.citations[0].clause in line


def test_a_clause_asked_by_number_is_not_named_again(retriever):
    assert not answer_question(retriever, "若干规定第十条出自哪里").answer.startswith("出自")


def test_a_neighbouring_field_is_named_once_not_listed(retriever):
    a = answer_question(retriever, "外包员工的个人所得税怎么扣缴？")
    assert a.refused and "个人所得税" in a.answer and "出入境" not in a.answer


def test_a_second_clause_is_quoted_only_when_it_states_what_is_asked(retriever):
    """"承担什么责任" asks for a consequence: 第十条 (arbitration, a court) answers; 第三条(三)'s
    "应当承担保密义务" shares the word 承担 but states no consequence, so it is not quoted after it."""
    a = answer_question(retriever, "泄露了保密信息要承担什么责任")
    assert a.citations[0].clause == "第十条"
    assert "应当承担保密义务" not in a.answer


def test_how_a_document_is_divided_is_answered_by_its_parts_headings(retriever):
    """"IT外包考核标准分成哪几大块": the document's top-level parts, each by its number and
    heading and cited, under one line that counts them; a question that asks about one part, a
    document whose parts are bare articles, or the standard (known from its contents) is not."""
    a = answer_question(retriever, "IT外包考核标准分成哪几大块来考核？")
    assert [c.id for c in a.citations] == [f"it-assessment:{i}" for i in (1, 2, 3, 4)]
    assert a.answer.splitlines()[0] == "《IT外包考核标准》分为4部分： [1]"
    assert "2. 技术能力评估 [2]" in a.answer.splitlines()
    # all six of the 编制说明's parts, though one asks for five citations, and its title nests
    b = answer_question(retriever, "编制说明包括哪几部分内容", k=5)
    assert len(b.citations) == 6 and b.answer.startswith("《〈服务外包能力要求〉认证技术规范编制说明》分为6部分")
    one = answer_question(retriever, "IT外包考核标准里技术能力从哪些方面评估")
    assert one.citations[0].id == "it-assessment:2" and "分为" not in one.answer
    # the 编制说明 named for what it says of another document: that document's parts
    other = answer_question(retriever, "编制说明里讲的认证规范主要技术内容包括哪几块？")
    assert other.citations[0].id == "sop-capability-notes:五" and "分为" not in other.answer
    for q in ("若干规定分成哪几部分", "服务外包能力要求正文分成哪几块"):
        assert "部分：" not in answer_question(retriever, q).answer, q
    # how a part whose items have headings is divided: the part by its heading, its items' headings
    part = answer_question(retriever, "服务外包业务术语中，业务种类是按照什么来划分的？")
    assert [c.id for c in part.citations] == ["fwwb-terms:§根据业务流程", "fwwb-terms:§根据主体对象"]
    assert part.answer.splitlines()[:2] == ["业务种类分为2部分： [1]", "根据业务流程 [1]"]


def test_what_a_document_covers_is_answered_by_the_sentence_that_sums_it_up(retriever):
    """"这篇文章主要讲了哪些内容": the sentence of the document that names most of its parts by
    their headings; a document no sentence sums up so is ranked as usual, and a question that
    asks about one part is not a summary question."""
    a = answer_question(retriever, "《业务外包的岗位要求》这篇文章主要讲了哪些内容？")
    assert a.citations[0].id == "job-requirements:¶1"
    assert a.answer.startswith("本文将详细阐述业务外包岗位的职责与要求,包括业务熟练")
    b = answer_question(retriever, "业务外包岗位要求这篇都讲了哪些方面")
    assert b.citations[0].id == "job-requirements:¶1"
    it = retriever.search("《IT外包考核标准》主要讲了哪些内容？")
    assert all(h.via != "summary" for h in it.hits)  # ¶1 names none of its four parts
    one = retriever.search("业务外包的岗位要求里沟通能力讲了哪些内容")
    assert all(h.via != "summary" for h in one.hits)


def test_a_lists_count_names_the_list_not_the_document(retriever):
    """"第五条列了几项保密措施": the count is of 第五条's items, said of 第五条; the document's
    title counts its articles."""
    a = answer_question(retriever, "第五条列了几项保密措施？")
    assert a.answer.startswith("第五条共8项（第五条(一)至第五条(八)），最后一项：")
    # kinds are counted too (几种), under the list's heading
    b = answer_question(retriever, "“根据主体对象”一共列了几种外包类型？")
    assert b.answer.startswith("根据主体对象共8种（1至8），最后一种：")


def test_a_share_of_people_named_by_a_suffix_is_counted_and_an_absent_share_refused(retriever):
    """学历者 is a person by 学历, a word the documents have: the 2014 data answer its share; a
    share no clause states (技术人员的百分之几) is refused, not met with any percentage."""
    a = answer_question(retriever, "截至2014年7月底，服务外包从业人员中大专及以上学历者所占比例为多少？")
    assert not a.refused and a.citations[0].id == "fwwb-data-2014:¶1" and "66.7%" in a.answer
    b = answer_question(retriever, "认定条件里，技术人员至少要占企业员工总数的百分之几？")
    assert b.refused and b.nearest
    # 百分之几 asks a share; 今年 is when the data were taken, not whose figure it is
    c = answer_question(retriever, "今年1至7月的外包合同金额比去年同期涨了百分之几？")
    assert not c.refused and "同比增长34.4%" in c.answer


def test_a_purpose_asked_of_a_documents_end_is_answered_from_its_end(retriever):
    """"…结尾总结说它是为啥制定的": the document's closing summary states the purpose, before its
    opening overview (which states one too)."""
    a = answer_question(retriever, "带岗位福利和岗位发展两章的外包岗位规范，结尾总结说它是为啥制定的")
    assert a.citations[0].id == "job-spec-3:五" and "总结:外包岗位规范是为了" in a.answer


def test_what_something_costs_is_a_figure_no_clause_states(retriever):
    """"What does ISO27001 certification cost": a figure; the clauses that speak of
    certification costs state none, so the question is refused, not met with them."""
    a = answer_question(retriever, "What does ISO27001 certification cost for an outsourcing firm?")
    assert a.refused and a.nearest


def test_a_quotation_no_clause_says_is_refused_when_its_source_is_asked(retriever):
    """“接包方应当在三十日内”出自哪条: no clause says it, nor nearly, so it has no source; a slight
    misquote of a clause (限定涉密人员范围 for 限定涉密人员的范围) is found there."""
    a = answer_question(retriever, "“接包方应当在三十日内”出自哪条？")
    assert a.refused and "接包方应当在三十日内" in a.answer and a.nearest
    b = answer_question(retriever, "“限定涉密人员范围”出自哪条？")
    assert not b.refused and b.citations[0].id == "info-protection-rules:第5条"


def test_a_year_among_a_searchs_keywords_is_a_year(retriever):
    """"离岸外包 2015 合同金额": 2015 is a year the data do not cover; 2014 is answered."""
    a = answer_question(retriever, "离岸外包 2015 合同金额")
    assert a.refused and "2015" in a.answer
    assert not answer_question(retriever, "离岸外包 2014 合同金额").refused
    # a figure's name among keywords asks for the figure: the job specifications state no pay
    assert answer_question(retriever, "外包岗位 月薪 金额").refused
    assert not answer_question(retriever, "岗位福利 薪资待遇").refused  # a topic, no figure


def test_two_questions_in_one_blame_no_word_of_the_second(retriever):
    """"…项目组是什么时候成立的？初稿又是什么时候形成的？": the second question's words (初稿) stand
    in another sentence with a date of its own; that answers it, it is no other figure."""
    a = answer_question(retriever, "认证规范编写项目组是什么时候成立的？初稿又是什么时候形成的？")
    assert not a.refused and "2013年5月,正式成立认证规范编写项目组" in a.answer


@pytest.mark.parametrize("q,clause", [
    # a sector, a city, a product or a figure of the asker's own situation is no topic asked about
    ("我们医院准备把收费和病案管理交给外包公司，对方说要按服务水平收钱，文件里BPO合同的支付方式是怎么说的？",
     "fwwb-terms:§根据主体对象/7"),
    ("苏州一家给银行做软件测试的公司，客户老催交付，市软件和服务外包企业认定条件里对质量保障体系怎么要求的？",
     "enterprise-certification:¶3"),
    ("We are an offshore vendor in Chengdu with 200 developers working for a German bank. What "
     "agreements does the regulation say we should sign with employees who handle confidential "
     "information?", "info-protection-rules:第6条"),
])
def test_the_askers_situation_is_not_what_is_asked(retriever, q, clause):
    a = answer_question(retriever, q)
    assert not a.refused and clause in [c.id for c in a.citations[:2]], a.answer


def test_a_job_title_by_its_initials_is_no_topic(retriever):
    """"Our CTO wants to assess …": CTO names who asks; PMP, a certification no clause mentions,
    is still a topic the knowledge base lacks."""
    from kb.gaps import unknown_codes

    assert unknown_codes(retriever, "Our CTO wants to assess an offshore vendor's architecture") == []
    assert unknown_codes(retriever, "Does the spec require PMP certified managers?") == ["PMP"]


def test_a_place_that_is_what_is_asked_about_is_still_refused(retriever):
    """"苏州的外包企业，一共有多少家": the asking clause names nothing, so 苏州 is part of what is
    asked; the knowledge base has no count for it."""
    a = answer_question(retriever, "苏州的外包企业，一共有多少家？")
    assert a.refused and "苏州" in a.answer
    # nor is a clause that frames what is asked (按照…, 和…相比) the asker's situation
    for q in ("和印度相比，我国服务外包的成本优势有多大？",
              "我们公司在成都,按照个人信息保护法,外包公司处理客户的个人信息要满足哪些要求?"):
        assert answer_question(retriever, q).refused, q


def test_a_name_in_book_title_marks_says_which_document(retriever):
    """《若干规定》 names the regulation, though 服务外包 (which every title has) stands further on
    in the question and makes the shorter 服务外包业务 the closest title by order alone."""
    q = retriever.query("按照《若干规定》第八条，接包方违反服务外包合同里的保密条款，发包方可以通过什么途径追究？")
    assert retriever.named_documents(q.normalized) == ["info-protection-rules"]


def test_a_unit_word_in_a_clause_that_asks_what_is_not_the_unit_asked():
    """"属于什么经费项目" asks which project, not a sum of money."""
    from kb.intent import figure_units

    assert "money" not in figure_units("这个项目是什么时候启动的，属于什么经费项目？")
    assert "money" in figure_units("这个项目是什么时候启动的，经费有多少？")


@pytest.mark.parametrize("q", [
    "接包方负责信息保护的专职人员至少要配备几名？",  # a head count by its measure word alone
    "IT外包考核里客户满意度打几分算合格？",  # a score
    "個資外洩之後要在幾小時內通報主管機關？",  # hours
    "业务外包岗位要求持有哪一级别的办公软件等级证书？",  # a level
    "離岸委外合約要繳多少營業稅？",  # a tax is a sum the data's contract sums are not
])
def test_a_count_score_span_level_or_tax_no_clause_states_is_refused(retriever, q):
    assert answer_question(retriever, q).refused, q


def test_a_mistyped_count_is_no_score(retriever):
    from kb.intent import figure_units

    assert "score" not in figure_units("2014年1至7月服务外包合同一共签了多少分？")  # 多少份


def test_the_publisher_asked_through_the_notes_longer_title_is_the_standards(retriever):
    """"《服务外包能力要求》认证技术规范" is the standard; its 编制说明 is asked for only when the
    clause that asks says 说明."""
    a = answer_question(retriever, "《服务外包能力要求》认证技术规范是由哪家机构发布的？")
    assert a.citations[0].id.startswith("sop-capability:") and "北京赛西认证有限责任公司" in a.answer
    a = answer_question(retriever, "编制说明是中国电子技术标准化研究院写的，那《服务外包能力要求》"
                                   "规范本身是哪个机构发布的？")
    assert a.citations[0].id.startswith("sop-capability:")
    a = answer_question(retriever, "服务外包能力要求认证技术规范编制说明是哪家发布的")
    assert a.citations[0].id.startswith("sop-capability-notes:")
    assert "中国电子技术标准化研究院" in a.answer


def test_the_purpose_of_a_rule_pointed_at_is_the_rules(retriever):
    """"这样做是为了什么" asks why the rule before it, not why the document was written."""
    a = answer_question(retriever, "业务外包岗位要求适应力强，这样做是为了什么？")
    assert a.citations[0].id == "job-requirements:3"


def test_a_position_in_the_askers_own_list_is_no_ordinal(retriever):
    from kb.query import find_ordinal

    assert find_ordinal("我只想问最后一个：行业协会可以做什么？") is None
    assert find_ordinal("若干规定的最后一条是什么？") is not None
    a = answer_question(retriever, "规定里讲了保密措施、员工培训，还讲了行业协会等中介组织的自律管理。"
                                   "我只想问最后一个：行业协会可以做什么？")
    assert a.citations[0].id == "info-protection-rules:第13条"


def test_a_request_to_write_something_is_refused_as_such(retriever):
    a = answer_question(retriever, "帮我写个周报模板呗 急！！")
    assert a.refused and "不能代写周报模板" in a.answer
    assert not answer_question(retriever, "外包岗位要写一份工作总结吗？").refused


def test_a_compared_term_may_carry_its_abbreviation_in_brackets(retriever):
    a = answer_question(retriever, "业务流程外包（BPO）和信息技术外包（ITO）有什么不同？")
    assert [c.id for c in a.citations[:2]] == ["fwwb-terms:§根据主体对象/7",
                                               "fwwb-terms:§根据主体对象/8"]


def test_a_system_the_asker_works_on_is_no_topic(retriever):
    """"我们医院的HIS系统…", "系统用的是SAP": the asker's system, not a topic the knowledge base
    lacks; GDPR asked about still is one."""
    from kb.gaps import unknown_codes

    assert unknown_codes(retriever, "我们医院的HIS系统外包给了成都一家公司，评估外包商数据安全管理能力包括哪些方面？") == []
    assert unknown_codes(retriever, "我们电商公司系统用的是SAP，常见的信息技术外包涉及哪些内容？") == []
    assert unknown_codes(retriever, "GDPR对外包有什么要求？") == ["GDPR"]
    # a device by its port: what the asker's story handles ("USB" is no topic asked about)
    story = ("A vendor's engineer wants to copy our client's confidential database onto a USB "
             "stick and use it for another project. Which rule forbids the vendor's people from "
             "doing that?")
    assert unknown_codes(retriever, story) == []
    answer = answer_question(retriever, story)
    assert not answer.refused and answer.citations[0].id == "info-protection-rules:第4条"
    assert unknown_codes(retriever, "What does USB stand for?") == ["USB"]


def test_what_a_sum_is_tied_to_asks_no_figure():
    from kb.intent import asks_figure

    assert not asks_figure("BPO外包合同里,供应商拿多少钱一般跟什么挂钩?")
    assert asks_figure("BPO合同一般拿多少钱？")


@pytest.mark.parametrize("q", [
    "根据信息保护规定第十条，接包方泄密后，发包方最多可以主张多少违约金？",  # a sum 第十条 does not state
    "市软件和服务外包企业的认定由哪个部门负责审批？",  # an office the conditions never name
])
def test_a_penalty_sum_or_an_approving_office_no_clause_states_is_refused(retriever, q):
    assert answer_question(retriever, q).refused, q


def test_what_one_grows_into_is_what_one_becomes(retriever):
    """"能成长为什么" (jieba cuts 成长 / 为什么) asks what one becomes (成为…专家和领导者)."""
    a = answer_question(retriever, "在外包岗位长期干下去，职业发展前景是怎样的？能成长为什么？")
    assert a.citations[0].id == "job-spec-3:五"


def test_how_often_of_a_clause_that_says_only_regularly_says_so(retriever):
    """"多久公布一次" of 第十三条's 定期公布: the clause is quoted, and the answer says it sets no
    interval rather than leave one to be guessed."""
    a = answer_question(retriever, "相关行业协会多久公布一次接包方的信息保密工作情况？")
    assert a.citations[0].id == "info-protection-rules:第13条"
    assert "原文只说“定期”，没有规定具体多久一次。" in a.answer
    assert "没有规定具体多久一次" not in answer_question(retriever, "行业协会可以公布什么？").answer


def test_of_two_terms_a_clause_defines_the_one_asked_is_quoted(retriever):
    a = answer_question(retriever, "金融外包里提到的“转包”指的是什么情况？")
    assert "由服务商进一步转移给另一服务商(即“转包”)" in a.answer


@pytest.mark.parametrize("q,said", [
    # the words every sentence of the document shares (服务外包人员) choose no sentence
    ("客户打电话来投诉,我们做外包服务的人应该怎么处理?", "积极主动地跟进和解决"),
    # a short sentence that opens a point brings the one that says what it requires
    ("企業申請市軟件和服務外包企業認定,在法定資格上要滿足什麼條件?", "注册成立的独立法人实体"),
    ("服務外包人員怎樣對服務質量進行評估和改進?", "收集客户的反馈和意见"),
])
def test_the_sentence_that_answers_is_quoted(retriever, q, said):
    assert said in answer_question(retriever, q).answer


def test_a_part_asked_by_position_is_named_by_its_heading(retriever):
    a = answer_question(retriever, "IT外包考核标准的第4个考核方面是什么？")
    assert a.answer.startswith("4. 沟通和合作能力评估")


@pytest.mark.parametrize("asked, cites, quoted", [
    ("领导开会时说到离岸外包，这是什么意思？", "fwwb-terms:§根据主体对象/1", "外包商与其供应商来自不同国家"),
    ("客户邮件里提到KPO，这是什么？", "fwwb-data-2014:¶1", "知识流程外包(KPO)"),
    ("培训时讲师说到“保密信息”，这是指什么？", "info-protection-rules:第3条", "本规定所称保密信息是指"),
    ("合同里出现了ITO，这个怎么理解？", "fwwb-terms:§根据主体对象/8", "信息技术外包"),
])
def test_a_term_named_then_pointed_back_to_is_the_term_asked_about(retriever, asked, cites, quoted):
    # 这 / 这个 / 它 after the term: "这是" was read as the term (a refusal: "没有提到“这是”"), or
    # the question as a story about a meeting or an email
    answer = answer_question(retriever, asked)
    assert not answer.refused and answer.citations[0].id == cites
    assert answer.citations[0].via == "definition" and quoted in answer.answer


def test_a_term_pointed_back_to_that_no_clause_mentions_is_refused_by_name(retriever):
    from kb.query import pointed_back
    assert pointed_back("同事说到众包,这是什么意思?") == "同事说到众包,众包是什么意思?"
    assert pointed_back("公司让我签了个协议,这是上面有规定要求的吗?").endswith("这是上面有规定要求的吗?")
    answer = answer_question(retriever, "同事说到众包，这是什么意思？")
    assert answer.refused and "众包" in answer.answer and "这是" not in answer.answer


@pytest.mark.parametrize("q,quoted", [
    # every sentence of 标准制定过程 says 认证规范 or a month: the one about the first draft is
    # closest in meaning to "第一版草稿"
    ("认证规范第一版草稿是几月份拿出来的？", "2013年8月,形成认证规范初稿"),
    ("做这个认证规范，最终是想让企业以后不用再考哪些体系认证？", "取代之前服务外包企业需要通过的"),
])
def test_of_sentences_that_share_the_question_words_the_closest_in_meaning_is_quoted(
        retriever, q, quoted):
    from kb.answer import best_sentences

    a = answer_question(retriever, q)
    assert quoted in a.answer, a.answer
    cite = a.citations[0]
    cosines = retriever.sentence_cosines(retriever.query(q), cite.id)
    # the clause is indexed sentence by sentence, and the cosines are what decided it
    assert len(cosines) > 2 and all(-1.0 <= c <= 1.0 for c in cosines.values())
    chosen = best_sentences(retriever, cite.text, retriever.query(q), 2, cite.doc_title, cosines)
    assert any(quoted in s for s in chosen)
    assert not any(quoted in s for s in best_sentences(retriever, cite.text, retriever.query(q),
                                                       2, cite.doc_title))


def test_a_clause_indexed_whole_has_no_sentence_cosines(retriever):
    assert retriever.sentence_cosines(retriever.query("第五条规定了什么"),
                                      "info-protection-rules:第5条(1)") == {}


@pytest.mark.parametrize("q, first, named", [
    # the number misremembered, what it holds said after it: the clause that holds it first
    ("请问《信息保护若干规定》第六条是不是要求接包方加强员工的信息安全培训、提高保密意识？",
     "info-protection-rules:第7条", "info-protection-rules:第6条"),
    ("我记得信息保护规定第五条第三项讲的是配方含量、程序步骤这类重要信息该怎么存？",
     "info-protection-rules:第5条(4)", "info-protection-rules:第5条(3)"),
    # said before it, then pointed back to
    ("接包方不能侵犯发包方的商标、专利、著作权，这条应该是若干规定第十一条吧？",
     "info-protection-rules:第12条", "info-protection-rules:第11条"),
    ("服务外包能力要求附录C里，C.7 是不是业务连续性管理？", "sop-capability:C.8", "sop-capability:C.7"),
    # the same position in three documents' lists: the one of them whose sibling holds it
    ("外包管理岗位职责第5条，就是监测外包成本和效益、提优化建议那条，具体说了什么？",
     "job-spec-3:二/6", "staff-duties:二/5"),
])
def test_a_clause_named_for_what_another_holds_is_answered_by_that_one(bankless, q, first, named):
    a = answer_question(bankless, q)
    assert [c.id for c in a.citations[:2]] == [first, named], a.answer
    # which is which is said before the quotes, in the answer's own words
    assert a.answer.startswith("问题所描述的内容见") and "问题提到的" in a.answer.splitlines()[0]


@pytest.mark.parametrize("q, first", [
    # what the named clause holds, said right: it stays first, with no note
    ("信息保护规定第五条第（七）项，对存有保密信息的计算机在身份认证和授权上有什么要求？",
     "info-protection-rules:第5条(7)"),
    ("按第3条第1项，构成保密信息的资料必须是从哪里获取的？", "info-protection-rules:第3条(1)"),
    # words before a position describe the list it is in, not the item
    ("附录C安全控制项的最后一项是什么?", "sop-capability:C.10"),
    ("在带“绩效考核”章节的那版外包岗位规范里，第四部分工作流程的第二步是什么？", "job-spec-1:四"),
    # what stands beside the position asked is not in it
    ("外包岗位规范工作流程第4步是什么？（数据处理之后那一步）", "job-spec-1:四"),
])
def test_a_clause_named_for_what_it_holds_stays_first(bankless, q, first):
    a = answer_question(bankless, q)  # (a step may be cited as its whole list)
    assert a.citations[0].id.startswith(first) and "问题所描述的内容" not in a.answer, a.answer


def test_a_part_asked_by_number_for_its_name_asks_no_person(bankless):
    a = answer_question(bankless, "附录C安全控制项的最后一项，也就是C.10，叫什么名字？")
    assert not a.refused and a.citations[0].id == "sop-capability:C.10"


def test_a_short_name_set_aside_is_not_asked_about(bankless):
    # "除了X，还有哪些…": X's scope is not asked (X is 中国电子技术标准化研究院, a short name only)
    a = answer_question(bankless, "除了中国电子技术标准化研究院，还有哪些单位参与起草了服务外包认证规范？")
    assert not a.refused and a.citations[0].id == "sop-capability-notes:四"  # who took part


def test_why_asks_an_aim_or_a_gain(bankless):
    from kb.intent import answer_types
    # 为什么 / 图什么: an aim (为了…) or a gain (降低成本, 享受优惠); 成为什么 asks no reason
    assert {"purpose", "benefit"} <= answer_types("企业为什么愿意把软件项目交给外面的公司去做？")
    assert {"purpose", "benefit"} <= answer_types("申请认定图的是什么？")
    assert not {"purpose", "benefit"} & answer_types("做外包岗位最终可以成为什么？")
    a = answer_question(bankless, "费那么大劲去申请市软件和服务外包企业认定，图的是什么？")
    assert a.citations[0].id == "enterprise-certification:¶6" and "享受相关政策优惠" in a.answer


def test_an_english_question_names_a_document_in_the_glossary_words_for_its_title(bankless):
    # "business outsourcing roles" is 业务外包 … 岗位: 《业务外包的岗位要求》, whose 7th point names
    # the office programs, not 《外包岗位岗位规范》's 岗位要求 (熟练使用办公软件)
    a = answer_question(bankless, "What office software should staff in business outsourcing "
                                  "roles be good at?")
    assert a.citations[0].id == "job-requirements:7" and "Word" in a.citations[0].text


def test_an_english_question_that_names_the_wrong_article_is_answered_from_the_right_one(bankless):
    # what it describes, in the glossary's Chinese words (training, information security …)
    a = answer_question(bankless, "Does Article 6 of the information protection rules require "
                                  "training staff in information security and raising their "
                                  "awareness of confidentiality?")
    assert [c.id for c in a.citations[:2]] == ["info-protection-rules:第7条",
                                               "info-protection-rules:第6条"], a.answer
    assert a.answer.startswith("What the question describes is in 第七条; 第六条, which the "
                               "question names, follows it:")
