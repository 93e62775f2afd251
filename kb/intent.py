"""What kind of answer a question asks for, and whether a sentence carries one.

A question that asks 多少 wants a figure, 哪年 a date, 英文名称 Latin words, 编号 a code, 哪些资质证书 /
which certifications a standard named by code (CMMI, ISO9001), 目的 /
为什么 a purpose (为了, 旨在 …), 好处 / 有什么用 a benefit (享受优惠, 降低成本 …; 为什么 and 图什么
either), 依据 a basis
(根据, 依据 …), 适用范围 / scope a scope (本规范规定了, 本规定所称), 谁 / 哪个单位 an organisation or a party,
会怎么样 / 后果 a consequence (仲裁, 起诉, 责任, 赔偿 …), 能不能把 / 可不可以把 / 准不准 a rule
(不得, 禁止, 应当, 只有…才 …), 需要提交哪些材料 / 到哪个部门办理 a procedure (材料, 办理, 受理 …).
The second ranking stage (`kb.rerank`) prefers clauses whose best sentences carry the asked type,
and the answer (`kb.answer`) quotes such a sentence first. This is the classic "expected answer
type" of question answering: one small table of question cues and text shapes, the same for every
question, not a rule for one wording.

Input: normalised text (`kb.segment.normalize`); sentences may be casefolded. Output: type names.
"""

from __future__ import annotations

import re
from pathlib import Path

from kb.segment import words_beginning

# "when" asks for a time only as a question word: "When did…", not "When assessing a vendor, …"
_WHEN = (r"\bwhen\b(?= (?:and|did|does|do|was|were|is|are|will|would|can|could|should|has|have"
         r"|had)\b)"  # "When is client data treated as confidential" asks for a condition
         r"(?![^?.]{0,60}\b(?:treated|considered|regarded|deemed|classed|classified|counted)\s+as\b)")
# the nouns a question names places by ("哪些国家和地区", "示范城市有哪些")
PLACE_NOUNS = ("国家", "地区", "城市", "省份", "省市", "市场")
_PLACE_NOUNS = "|".join(PLACE_NOUNS)
# 几 that says "a few" rather than asks how many: 这几年 / 那几天 point back, 近几年 / 好几年 / 十几天 /
# 前几年 (not 提前几天) / 头几个月 / 今后几年 / 往后几年 and 做过几年 / 干过几年 say "some"
# ("我之前做过几年采购，…有什么要求")
_FEW = r"(?<![这那近好十头])(?<!做过)(?<!干过)(?<!待过)(?<!呆过)(?<!当过)(?<!(?<!提)前)" \
    r"(?<!今后)(?<!以后)(?<!未来)(?<!往后)(?<!之后)(?<!日后)(?<!此后)"  # 今后几年 / 往后几年: the years ahead
_JI = r"(?<!哪)" + _FEW  # and 哪几 asks which, not how many
# 几年后 before another question word says "after some years" ("干这行几年后一般能往什么方向发展")
_SOME_TIME_LATER = r"(?!\s*[，,]?\s*(?:以|之)?后[^，,。？?]{0,12}(?:什么|哪|怎么|如何|啥|吗|么))"
# 多少 as an adverb, "somewhat" or "a little" (多少会有点风险, 多少懂一点, 没多少经验), asks no figure
_HOW_MANY = (r"(?<!没)(?<!没有)(?<!或多或)多少"
             r"(?!会|得|也|还|都|能|可以|有[些点]|有一[点些]|(?:懂|会|知道|了解|带|沾|学)一?[点些])")
# a standard or model named by its code: ISO 27701, ISO/IEC 20000-1, GB/T 22080, BS7799, CMMI 5
STANDARD_CODE = (r"(?<![A-Za-z])(?:ISO|IEC|GB|BS|EN|IEEE|NIST|SOC|PCI)(?:\s*/\s*(?:IEC|T|Z))?"
                 r"\s*-?\s*\d{3,6}(?:[.-]\d+)?")
# who interprets a document: an answer type, and a question about the document itself (kb.rerank)
ASKS_INTERPRETER = (r"解释权|负责(?:解释|解读)|"
                    r"(?:由|归)?(?:谁|哪个部门|哪个单位|哪家|哪些部门|哪个机构|哪个机关)(?:来|负责)?(?:解释|解读)|"
                    r"听(?:谁|哪个部门|哪个单位|哪家|哪个机构)的?(?:解释|解读)|"
                    # whose reading counts when the text is unclear
                    r"以(?:谁|哪个部门|哪个单位|哪家|哪个机构)的?(?:说法|解释|解读|意见|理解)为准|"
                    # an interpreter put forward ("可以由行业协会来作解释吗")
                    r"由[^，,。？?]{1,12}?(?:来)?(?:作|做|进行)?(?:解释|解读)(?:吗|么|呢|嘛)")
# which time: a year, a day, a month, 什么时候 / 啥时候 (a date or a time is the answer)
WHICH_TIME = r"哪[一]?年|何年|何时|(?:什么|啥)时候|啥时|几时|哪天|哪个月|哪几个?月"
# when a document starts to count, said as one says it (从啥时候开始算数): it takes effect; a date
# of the document itself (kb.retrieve) and a question about the document (kb.rerank)
COUNTS_FROM = r"(?:开始|起)(?:算数|作数)"
# the background a document was made against (出台的背景): what it was made for; not a person's
# background (专业背景). A purpose, and a question about the document itself (kb.rerank)
MADE_AGAINST = r"(?:出台|制定|编制|发布|起草|编写|颁布)的?背景"
# a document pointed at and described on the way ("那份保护客户资料的规定", "这份关于接包方资料保护的
# 规定"): after the demonstrative, a measure word, what it is about and 的, then the kind of document
# (kb.retrieve's pointer to a document, kb.rerank's question about a document)
DESCRIBED = r"(?:个|份|篇|部|项|几条|些|种|套)\s*(?:关于|讲|说|谈|管)?[^，,。？?这该此那本]{1,16}?的"
# a wrong done (违约, 泄露 …): what a consequence question names before it asks what follows
_WRONG = "违约|违反|违规|泄露|泄密|外泄|侵权|违法"
# question cue -> the answer type it asks for
# a quiz's blank (____, or empty brackets) where a figure goes: before a unit of count or measure,
# or after 每 / 不少于 / 至少 ("每年不少于____学时", "每____公布一次")
_BLANK = r"(?:_{2,}|\(\s*\))"
_BLANK_FIGURE = (rf"{_BLANK}\s*(?:学时|小时|个?工作日|天|日|周|个月|次|人|名|家|项|条|个|万|亿|%|倍|元|份|位)"
                 r"|"
                 rf"(?:每|不少于|不低于|不超过|不多于|至少|最多|最少|满|超过|达到)\s*{_BLANK}")
