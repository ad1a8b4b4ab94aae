"""The one vocabulary of kb: clause kinds, the roles a unit plays in a clause and the bases of a tag, each with the
Chinese label readers see, and the sets derived from them.

Every module, the SQL of metadata.yml included, reads these names from here: the build writes them to the
``clause_kinds``, ``roles`` and ``bases`` tables (kb.store), so a canned query says
``kind in (select kind from clause_kinds where asks = 1)`` instead of spelling a list of its own.
"""
from __future__ import annotations

# Every clause kind, in reading order, with the label a reader sees.
CLAUSE_KIND_LABELS = {"title": "标题", "byline": "署名", "doc_number": "文号", "addressee": "主送", "signature": "落款",
                      "date": "成文日期", "heading": "标题行", "sentence": "句子", "item": "任务项", "goal": "目标项",
                      "note": "责任单位注", "attachment": "附件", "table_header": "表头"}
# The clause kinds of a document's frame, not of its body: its title, 文号, 主送, 落款 and date lines. They ask
# nothing, hold no target and deliver no task.
FRAME_KINDS = frozenset({"title", "byline", "doc_number", "addressee", "signature", "date"})
# Clauses that ask nothing of anyone: a unit named there has no task there. One definition of "a unit's tasks"
# for the units index, a unit's page, its draft and the tagger.
NOT_TASK_KINDS = tuple(sorted(FRAME_KINDS | {"heading", "attachment", "table_header"}))
# Clauses that ask something: the complement of NOT_TASK_KINDS.
TASK_KINDS = tuple(k for k in CLAUSE_KIND_LABELS if k not in NOT_TASK_KINDS)
# Clauses that hold no target: the frame and an attachment's list.
NOT_TARGET_KINDS = FRAME_KINDS | {"attachment"}
# Lines whose unit names are the issuer's signature, not a task's: a byline, the 落款, its date, the 文号, 附件.
SIGNING_KINDS = frozenset({"byline", "signature", "date", "doc_number", "attachment"})

# The roles a unit plays in a clause, strongest first, with their labels (design.md: a guess is never a lead).
ROLE_LABELS = {"lead": "牵头", "cooperate": "配合", "addressee": "主送", "mentioned": "提及", "candidate": "可能相关"}
# The roles that say who does a task (the others: addressee, mentioned, candidate).
RESPONSIBLE_ROLES = ("lead", "cooperate")
# How a tag was found, surest first, with their labels: named in the clause or its item, inherited from the heading
# above, carried down from the parent document's division of labour (kb.align: the counterpart at the child's level
# of a unit the aligned parent task names), inferred from competence words. The last two are guesses (待确认).
BASIS_LABELS = {"explicit": "明确", "inherited": "承接上级", "parent": "承接上级文件分工", "inferred": "按职责推断"}
# A tag made by inference is shown as a guess to be confirmed, whatever its role.
PENDING = "待确认"

# The tier of a document's level (documents.level: 国家, 自治区, 市 …), with its label: documents of one tier may
# set the same indicator and be lined up; a city's figure is no province's. Levels outside these are OTHER_TIER,
# a document without a level UNKNOWN_TIER.
LEVEL_TIERS = {"国家": 0, "省": 1, "自治区": 1, "直辖市": 1, "市": 2, "州": 2, "盟": 2, "地区": 2, "县": 3, "乡": 4}
OTHER_TIER, UNKNOWN_TIER = 5, 9
TIER_LABELS = {0: "国家", 1: "省级", 2: "市级", 3: "县级", 4: "乡级", OTHER_TIER: "其他层级", UNKNOWN_TIER: "层级未注明"}
# Words of a target's wording that make it a yearly flow (质押融资年度金额), not a running total.
ANNUAL_WORDS = ("年度", "每年", "年均", "全年")


def tier_sql(level_column: str) -> str:
    """An SQL expression giving the tier (LEVEL_TIERS) of the level in ``level_column`` (a trusted column name)."""
    cases = " ".join(f"when '{level}' then {tier}" for level, tier in LEVEL_TIERS.items())
    return f"(case coalesce({level_column}, '') when '' then {UNKNOWN_TIER} {cases} else {OTHER_TIER} end)"


def annual_sql(growth_column: str, wording_column: str) -> str:
    """An SQL expression, 1 where a target is a yearly flow (growth ``annual`` or a word of ANNUAL_WORDS in its
    wording), else 0 (trusted column names)."""
    words = " or ".join(f"{wording_column} like '%{word}%'" for word in ANNUAL_WORDS)
    return f"(coalesce({growth_column}, '') = 'annual' or {words})"


def vocabulary_rows() -> dict[str, list[dict]]:
    """The rows of the ``clause_kinds``, ``roles`` and ``bases`` tables: ``{table: [row, ...]}``, each row a dict of
    the table's columns (kind/role/basis, label, and the flags SQL filters on)."""
    return {
        "clause_kinds": [{"kind": kind, "label": label, "ordinal": i, "frame": int(kind in FRAME_KINDS),
                          "asks": int(kind not in NOT_TASK_KINDS)}
                         for i, (kind, label) in enumerate(CLAUSE_KIND_LABELS.items())],
        "roles": [{"role": role, "label": label, "ordinal": i, "responsible": int(role in RESPONSIBLE_ROLES)}
                  for i, (role, label) in enumerate(ROLE_LABELS.items())],
        "bases": [{"basis": basis, "label": label, "ordinal": i} for i, (basis, label) in enumerate(BASIS_LABELS.items())],
    }

# How kb.align found that a document carries another down (implements.how), with its label.
IMPLEMENTS_HOW_LABELS = {"citation": "引用依据", "forwards": "转发印发", "parent_id": "上级文件", "sidecar": "人工登记"}
# A parent task and the child (task_alignments.status): carried down, carried by no child clause, a child task with
# no parent task.
ALIGNMENT_STATUS_LABELS = {"aligned": "已落实", "unimplemented": "未落实", "new": "新增"}
# A child's target beside its parent's of the same indicator (target_comparisons.comparison).
COMPARISON_LABELS = {"stricter": "更严", "looser": "更宽", "equal": "相同", "absent": "未设定",
                     "not_comparable": "不可比"}
# The kinds of reason an alignment records (task_alignments.reasons: [{"kind": …, "detail": …}]).
ALIGNMENT_REASON_LABELS = {"phrases": "共有词语", "indicator": "同一指标", "citation": "引用同一文件", "order": "位置相符",
                           "unit": "对应单位",
                           "section": "章节相近"}
