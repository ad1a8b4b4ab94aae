"""The indicator of a figure read by grammar, where no metric of rules/metrics.yml names it: the words before a
verb of attainment (全市数字经济核心产业增加值达到320亿元), a verb of creation and its object (新建高标准农田2万亩),
or, with no verb, the words a figure's layout gives (a rate, a fronted object, a table's cell). The verbs and words
are rules/targets.yml ``indicator``."""
from __future__ import annotations

import re

from ..rule_models.targets import Indicator, TargetsFile

# The most characters before 分别 read as the names it pairs with figures.
_RESPECTIVE_CHARS = 200
# The words since the figure before, without the 以上/左右 of that figure and the 、/和 that lists this one.
_LIST_OPENING = r"^\s*(?:以上|以下|以内|左右)?[、和及与\s]*"
# A figure listed after the one before it with a 、 between (900万亩以上、产量70亿斤以上).
_LISTED = re.compile(r"\s*(?:以上|以下|以内|左右)?\s*、")


def read_indicator(grammar: TargetsFile, piece: str, number_at: int, previous: str | None, stated: bool = False,
                   after: str = "", verbless: bool = False, previous_end: int = 0) -> str | None:
    """The indicator of the number at ``number_at`` of ``piece`` (a piece of a clause's parsing view) by
    rules/targets.yml (``grammar``): the words before a verb of attainment (全市数字经济核心产业增加值达到320亿元),
    or a verb of creation and its object (新建高标准农田2万亩); None where no such verb stands before the number
    (在全省11个地市中 is no target). With no verb, a rate (上等烟比例70%), an object fronted by 对 (对28个小区进行
    改造), a figure before its subject (50%以上医院达到…) and, where ``verbless`` (a table's cell, a section of
    aims), the words before the number name it. ``previous`` is the indicator of the figure before in the clause,
    ``previous_end`` where that figure ends in the piece; ``stated`` tells a figure stated as what is (为…);
    ``after`` is the piece after the number's unit."""
    wording = _wording(grammar, piece[:number_at], previous, stated, after, verbless, previous_end)
    return None if wording is None else _finished(grammar.indicator, wording, previous)


def _wording(grammar: TargetsFile, before: str, previous: str | None, stated: bool, after: str, verbless: bool,
             previous_end: int) -> str | None:
    """The indicator's words, before they are finished: by a word of statement, a verb of attainment or of
    creation, else by the figure's layout."""
    g = grammar.indicator
    compare = _compare_verb(g, before)
    create = min(((before.find(v), v) for v in g.create_verbs if v in before),
                 key=lambda c: (c[0], -len(c[1])), default=None)
    # The words since the figure before it in the piece (合格率80%以上、综合等级纯度90%以上 → 综合等级纯度).
    own = re.sub(_LIST_OPENING, "", before[previous_end:])
    statement = next((w for w in sorted(grammar.statement_words, key=len, reverse=True)
                      if before.rstrip().endswith(w)), None) if stated else None
    if statement is not None:
        return _bare(grammar, before.rstrip()[:-len(statement)])  # 县域内就诊率为83.5%
    if compare is not None and (create is None or compare[0] >= create[0]):
        return _compared(grammar, before, compare, previous, previous_end)
    if create is not None:
        return _created(grammar, before, create, own, previous_end, after)
    return _verbless(grammar, before, after, own, previous, verbless, previous_end)


def _compare_verb(g: Indicator, before: str) -> tuple[int, str] | None:
    """(offset, verb) of the last verb of attainment before the number (the longest where two end together:
    提高到 over 到); a verb that counts only right before its number (收入超400亿元, 寿命≥71岁) is the last one."""
    compare = max(((before.rfind(v), v) for v in g.compare_verbs if v in before),
                  key=lambda c: (c[0] + len(c[1]), len(c[1])), default=None)
    adjacent = next((v for v in g.adjacent_compare_verbs if before.rstrip().endswith(v)), None)
    if adjacent is not None:
        compare = (len(before.rstrip()) - len(adjacent), adjacent)
    return compare