# why (not 成为什么 / 作为什么), and what one is after (图什么): an aim or a gain alike ("为什么愿意
# 把软件项目交给外面" is answered by 为了…和降低成本), so both "purpose" and "benefit" below
_WHY = r"(?<![成作称视认以行])(?:为什么|为啥)(?!不|没)|图(?:的是|个)?(?:什么|啥)"
_ASKS = {
    "number": _HOW_MANY + r"|(?<![哪这那])几[个次项条%]|比例|比重|百分|占比|份额|增长|增幅|规模|数量|金额|"
              + _BLANK_FIGURE + r"|"
              r"\bhow (?:many|much)\b|\bpercent|\bshare\b|\bamount\b",
    "time": WHICH_TIME + r"|几月|" + _FEW
            + r"几年" + _SOME_TIME_LATER + r"|日期|时间|\byear\b|\bdate\b|" + _WHEN,
    "latin": r"英文|英语(?:名|叫|怎么说|怎么讲|单词|全称)|缩写|全称|简称|\benglish\b|abbreviat|"
             r"stand for|\bfull name\b",
    "code": r"编号|代号|标准号|文号|发文字号|\bcode\b|\bnumber of the (?:standard|specification)\b",
    "purpose": r"(?<![项题节科条])目的|为了(?:什么|啥)|初衷|用意|出于(?:什么|啥|哪些)(?:考虑|考量|目的)|"
               + _WHY + r"|"
               r"(?:为什么|为啥|干嘛|干吗)要?[^，,。？?]{0,4}?(?:制定|编写|编制|出台|发布|写|搞|做|弄|设立|定(?!期)|出(?=[这那本该此]))|"
               r"(?:想|要|为了|是为)解决[^，,。？?]{0,8}?(?:什么|哪些|啥)(?:问题|麻烦|困难|难题)|"
               r"为何|旨在|宗旨|意义|作用|\bpurpose\b|\bwhy\b|\baims?\b|" + MADE_AGAINST,
    # what one gains (好处, 实惠, 有什么用): a benefit, which 享受优惠, 降低成本, 提高效率 state, not
    # what a document was written for
    "benefit": r"好处|益处|实惠|甜头|有什么用|用处|有什么帮助|"
               + _WHY + r"|"
               r"(?:能|可以|会)(?:得到|获得|拿到|捞到)(?:什么|哪些|啥)|"
               r"\bbenefits?\b|\badvantages?\b|\bgains?\b",
    # not 依据 a named law as the question's frame ("依据《个人信息保护法》，…应当…"): what that
    # law says is asked, not a document's basis
    "basis": r"依据(?!\s*《[^》]{1,30}》\s*(?:的(?:规定|要求))?\s*[,，])|"
             r"根据(?:什么|哪)|按照(?:什么|哪)|依照(?:什么|哪)|\bbased on\b|\bbasis\b|\bunder which\b",
    # the part someone plays (什么角色, 扮演, 定位成什么): a sentence that casts them (作为…的成员, 担任,
    # 成为…专家); not 身份, which asks a legal status as often ("主体身份有什么要求")
    "role": r"(?:什么|啥|哪种|哪个|怎样的?|什么样的?)角色|扮演|定位(?:成|为|是)?(?:什么|啥)|"
            r"\bwhat (?:is (?:the|their|its) )?(?:role|part)\b|\bplays?\b.{0,30}\brole\b",
    # who interprets a document (解释权, 由哪个部门来解释): the sentence that says so (由…负责解释)
    "interpret": ASKS_INTERPRETER + r"|\binterpret",
    # what a document applies to (适用范围, its scope): the sentence that says so (本规范规定了…,
    # 本规定所称…是指, 适用于)
    "scope": r"适用(?:于|范围|对象|哪些)|(?:管|覆盖|包括)(?:哪些|什么)(?:范围|对象)|\bscope\b|"
             # what a document governs ("若干规定管的是哪几类外包业务", "管哪些方面")
             r"管的是(?:哪些|哪几|哪类|哪种|什么)|管(?:哪些|哪几个?)方面|"
             # a document applies (not "what requirements apply to computers")
             r"\b(?:regulations?|rules?|standards?|spec(?:ification)?s?|provisions?|it)\s+"
             r"(?:only\s+)?appl(?:y|ies)\b",
    # which section of a document: a numbered section answers ("在能力要求规范的哪一节" -> 6.6)
    "section": r"(?:哪|几)一?(?:节|章)|章节|(?:哪个|哪一|哪些|哪)部分|(?:哪个|哪一)附录|"
               r"\bwhich (?:section|chapter|part|appendix|annex)\b",
    # what a text covers, area by area ("分哪几块", "讲了哪些方面", "what aspects does it cover"):
    # a sentence that lists them (A、B、C等方面, 三个方面) answers
    "aspects": r"(?:哪些|哪几个?|几个|哪)(?:方面|块|领域)|总的来看|总体来看|概括(?:来说|起来)|"
               r"\b(?:what|which) (?:aspects|areas)\b|\bwhat (?:does|do) .{3,80}\bcover\b",
    # where: a country, a region, a market ("主要来自哪些国家和地区"); not 在哪里规定
    # (来自哪个部门 asks who: a bare 来自哪 / 来自哪里 asks where)
    "place": rf"(?:哪些|哪个|哪几个|什么|哪)(?:{_PLACE_NOUNS})|来自哪(?:里|儿|(?=\s*(?:[?？。，,呢]|$)))|"
             rf"(?:{_PLACE_NOUNS})(?:都|一共|主要|具体)?(?:有|是|包括|包含)(?:哪些|哪几个?|什么)|"
             r"\bwhich (?:countries|country|regions?|cities|markets?)\b|\bwhere\b.{0,40}\bfrom\b",
    "agent": r"谁|哪个(?:单位|部门|机构|组织|公司)|哪家|什么(?:单位|机构|部门|组织)|哪些(?:单位|部门|机构)|"
             r"起草|\bwho\b|\bwhich (?:body|organi[sz]ation|agency)\b",
    # 怎么处理 asks for a consequence only of a wrong (违约怎么处理), not how to handle a matter
    "consequence": r"会怎么样|会怎样|后果|追究|追责|怎么处罚|"
                   rf"(?:{_WRONG})[^，,。？?]{{0,8}}?(?:怎么|如何|怎样)处理|"
                   # a penalty asked by what it is ("考核不合格时会受到什么处罚")
                   r"(?:什么|哪些|啥)(?:样的)?(?:处罚|惩罚|处分|罚则)|"
                   # 负什么责任 after a wrong, or 法律责任: a liability ("在保密方面要承担什么责任"
                   # alone asks a duty, which a job's 岗位职责 states without a consequence word)
                   rf"(?:{_WRONG}|出了?事)[^。？?]{{0,12}}?(?:负|担|承担)(?:什么|啥|哪些)(?:样的)?(?:法律)?责(?:任)?|"
                   r"(?:负|承担)(?:什么|哪些)法律责任|"
                   r"能怎么办|维权|算账|索赔|讨(?:个)?说法|\bwhat happens\b|\bconsequence|\bliab|\bpenalt|"
                   # what is done to a party (会怎么处理我们) and a lawsuit (能告我们吗, 打官司)
                   r"(?:怎么|如何|怎样)(?:处理|处置|处罚|惩罚|对待|收拾)(?:我们|我|你们|你|他们|他|她|公司|员工|对方)|"
                   r"告(?:我们|我|你们|他们|对方|公司)|打官司|吃官司|上法院|\bsue\b|"
                   # "能拿我们怎么样", a remedy at law (法律途径, 法律手段)
                   r"拿(?:我们|我|你们|你|他们|公司|对方)(?:公司|单位)?怎么(?:样|办)|法律(?:途径|手段|渠道|程序|行动)",
    # may one do something with something (能不能把…给别人, 可不可以把…): a rule answers (不得, 应当,
    # 只有…才); not "能…吗", which asks about an ability as often ("能当上领导吗"), nor "可以…吗 /
    # 是否…" about a status ("短视频可以构成作品吗" wants the article that defines 作品)
    "rule": r"(?:能不能|可不可以|能否)(?:把|拿|让|随便|私自|擅自)|可以把.{0,20}吗|(?:能|可以)随便|"
            r"(?:不能|不得|不可以|不许|不准)(?:把|拿|随便|私自|擅自)|"
            r"准不准|让不让|不让|允许|禁止|"
            # "这样做有没有问题": is what was just described allowed
            r"(?:这样|这么)(?:做|干|搞|弄|用)?[^，,。？?]{0,4}?(?:有没有问题|有问题吗|可以吗|行不行|行吗|"
            r"合规吗|合法吗|违规吗|违法吗|妥当吗)|算不算违规|是否违规|违不违规|合不合规|"
            r"\ballowed\b|\bpermitted\b|\bprohibit|\bforbid",
    # which certificates or standards (哪些资质证书, which certifications): one named by its code or
    # acronym (CMMI, ISO9001, ISMS) answers
    "standard": r"(?:哪些|什么|哪几个?|哪种|哪类)(?:资质证书|资质认证|证书|认证证书|资格证书)|"
                # the certificates first, then the question ("做各种资质认证，一般都有哪些")
                r"(?:资质证书|资质认证|认证证书|资格证书)[，,]?\s*(?:一般|通常|主要|都|大概|常见的?|具体)*"
                r"(?:有|是|包括|包含)(?:哪些|什么|啥|哪几)|"
                r"\b(?:which|what)\s+(?:[a-z-]+\s+){0,2}(?:certifications|certificates|standards)\b",
    # how to apply or file: materials (for an application: 交哪些材料 alone may ask what work to hand
    # in), the office, the steps (办理, 申报); not 申请条件, which the certification conditions answer
    "procedure": r"(?:申请|办理|认定|认证|登记|备案|报名|审批|申报|注册|办)[^。？?]{0,20}?"
                 r"(?:准备|提交|递交|带|交|需要|要)(?:哪些|什么|啥)(?:申请|证明)?(?:材料|证明|手续)|"
                 r"(?:准备|提交|递交|带|交|需要|要)(?:哪些|什么|啥)(?:证明|手续|单据|票据|凭证)|"
                 r"(?:走|办|经过|通过|需要|要)(?:哪些|什么|啥)(?:审批|批准|报批)|"
                 r"(?:到|去|向|在)[^，,。？?]{0,6}?哪(?:个|些|家)?(?:部门|机构|单位|地方|系统|平台|网站|里|儿)"
                 r"(?:办理|申请|提交|递交|报送|申报|登记|备案|报备|办(?!公)|举报|上报)|"
                 # where the papers go ("申请材料交到哪个部门")
                 r"(?:材料|申请书?|资料)[^，,。？?]{0,4}?(?:交|送|递|报|寄)(?:到|给|去)"
                 r"哪(?:个|些|家)?(?:部门|机构|单位|窗口)|"
                 r"(?:怎么|如何|怎样)(?:办理|申请|申报|报名)|(?:办理|申请|申报|报名)(?:的)?(?:流程|程序|手续)|"
                 # which office decides ("认定由哪个部门负责审批")
                 r"(?:由|归)哪(?:个|些|家)?(?:部门|机构|单位|机关)(?:来|负责)?(?:审批|批准|审核|受理|认定)|"
                 r"\bhow (?:do|can|should) (?:i|we|you|a company) apply\b|\bwhere (?:do|can|should) .{0,30}"
                 r"\b(?:apply|file|register)\b|\bwhat (?:documents|materials|papers)\b.{0,40}"
                 r"\b(?:submit|provide|prepare|bring|file|(?:required|needed) (?:for|to))\b",
}
# answer type -> the shape of a sentence that states one (on normalised, casefolded text)
_CARRIES = {
    "number": r"\d|百分之|[零〇一二三四五六七八九十百千万亿两半]+\s*(?:个|项|次|倍|成|万|亿|日|天|年|月|"
              r"周|星期|小时|分钟|元|人|名|岁|家|份|级|类|种|部委|部门)",
    "time": r"\d{4}\s*年|\d{1,2}\s*月|\d[\dx]{3}-[\dx]{1,2}|[一二三四五六七八九十〇零]{4}年|自.{0,12}起|"
            r"[零〇一二三四五六七八九十百两半]+\s*(?:个月|日|天|年|周|小时)|\d{2}\s*年代|世纪",
    "latin": r"[a-z]{2,}",
    # letters (and a slash series: gb/t, cnca/cts) then digits or a draft's x placeholders;
    # not a bare pair of acronyms ("ito/bpo")
    "code": r"[a-z]{2,}(?:\s?/\s?[a-z]{1,4})?\s?[\dx][\dx.\-]{3,}|\d{4,}\s?-\s?\d{2,}|"
            r"第\s?\d+\s?号",
    "purpose": r"为了|旨在|目的|以便|从而|有利于|有助于|宗旨|意义|^为[^，,。]{2,}[，,]|为促进|为规范|为加强"
               r"|为保障|为保护|为降低|为提高",
    "basis": r"根据|依据|依照|按照|参照",
    "role": r"作为|担任|扮演|充当|成为|角色|定位",
    "interpret": r"负责解释|解释权|由[^，,。]{1,30}?解释|\binterpret",
    "scope": r"规定了|适用于|适用范围|本(?:规定|规范|标准|办法)所称|范围\s*[:：]",
    "benefit": r"享受|优惠|扶持|益处|效益|优势|收益|节省|节约|降低|提高|减少|减小|更低|更好|更佳|有利于|"
               r"有助于",
    "agent": r"公司|中心|委员会|总局|[部局院所]|协会|单位|机构|组织|企业|个人|政府|接包方|发包方|"
             r"上级|负责人|领导|经理|主管|股东|董事|监事",
    "aspects": r"[\u4e00-\u9fff]{2,}、[\u4e00-\u9fff]{2,}、|[两二三四五六七八九十几多]\s*(?:个|大)?方面|"
               r"等(?:几个)?(?:方面|领域)",
    # 责任 as a liability, not 责任心 or 岗位责任; 承担 a liability or a loss, not 承担保密义务 or 承担
    # 业务活动 (第三条's definition of 保密信息 read as a consequence)
    "consequence": r"仲裁|起诉|诉讼|法院|追究|(?<!岗位)(?<!工作)责任(?![心感])|赔偿|处罚|罚款|"
                   r"承担[^，,。；;]{0,12}?(?:责任|后果|损失|赔偿)|违约",
    "rule": r"不得|禁止|严禁|不准|不允许|无权|应当|必须|[须需]|有权|可以|允许|只有.{0,30}才|方可",
    "procedure": r"(?:申请|申报|提交|所需|相关|证明)材料|手续|办理|受理|申报|递交|申请书|登记|备案|"
                 r"审批|报批",
    # a standard named by its code (ISO27001, BS7799) or a model's or scheme's acronym
    "standard": STANDARD_CODE + r"|(?<![a-z])(?:cmmi|isms|itsm)(?![a-z])",
}
# The questions that ask for a figure or a date outright (多少, 多久, 哪年, 何时, how many; 怎么计算,
# as a calculation needs figures). Left out: nouns such as 比例 or 时间 ("配方比例", "隔一段时间"
# ask for none), 几个/几项/几点 (they ask for a list as often as for a count: "从哪几个方面") and
# 多大/多长 (a degree as often as a size; 多长时间 does ask a span).
# 这几个月 / 那几天 point back to a span the question has in mind; they ask for no figure (`_FEW`).
# how to reach a body (a figure too): a telephone number (not "客户打电话来投诉"), a street address
_PHONE = (r"(?:联系|咨询|办公|客服|服务|热线)电话|电话(?:号码|是多少|是什么|多少)|联系方式|手机号|"
          r"\b(?:phone number|telephone)\b")