def _compared(grammar: TargetsFile, before: str, compare: tuple[int, str], previous: str | None,
              previous_end: int) -> str:
    """The words of a number after a verb of attainment: its subject before the verb."""
    at, verb = compare
    between = before[at + len(verb):].strip()
    named = _respective(grammar.indicator, before[:at], between)
    if named is not None:
        return _bare(grammar, named)
    # A list of figures, each with its own verb (A增长5%以上、B增长8%左右): this one's words start after
    # the figure before it. Past a 、 with no figure, the verb was another member's (…与经济增长基本同步、
    # 粮食产量500亿斤): the words after the 、 name this one.
    start = previous_end if 0 < previous_end <= at else 0
    own = re.sub(_LIST_OPENING, "", before[previous_end:]) if previous_end > at else ""
    if own and _LISTED.match(before, previous_end) and _bare(grammar, own) and not re.search(r"[\d《》]", own):
        return _bare(grammar, own)  # 面积达到12万亩、产量30万担以上: one more figure of the aim, by its own words
    if "、" in between and not re.search(r"\d", between):
        wording = _bare(grammar, between.rsplit("、", 1)[1])
    else:
        # (从61%提高到78%: nothing since the figure before, so the verb's subject is this one's too.)
        wording = _bare(grammar, re.sub(_LIST_OPENING, "", before[start:at])) \
            or _bare(grammar, before[:at]) or (verb + between if _bare(grammar, between) else "") \
            or previous or ""  # (增加义务教育学位5000个: the verb and its object; 力争达到14.3亿斤: the same)
    per_capita = grammar.indicator.per_capita
    if between and per_capita and between.startswith(tuple(per_capita)):
        wording = between + wording  # 发明专利拥有量达到每万人口8件 → 每万人口发明专利拥有量
    if verb in grammar.indicator.named_by_verb and wording and not wording.endswith(verb):
        wording += verb  # 高新技术企业净增60家: the net growth is what is counted
    return wording


def _respective(g: Indicator, subject: str, between: str) -> str | None:
    """The name a figure pairs with in a respective list (甲率、乙率和丙率分别达到90%、99%和92%: 92% → 丙率), by
    how many figures stand between the verb and it (``between``); None where the subject is no such list or holds
    fewer names."""
    # (Names before 分别 fill a line at most: the pattern reads no further back, however long the piece.)
    listed = g.respective.search(subject[-_RESPECTIVE_CHARS:]) if subject.rstrip().endswith("分别") else None
    if listed is None:
        return None
    names = listed.group("names").split("、")
    last = names[-1]
    joiner = max((last.rfind(j), j) for j in g.respective_joiners) if g.respective_joiners else (-1, "")
    if joiner[0] > 0:
        names[-1:] = [last[:joiner[0]], last[joiner[0] + len(joiner[1]):]]
    if any(len(name.strip()) < 2 for name in names):
        return None  # 城、乡居民人均可支配收入分别增长8%、9%: one name its members share, not a list of names
    order = len(re.findall(r"\d+(?:\.\d+)?", between))
    return names[order] if order < len(names) else None


def _created(grammar: TargetsFile, before: str, create: tuple[int, str], own: str, previous_end: int,
             after: str) -> str:
    """The words of a number after a verb of creation: the verb and its object."""
    g = grammar.indicator
    # The verb of creation since the last figure before the number heads it (… 24 4.新投放自行车3000辆);
    # a figure listed after another under one verb (新建道路20条、桥梁3座) is named by its own words.
    since = max((m.end() for m in re.finditer(r"\d", before)), default=0)
    local = min(((before.find(v, since), v) for v in g.create_verbs if v in before[since:]),
                key=lambda c: (c[0], -len(c[1])), default=None)
    if local is not None:
        wording = _bare(grammar, before[local[0]:])
    elif previous_end and _bare(grammar, own) and not re.search(r"[\d《》]", own):
        wording = _bare(grammar, own)
    else:
        wording = _bare(grammar, before[create[0]:])
    if wording in g.create_verbs:
        # 建成5个国家级示范区: the verb stands right before the number, its object after the unit.
        wording = object_after(after) or wording
    return wording


def object_after(after: str) -> str:
    """The object a verb's figure counts, printed after its unit (建成5个国家级示范区 → 国家级示范区): the words up to
    the first mark or 的."""
    return re.split(r"[,，;；。、:：的]", after, 1)[0].strip()