# "What does Annex A address?" asks what it covers: an address is a noun after its owner
_ADDRESS = (r"(?<![iI][pP])地址|在哪(?:里|儿)?办公|"
            r"\b(?:the|its|their|an|office|street|mailing|postal|registered)\s+address\b|\baddress of\b")
_PERIOD = r"每\s*(?:一个?|个)?\s*(?:年度?|季度?|月|周|星期|天|日|小时|工作日)"
# a day of the month (每月几号发工资; 第几号, 几号令 ask a document's number), a time of day (几点上班;
# not 有几点要求), a floor (在几楼), a number of digits (密码至少几位数)
_DAY_OF_MONTH = r"(?<!第)几号(?![令文])|\bwhat day of the month\b"
_CLOCK = (r"几点(?:钟|半)?(?=\s*(?:[上下]班|发车|出发|开始|结束|开门|关门|到岗|打卡|集合|截止|开会|吃饭|"
          r"之?前|以前|之?后|以后|到|上岗|报到))|几点钟|(?:早上|上午|中午|下午|晚上|每天)\s*几点|"
          r"\bwhat time\b")
# one period or another in English ("weekly or monthly")
_EN_PERIOD = r"(?:daily|weekly|monthly|quarterly|yearly|annually|every (?:day|week|month|quarter|year))"
_EN_PERIODS = rf"\b{_EN_PERIOD}\s*(?:,\s*{_EN_PERIOD}\s*)*,?\s*or\s+{_EN_PERIOD}\b"
_FLOOR = r"几楼|几层楼|第几层|哪一?层楼|\b(?:which|what) floor\b"
_DIGITS = r"几位数|多少位(?=\s*(?:数|字符|长|[，,。？?]|$))|\bhow many (?:digits|characters)\b"
# a website (在哪个网站能查到), a document's issue number (商务部令第几号, 文号), a person by name (组长是谁,
# 哪位专家执笔, which minister signed): facts as particular as a telephone number (还叫什么名字,
# 英文叫什么名字 ask another name of a thing, not a person's)
_WEBSITE = (r"(?:哪个|什么|哪些|哪家|哪)\s*(?:网站|网页)|网址|\b(?:which|what) (?:website|web ?page|url)\b|"
            r"\bweb address\b|\bthe (?:website|url)\b")