def _verbless(grammar: TargetsFile, before: str, after: str, own: str, previous: str | None,
              verbless: bool, previous_end: int = 0) -> str | None:
    """The words of a number with no verb before it, as its layout gives them; None where none does.
    ``previous_end`` is where the figure before it in the piece ends (0: none)."""
    g = grammar.indicator
    if g.threshold_count.search(before):
        # 营业收入超1000亿元的2个、超500亿元的5个: the bar names the count that clears it.
        return _bare(grammar, before.rsplit("、", 1)[-1])
    if aim := g.aim_of.search(before):
        if aim.group("verb") in ("", "数") and previous:
            return previous  # 通村公路136.9公里,占目标任务100公里的…: the aim of the figure before
        # 竣工任务涉及9.5万套: the task's words before what it holds.
        return _bare(grammar, re.sub(r"^\s*占", "", before[:aim.start("verb")]))
    if previous and re.fullmatch(r"\s*(?:%s)[^,，;；。:：\d]{1,20}的\s*" % "|".join(map(re.escape, g.share_words)),
                                 before):
        return _bare(grammar, before).removesuffix("的")  # …85万人,占从业人员的40%以上: a share of the figure before
    if g.fronted_object.before.search(before) and g.fronted_object.after.match(after):
        # 对28个小区进行改造: the object after the unit and the action are the indicator.
        return g.fronted_object.after.match(after).group()
    if g.share_of.match(after) and not before.rstrip().endswith(tuple(g.share_words)):
        # 50%的社区建成…: a share of what follows, up to what it is to do.
        return _subject(grammar, g.share_of.sub("", after, 1))
    if g.each_has.search(before):
        # 每个县有1家以上…医院: what each is to have.
        return _subject(grammar, after)
    breakdown = g.breakdown.search(before)
    if breakdown and _bare(grammar, breakdown["part"]):
        return _bare(grammar, breakdown["part"])  # 其中,甲市550户、乙市1300户: each part's share
    planned = g.planned.search(before)
    if planned and _bare(grammar, planned["words"]):
        return _bare(grammar, planned["words"])  # 计划粮食播种面积750万亩: what is planned
    if previous and not re.search(r"[\d《》]", before) and _bare(grammar, before):
        # A figure listed after another (营业收入达到486亿元,软件著作权登记量1.2万件): its words before the number.
        return _bare(grammar, before)
    if previous and previous_end and _LISTED.match(before, previous_end) and _bare(grammar, own) \
            and not re.search(r"[\d《》]", own):
        # One more figure listed after 、 under the same aim (面积900万亩以上、产量70亿斤以上): its own words.
        return _bare(grammar, own)
    if own.rstrip().endswith(tuple(g.rate_words)) or (verbless and _bare(grammar, own)
                                                     and not own.rstrip().endswith("的")
                                                     and not re.search(r"[《》]", own)):
        return _bare(grammar, own)  # 上等烟比例70%以上; a table's cell 居民消费价格涨幅3%左右
    if not _bare(grammar, before):
        # A figure before its subject (50%以上县级医院达到…标准), or one more in a list (2个千亿级产业集群和
        # 6个五百亿级产业集群): the words after the unit.
        subject = re.split(r"[,，;；。、:：]", after, 1)[0]
        subject = re.sub(r"^(?:以上|以下|左右|的)+", "", subject.strip())
        verb = min((subject.find(v) for v in g.compare_verbs if v in subject), default=-1)
        # (…分别增长8%左右和8.5%左右: a figure opening its piece with no words after it is one more of the
        # figure before.)
        return (subject[:verb] if verb > 0 else subject if previous else "") or (
            previous if previous and not before.strip() else None)
    return None


def growth_of(grammar: TargetsFile, before: str, previous: str | None) -> str | None:
    """The name of a growth that says only how the figure before it grows (…10亿人次以上,年均增长13.6%左右:
    云南省接待旅游总人数年均增长), from ``before`` (the piece up to the number) and ``previous`` (the indicator of
    the figure before); None where ``before`` is more than such words."""
    g = grammar.indicator
    compare = _compare_verb(g, before)
    if not previous or compare is None or before[compare[0] + len(compare[1]):].strip():
        return None
    how = _bare(grammar, before[:compare[0]])
    return previous + how + compare[1] if how in g.not_indicators else None


def _finished(g: Indicator, wording: str, previous: str | None) -> str | None:
    """The indicator as kept: a share named after what it is a share of, no baseline, no quotation marks; None
    for a word that says how, not what (年均, 同比), and for one too short or too long."""
    if wording.startswith(tuple(g.share_words)) and previous:
        # …增加值达到320亿元,占地区生产总值比重提高到9% (and past its growth: …,年均增长11.8%,占…).
        cut = min((previous.find(w, 1) for w in g.not_indicators if previous.find(w, 1) > 0), default=len(previous))
        wording = previous[:cut] + wording
    if wording in g.not_indicators:
        return None
    # 在2020年基础上, 较2020年: a baseline is no part of the indicator's name; nor are quotation marks, nor a
    # remark on what it includes ((含…)).
    wording = re.sub(g.baseline, "", wording)
    wording = re.sub(g.remark, "", wording)
    wording = re.sub(r"[“”\"‘’'\s|]", "", wording)  # (and a table cell's bar: 地区生产总值 | 增长5.5%)
    return wording if 2 <= len(wording) <= g.max_chars else None


def _subject(grammar: TargetsFile, after: str) -> str:
    """The words after a figure up to the end of its piece or its first verb (以上三级医院 → 三级医院)."""
    g = grammar.indicator
    subject = re.sub(r"^(?:以上|以下|左右|的)+", "", re.split(r"[,，;；。、:：]", after, 1)[0].strip())
    verb = min((subject.find(v) for v in g.compare_verbs + g.create_verbs if subject.find(v) > 0),
               default=-1)
    return subject[:verb] if verb > 0 else subject


def _bare(grammar: TargetsFile, wording: str) -> str:
    """An indicator's words without the time phrase, scope words and punctuation around them."""
    g = grammar.indicator
    wording = grammar.year.sub("", wording)
    wording = re.sub(g.strip, "", wording).strip(" ,;:，；：、")
    for word in sorted(g.scope_words, key=len, reverse=True):
        if wording.startswith(word):
            wording = wording[len(word):]
    return wording