_ISSUE_NO = r"文号|发文字号|令号|第几号|几号令|\bdocument number\b|\border no"
# a thing's name (项目叫什么名字, 这个规范叫什么名字, 第4章叫什么名字) is no person's
_THING_NAMED = r"(?<!项目|课题|专项|文件|规范|标准|规定|公司|机构|单位|附录|系统|计划|工程|制度|协议|合同|" \
    r"部门|组织|园区|中心|章节|文档)(?<![章节条款项])(?<!附录[A-Z])" \
    r"(?<!\d)(?<!\d[，,\s])"  # and a part, by its name or number (第4章叫什么名字, 也就是C.10，叫什么名字)
_PERSON = (r"哪位|(?<![还又也另文称])" + _THING_NAMED + r"叫什么名字|姓什么|姓名|名字叫|"
           r"(?:组长|负责人|起草人|执笔人|作者|部长|局长|主任|院长|领导|专家|签字人|签发人)[^，,。？?]{0,4}(?:是谁|都是谁|有谁|分别是谁|是哪位|叫什么)|谁执笔|"
           r"\bwhich (?:minister|official|person|expert)\b|\bwho signed\b|\bnames? of the "
           r"(?:author|minister|person|drafters?|experts?)\b")
# which of two is bigger, dearer, weighs more ("哪家的认证收费更便宜", "权重是不是比项目成本高"): only
# figures of both can say (比例, 比较, 相比 are no such 比; 多少 ends no comparison)
_MORE = r"(?:大|高|低|多|少|贵|便宜|快|慢|长|短)"
_COMPARED_AMOUNT = (r"(?:哪(?:个|一个|家|类|种|边|方|一方)|谁)[^，,。？?；;]{0,12}更" + _MORE + "|"
                    r"(?<![对相])比(?![例率重较如方赛])[^，,。？?；;]{1,15}?更?(?<!多)" + _MORE +
                    r"(?:一些|一点|得多)?\s*(?:吗|吧|么|嘛|呢)?\s*[？?]?\s*$|"
                    r"\bwhich\b[^?.,]{0,40}\b(?:larger|bigger|higher|lower|cheaper|greater|smaller)\b|"
                    r"\b(?:larger|bigger|higher|lower|cheaper|greater|smaller|more expensive) than\b")
# a share in points charged or given ("管理费收几个点", "返多少个点"); not 有几个点要注意, a list
_POINTS = r"(?:收|抽|提|扣|返|拿|加|涨|降|让)\s*(?:几|多少)\s*个?\s*点"
_ASKS_FIGURE = (_COMPARED_AMOUNT + "|" + _PERIOD + r"[^，,。？?]{0,10}还是\s*" + _PERIOD + r"|"
                + _HOW_MANY + "|" + _POINTS + "|" + _BLANK_FIGURE + "|"
                + _JI + r"几(?:[年月天次家份%级折周页]" + _SOME_TIME_LATER + r"|成(?![员立为果本功]))|"
                + _JI + r"几个(?:月|星期|礼拜|小时|工作日|学时|课时)|"
                # at least / at most how many (技术人员最少几个): a count, not a list
                r"(?:最少|至少|最多|起码|不少于|不低于|不超过)\s*(?:要|得|需要|需)?\s*几个?"
                r"(?=\s*(?:[？?，,。]|吗|呢|啊|人|$))|"
                # a head count or a number of grades (几个专职人员, 几个等级, 几个密级) is a figure too
                + _JI + r"几(?:个|位|名)[\u4e00-\u9fff]{0,4}?(?:人员|员工|职工|雇员|人(?![员工]))|"
                + _JI + r"几个[\u4e00-\u9fff]?级别?|哪一?(?:个)?级(?:别)?的?|(?:什么|哪个)(?:等级|级别)要求|"
                # a size ("市场规模有多大"): 多大 alone asks a degree as often
                r"规模(?:有|是)?多大|"
                # a head count or a number of digits said with its measure word alone (至少配备几名,
                # 口令至少几位), hours (几小时内通报), a score (打几分算合格, 多少分及格)
                + _JI + r"几(?:名|位)(?=\s*(?:[？?，,。]|吗|呢|啊|$))|" + _JI + r"几个?小时|"
                r"(?:打|得|考|拿|给|评)\s*" + _JI + r"几分|" + _JI + r"几分(?:算|才|以上|及格|合格|达标)|"
                r"多久|多长(?:的)?时间|百分之几|截止(?:日期|时间)|\bdeadline\b|"
                # a pay asked in English ("what salary range is offered"; "what penalty applies"
                # asks which kind)
                r"\b(?:what|which)\s+(?:is\s+the\s+|are\s+the\s+)?(?:\w+\s+)?(?:salary|salaries|pay|"
                r"wages?)\b|\bsalary range\b|"
                # a sum asked in a currency ("what penalty in yuan")
                r"\bin (?:yuan|rmb|renminbi|(?:us )?dollars|usd|euros?)\b|"
                + _EN_PERIODS + "|" + _DAY_OF_MONTH + "|" + _CLOCK + "|" + _FLOOR + "|"
                + _DIGITS + "|"
                r"(?:工资|薪资|薪水|月薪|年薪|薪酬|待遇)[^，,。？?]{0,6}(?:什么|哪个)(?:范围|区间|水平)|"
                + _PHONE + "|" + _ADDRESS + "|" + _WEBSITE + "|" + _ISSUE_NO + "|" + _PERSON + "|"
                r"\b(?:maximum|minimum|max|min)\b.{0,20}\b(?:fine|penalty|amount|sum|fee|capital|"
                r"headcount|number|staff|employees|people|salary|salaries|pay|wages?)\b|\bheadcount\b|"
                r"\b(?:fine|penalty|fee|salary|compensation)\s+amount\b|\bwhat fines?\b|"
                # what something costs ("What does ISO27001 certification cost")
                r"\bwhat (?:does|do|did|will|would) [^?.,]{1,50}\bcost\b|"
                r"\bwhat (?:were|are) (?:the )?[^?.,]{0,40}\bfigures\b|"
                r"\bamount of (?:the\s+)?(?:fine|penalty|fee|compensation)\b|"
                r"有效期|\bvalidity\b|\bvalid for\b|"
                + WHICH_TIME + r"|哪几年|"
                r"(?:怎么|如何|怎样)(?:计算|核算)|计算(?:方法|方式|标准|公式)|"
                r"(?:什么|啥|多大|多高)(?:的)?(?:比例|比率|费率|税率)|"
                # a sum worked out ("加班费按什么标准算"): a figure or a rate is the answer
                r"(?:费|工资|薪|补偿|赔偿|奖金|补贴)[^，,。？?]{0,6}(?:按什么标准|按什么|怎么|如何|怎样)(?:来)?"
                r"(?:算|计算|核算|发|付|支付|给|发放)|"
                r"\bhow (?:many|much|long)\b|\b(?:what|which) year\b|\bwhat date\b|" + _WHEN)
# What a figure is measured in, when the question says (a rate, a sum of money, a head count, a
# span of time, a frequency for 多久一次: 每年, 定期): question cue -> the shape of a figure in that
# unit. "税率是多少" is not answered by a clause that counts contracts, nor "认证费用是多少" by one
# with a date in it.
_NUM = r"(?:\d[\d.,]*|[零〇一二三四五六七八九十百千万亿两几半]+)\s*"
_UNITS = {
    "rate": (r"几折|几成|" + _POINTS + r"|折扣|权重|税率|利率|费率|比例|比重|占比|份额|百分比|"
             r"百分之(?:几|多少)|增长率|增速|增幅|同比增长|"
             r"\bpercentage\b|\brate\b|\bshare\b",
             r"\d\s*%|百分之|" + _NUM + r"成(?![立为员本果])|" + _NUM + r"倍|" + _NUM + r"折"),
    "money": (r"费用|金额|多少钱|价格|价钱|收费|工资|薪资|薪水|月薪|年薪|薪酬|报酬|补偿|赔偿|罚款|税款|"
              r"成本|资金|注册资本|资本金|起薪|底薪|奖励|补贴|执行额|合同额|营业额|收入|税(?![率务号])|"
              r"违约金|罚金|保证金|押金|定金|"
              r"(?<![浪消花耗])费(?![力劲心时])|"
              r"\bfee|\bcost\b|\bprice\b|\bsalary\b|\bfines?\b|\bpenalt|\brmb\b|\byuan\b|"
              r"\bcapital\b|\b(?:contract|trade|export) value\b|"
              r"\bamount of money\b|\bhow much money\b",
              _NUM + r"(?:万|亿)?\s*(?:元|美元|欧元|人民币|块钱)|[$¥￥]\s*\d"),
    "people": (r"多少(?:万|千|百)?(?:个|位|名)?人|几(?:个|位|名|万|千|百)人|人数|多少名|"
               r"几名(?=\s*(?:[？?，,。]|吗|呢|啊|$))|"
               r"(?:多少|几)(?:个|位|名)?[\u4e00-\u9fff]{0,4}?(?:员工|职工|雇员|人员)|"
               r"(?:人员|员工|职工)(?:总数|总量|数量|规模)?(?:是|有|达到|共)?多少|"
               r"(?:人员|员工|职工)[^，,。？?]{0,6}几(?:个|位|名)(?=\s*(?:[？?，,。]|吗|呢|啊|$))|"
               r"\bheadcount\b|"
               r"\bhow many (?:people|employees|staff|persons|workers)\b",
               _NUM + r"(?:万|千|百)?\s*(?:人|名|位)"),
    # a count of firms, contracts, sites by its measure word (多少家): a date is no count, and
    # 多少份额 asks a share
    "count": (r"多少\s*(?:[家座所]|份(?!额))|(?:企业|公司|机构)(?:的)?(?:总数|数量|数目)|"
              r"\bhow many (?:firms|companies|enterprises|contracts)\b",
              _NUM + r"(?:万|千|百)?\s*[家份座所]"),
    # how to reach a body: a telephone number, a street address
    "phone": (_PHONE,
              r"(?<!\d)(?:\d{3,4}\s*-\s*)?\d{7,8}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)|\+\s?\d{2}"),
    "address": (_ADDRESS,
                r"[路街道巷]\s*\d+\s*号|\d+\s*号(?:院|楼)|大厦|大楼|\b(?:road|street|avenue)\b"),
    "website": (_WEBSITE, r"https?://|\bwww\.|\.(?:com|cn|org|net|gov)\b"),
    "issue_no": (_ISSUE_NO, r"第\s*\d+\s*号|\d{4}\s*年?\s*第\s*\d+\s*号|[〔\[(（]\s*\d{4}\s*[〕\])）]"),
    # a person's name: a title or role, then two or three characters (王明主任, 组长：李华) or before
    "person": (_PERSON, r"(?:先生|女士|教授|博士|研究员|工程师|部长|局长|主任|院长|组长)\s*[:：]?\s*"
                        r"[\u4e00-\u9fff]{2,3}(?:[，,、]|$)|[\u4e00-\u9fff]{2,3}(?:先生|女士|教授|博士|同志)"),
    # 多久一次, and 多久 before a verb of something done again and again (多久要打补丁): how often
    "frequency": (r"(?:多久|多长时间|隔多长时间|间隔多久).{0,15}一次|多久(?=\s*(?:要|得|需|应|就|做|进行))|"
                  r"频率|多频繁|\bhow often\b",
                  r"每\s*(?:一个?|个)?\s*(?:年度?|季度?|月|周|星期|天|日|小时|工作日)|定期|经常"),
    # one period or another ("每月做一次还是每季度做一次"): a period answers, not 定期
    "period": (_PERIOD + r"[^，,。？?]{0,10}还是\s*" + _PERIOD + "|" + _EN_PERIODS,
               _PERIOD),
    # a level or grade (英语要过几级, CMMI几级): a numbered level answers
    "level": (r"几级|多少级|哪一级|(?:几|多少)个?(?:等级|级别)|(?:什么|哪个|哪一个)(?:等级|级别)|"
              r"\bwhat level\b|\bwhich level\b",
              _NUM + r"级|\blevel\s*\d"),
    # an area (规划面积有多少平方公里): a figure in square measure answers
    "area": (r"面积|平方(?:公里|千米|米)|占地|\bsquare (?:kilomet|met)|\bsize of the (?:zone|park|site)\b",
             _NUM + r"(?:万|千|百)?\s*(?:平方(?:公里|千米|米)|亩|公顷)|\bkm2\b|\bsq\.?\s*km\b"),
    # a span: 多久, 几个月, 多少小时(内); a calendar date (创建于1963年, 1至7月, 2月1日) or a decade
    # (70年代) is none
    "duration": (r"多久|多长时间|多长的时间|有效期|\bvalidity\b|\bvalid for\b|"
                 + _JI + r"几(?:天|个月|周|年(?!前)|个?小时|个?学时|个?课时)|"
                 r"多少个?(?:小时|学时|课时|工作日|天|日|周|星期|个月|年)(?!前|度|代)|\bhow long\b|"
                 r"\bhow many (?:hours|days|weeks|months|years)\b",
                 # (几年 alone states no length: "在未来几年内"; 十几年 does)
                 r"(?<![\d.月])(?!(?:1[89]|20)\d\d\s*年)(?!几)" + _NUM
                 + r"(?:个)?\s*(?:天|日|周|星期|个月|年(?!代)|小时|学时|课时|分钟|工作日)"),
    # which months beside how long ("前后改了多久，是哪几个月"): a span of months answers both
    # (2014年2~6月; see `figure_units`); 多久 alone still wants a length (1至7月 is no 多久)
    "months": (r"哪几个?月|几月(?:份)?到几月|从几月",
               r"\d{1,2}\s*[~～至到\-－—]\s*\d{1,2}\s*月|[一二三四五六七八九十]{1,2}\s*[至到~～]\s*"
               r"[一二三四五六七八九十]{1,2}\s*月"),
    # a page count (印出来一共有几页): a figure of pages answers
    "pages": (r"(?<!第)(?:几|多少)页|页数|\bhow many pages\b|\bpage count\b",
              _NUM + r"页|\bpages?\s*\d"),
    # the page a part starts on ("“7 服务安全”从第几页开始"): a table of contents gives it after
    # the heading, in brackets ("7 服务安全 (24)")
    "page": (r"第\s*几\s*页|哪一?页|页码|\b(?:which|what) page\b|\bpage number",
             r"[(（]\s*\d{1,4}\s*[)）]|第\s*\d+\s*页|\bpage\s*\d"),
    # a score (打几分算合格, 多少分及格; not 多少分 alone, as often 多少份 mistyped): points answer
    "score": (r"(?:几|多少)分(?:算|才|以上|及格|合格|达标)|(?:打|得|考|拿|给|评)\s*(?:几|多少)分",
              _NUM + r"分(?![钟之析别类包配工布享担散开])"),
    # how many times (培训每年搞几次): a figure of times answers
    "times": (r"(?:几|多少)次|\bhow many times\b",
              _NUM + r"次"),
    # a day of the month, a time of day, a floor, a number of digits (工资每月几号发, 几点上班, 食堂在
    # 几楼, 密码至少几位数): a figure of that kind answers, not any date or count
    "day": (_DAY_OF_MONTH, r"\d{1,2}\s*[日号]|[一二三四五六七八九十]{1,3}\s*[日号]"),
    "clock": (_CLOCK, r"\d{1,2}\s*(?:[:：]\s*\d{2}|点|时(?!间))|[一二三四五六七八九十]{1,3}\s*点"),
    "floor": (_FLOOR, r"\d+\s*(?:楼|层)|[一二三四五六七八九十]{1,3}\s*(?:楼|层)"),
    "digits": (_DIGITS, _NUM + r"位(?:数|字符|字|以上)?"),
}
# What a rate or a sum of money is of, when the question says (税率, 补偿金, 认证费): the sentence
# that states the figure must speak of the same thing. "增值税税率是多少" is not answered by a growth
# rate (同比增长34.4%), nor "补偿金按多少给" by a contract sum (合同金额596.5亿美元), nor an executed sum
# (执行金额) by the contract sum.
_MEASURED = (
    (r"税", r"税"), (r"利率|利息", r"利率|利息"), (r"费率|费用|收费|(?<![浪消花耗])费(?![力劲心时])", r"费"),
    (r"增长率|增速|增幅|同比增长", r"增长|增速|增幅"), (r"权重", r"权重"),
    (r"工资|薪资|薪水|月薪|年薪|薪酬|报酬|起薪|底薪", r"工资|薪|报酬"),
    (r"注册资本|资本金|\bcapital\b", r"资本|capital"), (r"补偿", r"补偿"), (r"赔偿", r"赔偿"),
    (r"罚款|罚金", r"罚"), (r"违约金", r"违约金"),
    (r"保证金|押金|定金", r"保证金|押金|定金"), (r"补贴", r"补贴"), (r"奖励|奖金", r"奖"), (r"成本", r"成本"),
    (r"收入|营业额", r"收入|营业"), (r"价格|价钱", r"价"),
    # a contract's sum is not what was carried out of it (合同金额 vs 执行金额, 离岸执行额)
    (r"执行(?:金)?额", r"执行"), (r"合同(?:金)?额|签约(?:金)?额", r"合同|签约"),
    (r"社保|社会保险|五险一金|公积金|缴费", r"社保|社会保险|五险一金|公积金|缴费"),
)
MEASURED = [(re.compile(a), re.compile(b)) for a, b in _MEASURED]
# What a date asked for is the date of, when the question says (成立, 施行, 发布): the sentence that
# states the date must speak of that event. "北京赛西认证有限责任公司是哪一年成立的" is not answered
# by the date its standard is to be issued (2XXX-XX-XX发布).
# The same words name the event in the question and in the sentence.
EVENTS = [re.compile(p, re.IGNORECASE) for p in (
    r"成立|创建|创办|设立|组建|建立|founded|established",
    r"施行|实施|生效|in force|effect",
    r"发布|颁布|印发|出台|公布|issued|published",
    r"修订|修改|修正|revis|amend",
    r"废止|废除|失效|作废|撤销|repeal|abolish|revoked|expire",
)]
_DATA = Path(__file__).parent / "data"


def table(name: str) -> list[list[str]]:
    """The rows of a tab-separated file of `kb/data` (places.tsv, regions.tsv), comments and blank
    lines left out, each cell stripped."""
    return [[cell.strip() for cell in line.split("\t")]
            for line in (_DATA / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


# a sentence that names a place of places.tsv or a collective name of regions.tsv states a place
_CARRIES["place"] = "|".join(sorted((re.escape(row[0]) for f in ("places.tsv", "regions.tsv")
                                     for row in table(f)), key=len, reverse=True))
# a numbered section's own line: "6.6 外部供方管理 (22)", "a.1 需求管理", "附录 a (规范性附录)…",
# "四、 参与制订技术规范的主要单位情况"
_CARRIES["section"] = (r"^\s*(?:(?:\d+(?:\.\d+)+|[a-c]\.\d+(?:\.\d+)*|\d+|附录\s*[a-z])\s+|"
                       r"[一二三四五六七八九十]+、\s*)[\u4e00-\u9fff(（]")
# on the question: \b only at an ASCII letter's edge (re.ASCII), so that an English word in a
# Chinese question ("这个standard的scope是什么") has its edges; clause texts keep Unicode \d and \s
_ON_QUESTION = re.IGNORECASE | re.ASCII
ASKS = {name: re.compile(p, _ON_QUESTION) for name, p in _ASKS.items()}
UNITS = {name: (re.compile(ask, _ON_QUESTION), re.compile(shape, re.IGNORECASE))
         for name, (ask, shape) in _UNITS.items()}
ASKS_FIGURE = re.compile(_ASKS_FIGURE, _ON_QUESTION)
CARRIES = {name: re.compile(p, re.IGNORECASE) for name, p in _CARRIES.items()}


# a question that asks yes or no (要不要…, …吗): a figure cue before its last clause describes
# ("外包商出了问题多久才回我们，这个也要打分吗") rather than asks
# (and any A-not-A: 归不归, 值不值, 算不算)
_YES_NO = re.compile(r"要不要|需不需要|用不用|是否|是不是|有没有|能不能|可不可以|会不会|"
                     r"([\u4e00-\u9fff])不\1|[吗么][？?]?\s*$")
# (a sentence the asker ends with 。 is a clause of its own, "…老员工说拿多少钱要看干得好不好。…可以跟
# 业绩挂钩吗"; a ？ ends none: "…最长可以约定几年？离职期间要不要给补偿" asks the figure)
_CLAUSES = re.compile(r"[，,、；;。！!]")
# a figure cue that a "how" question word follows in the same clause names a thing, and the
# question asks how about it ("外包商挣多少钱是怎么跟干得好不好挂上钩的"); not "怎么算", which asks
# for the figure worked out
_HOW_AFTER = re.compile(r"[^，,。？?；;]*?(?:是|要|该|会)?(?:怎么|如何|怎样)"
                        r"(?!\s*(?:算|计算|核算|收|付|给|发))|"
                        # what the figure is tied to ("拿多少钱一般跟什么挂钩"): a rule, no figure
                        r"[^，,。？?；;]*?(?:跟|和|与|同)(?:什么|啥|哪些|哪个)[^，,。？?；;]{0,4}?"
                        r"(?:挂钩|相关|有关|关联|联系|绑定|挂在一起)")


def _last_clause(normalized: str) -> str:
    """The question's last clause: where a yes-or-no question asks what it asks."""
    return _CLAUSES.split(normalized.strip().rstrip("？?。.!！ "))[-1]


def answer_types(normalized: str) -> frozenset[str]:
    """The answer types a question asks for (empty: any sentence may answer it). A figure is
    the fallback: "编号是多少" asks for a code and "哪年是多少" for a date, not for any number."""
    types = {name for name, p in ASKS.items() if p.search(normalized)}
    if "place" in types and all(_names_no_place(normalized, m)
                                for m in ASKS["place"].finditer(normalized)):
        types.discard("place")  # "承包给哪些市场主体" asks which businesses, not which markets
    if types & {"time", "code", "latin"} or "number" in types and all(
            _HOW_AFTER.match(normalized, m.end()) for m in ASKS["number"].finditer(normalized)):
        types.discard("number")  # "挣多少钱是怎么…挂钩的" asks how, not how much
    if "number" in types and _YES_NO.search(normalized) and \
            not ASKS["number"].search(_last_clause(normalized)) and \
            not _asks_figure_first(normalized):
        types.discard("number")  # "要不要盯着外包花了多少钱、值不值": yes or no (`asks_figure`)
    return frozenset(types)


def _names_no_place(normalized: str, m: re.Match) -> bool:
    """Whether the place noun a match of `ASKS["place"]` ends on begins a longer word of the
    dictionary there (市场主体, 国家标准, 国家机关): then it names no place."""
    noun = next((n for n in PLACE_NOUNS if m.group().endswith(n)), "")
    if not noun:
        return False
    at = m.end() - len(noun)
    return any(normalized.startswith(w, at) for w in words_beginning(PLACE_NOUNS))


# a list item's own number ("1.", "（三）", "(3)", "2、") at the start of a line is no figure
ENUMERATOR = re.compile(
    r"(?m)^\s*(?:[(（][\d一二三四五六七八九十]+[)）]|[\d一二三四五六七八九十]+[.、．](?!\d))\s*")


def carries(types: frozenset[str], text: str) -> bool:
    """Whether `text` states something of one of `types` (a list item's own number aside)."""
    if types & {"number", "time"}:
        text = ENUMERATOR.sub("", text)
    return any(CARRIES[t].search(text) for t in types)


def asks_figure(normalized: str) -> bool:
    """Whether the question asks for a figure or a date outright (see `ASKS_FIGURE`); in a yes-or-no
    question only when its last clause does ("需要缴纳印花税吗，税率是多少", not "要不要盯着外包花了多少
    钱、值不值，想办法帮公司省钱"); not when a "how" follows the cue ("挣多少钱是怎么…挂钩的")."""
    if _KEYWORDS.fullmatch(normalized.strip()) and any(
            w.endswith(_FIGURE_NOUNS) for w in normalized.split()):
        return True  # a search by keywords, one of them a figure's name ("外包岗位 月薪 金额")
    cues = list(ASKS_FIGURE.finditer(normalized))
    if not cues or all(_HOW_AFTER.match(normalized, m.end()) for m in cues):
        return False
    if _YES_NO.search(normalized):
        last = _last_clause(normalized)
        cue = next(reversed(list(ASKS_FIGURE.finditer(last))), None)
        # "…需要关心外包花了多少钱吗": whether to mind the figure, not the figure
        minded = cue is not None and _END_YES_NO.search(last) and \
            _MINDS.search(last, 0, cue.start())
        return bool(cue and not minded) or _asks_figure_first(normalized)
    return True


# a search by keywords: two or more words with spaces between and no question in them
_KEYWORDS = re.compile(r"[^\s？?吗呢么]+(?:\s+[^\s？?吗呢么]+)+")
# the names of figures that ask for one among keywords (not 费用 or 薪资, which name topics too:
# "培训外包 费用 成本效益", "岗位福利 薪资待遇")
_FIGURE_NOUNS = ("金额", "数额", "数量", "人数", "占比", "比例")
# a yes-or-no question that ends so (…吗), and verbs of minding something (关心, 盯着, 过问) that
# make a figure after them the thing minded; not of knowing it (知道…多少钱吗 asks the sum)
_END_YES_NO = re.compile(r"[吗么][？?]?\s*$")
_MINDS = re.compile(r"关心|关注|盯|在意|留意|过问|操心|监控|监测|管控|控制|注意|考虑|把关")


# a figure cue that ends its clause, but for a measure word or a particle, after a verb that asks
# ("有效期是几年", "要多少钱"; not "花了多少钱", which tells of an amount)
_CUE_ENDS = re.compile(r"[\u4e00-\u9fff]?\s*(?:啊|呢|呀|哈)?\s*$")
_ASKING_VERB = re.compile(r"(?:是|有|要|需要|为|约|大概|一般)\s*$")


def _asks_figure_first(normalized: str) -> bool:
    """Whether a clause before a yes-or-no question's last one asks a figure itself: it ends with
    the cue and asks nothing else ("证书的有效期是几年，需要年审吗"); not "要不要盯着外包花了多少钱、
    值不值" (the cue inside a yes-or-no clause) nor "外包商出了问题多久才回我们，这个也要打分吗"
    (the cue inside what the question describes)."""
    clauses = _CLAUSES.split(normalized.strip().rstrip("？?。.!！ "))[:-1]
    return any(not _YES_NO.search(c) and (cues := list(ASKS_FIGURE.finditer(c)))
               and _CUE_ENDS.match(c, cues[-1].end())
               and _ASKING_VERB.search(c, 0, cues[-1].start()) for c in clauses)


# a clause that asks whether or what a rule requires ("对技术人员有没有要求"), beside one that asks a
# figure ("要多少人"): the rule answers the first even when it states no figure
_ASKS_RULE = re.compile(r"有没有(?:什么|啥)?(?:硬性|具体|明确)?(?:的)?(?:要求|规定|说法|限制|门槛)|"
                        r"有(?:什么|哪些|啥)(?:硬性|具体|明确)?(?:的)?(?:要求|规定|说法|限制|门槛)|"
                        r"(?:要求|规定|限制|门槛)吗|硬性要求|"
                        # how the standard weighs it ("多久能给回音，考核里是怎么看的")
                        r"(?:是)?(?:怎么|如何|怎样)(?:看|评|评价|考核|衡量|规定|要求)的?\s*$")


_WH = re.compile(r"什么|啥|哪|几|多少|怎么|如何|怎样|谁|何|\b(?:what|which|when|how|who)\b", re.IGNORECASE)


def asked_not_put(normalized: str) -> str:
    """The question without what it puts forward to be confirmed when another part asks outright:
    "金融外包是不是2000年以后才出现的？最早是什么年代开始的？" asks the second part; its 2000年 is a
    guess, not a year the answer must speak of. Unchanged when no part asks outright."""
    parts = [c for c in re.split(r"[，,。？?；;！!]", normalized) if c.strip()]
    asking = [c for c in parts if _WH.search(c) and not _YES_NO.search(c)]
    if not asking or len(asking) == len(parts):
        return normalized
    return "，".join(c for c in parts if not _YES_NO.search(c))


def asks_rule_and_figure(normalized: str) -> bool:
    """Whether one clause of the question asks whether or what is required and another asks a
    figure ("认定对技术人员有没有要求？要多少人？", "对以前的工作履历有什么说法，要多少年经验",
    "外包商出了问题多久能给回音，考核里是怎么看的")."""
    clauses = [c for c in re.split(r"[，,；;。？?！!\s]+", normalized) if c]
    return any(_ASKS_RULE.search(c) and not ASKS_FIGURE.search(c) for c in clauses) and \
        any(ASKS_FIGURE.search(c) and not _ASKS_RULE.search(c) for c in clauses)


# a clause that asks which body or who ("用的哪个部门的经费") names a sum or a rate without asking it
_ASKS_WHICH = re.compile(r"哪(?:个|些|家|位|一个|种|类)|谁|什么(?!时候|时间)|\bwhich\b|\bwho(?:se)?\b",
                       _ON_QUESTION)


def figure_units(normalized: str) -> list[str]:
    """The units a figure the question asks for is measured in (`_UNITS`: rate, money, people,
    duration), when it says; empty when it asks for a plain count or says nothing of the unit. A
    unit word in a clause that asks who, which or what and no figure ("课题是哪年启动的，用的哪个部门的
    经费", "…是什么时候启动的，属于什么经费项目") is not the unit asked for."""
    clauses = [c for c in re.split(r"[，,；;。？?]", normalized) if c.strip()] or [normalized]
    asked = [c for c in clauses if ASKS_FIGURE.search(c) or not _ASKS_WHICH.search(c)]
    units = [name for name, (ask, _) in UNITS.items() if any(ask.search(c) for c in asked)]
    # which months, asked beside how long: a span of months answers both; asked alone it is a
    # date (any month answers "哪几个月")
    if "months" in units:
        units = [u for u in units if u not in ("months", "duration")] + \
            (["months"] if "duration" in units else [])
    # one period or another ("多久要做一次备份，每天还是每周"): 定期 does not say which
    if "period" in units:
        units = [u for u in units if u != "frequency"]
    return units


def measured(normalized: str) -> list[re.Pattern]:
    """What the rate or sum asked for is of (`_MEASURED`), as patterns a sentence must match."""
    return [said for asked, said in MEASURED if asked.search(normalized)]


def dated_event(normalized: str) -> list[re.Pattern]:
    """What the date asked for is the date of (`_EVENTS`: 成立, 施行, 发布), as patterns a sentence
    must match; empty when the question says no such event."""
    return [event for event in EVENTS if event.search(normalized)]


def states_unit(units: list[str], text: str) -> bool:
    """Whether `text` (normalised) states a figure in one of `units`."""
    return any(UNITS[u][1].search(text) for u in units)


def asks_procedure(normalized: str) -> bool:
    """Whether the question asks how to apply or file: which materials, which office, the steps."""
    return bool(ASKS["procedure"].search(normalized))
