"""The facts of a document (title, 文号, issuer, date, level …): one table, and everything that lists them reads it.

The sidecar and references.yml keys a document entry may have, the facts ``kb add`` reads from a text and lets a
flag override, its options and its dry-run printout, and the facts ``kb eval`` scores are all taken from
``FACTS``. Its order is the order of a document entry in a sidecar as ``kb add`` writes it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    """One fact of a document.

    ``name``: the attribute of kb.corpus.DocumentRecord and the column of the ``documents`` table; ``key``: the
    key of a sidecar's or references.yml's document entry, and of ``kb add``'s overrides; ``label``: how the
    dry run of ``kb add`` shows it (Chinese, then English; None: not shown as a fact); ``flag``: the ``kb add``
    option that gives it (without ``--``; None: no option); ``help``: that option's help; ``many``: a list of
    text, not a text; ``read``: read from the document's text by kb.metadata (an attribute of DocumentFacts);
    ``one_document``: its flag describes one document, so it is refused with several files; ``required``: every
    entry must have it; ``gold_key``: the key hand-written gold files (tests/*/gold_targets_facts.yml,
    ../shared/real/gold.yml) give it, when they score it."""

    name: str
    key: str
    label: str | None = None
    flag: str | None = None
    help: str | None = None
    many: bool = False
    read: bool = False
    one_document: bool = False
    required: bool = False
    gold_key: str | None = None

    @property
    def overridable(self) -> bool:
        """Whether ``kb add`` takes it from a flag, over what the text says and what references.yml registers."""
        return self.flag is not None

    @property
    def option(self) -> str:
        """The flag as typed (``--number``). Raises ValueError for a fact without one."""
        if self.flag is None:
            raise ValueError(f"the fact {self.name} has no kb add option")
        return f"--{self.flag}"


FACTS: tuple[Fact, ...] = (
    Fact("id", "id", flag="id", help="The document's id (lower-case ASCII, digits, '-').", one_document=True,
         required=True),
    # Where a document after the first of its file begins: its first line as printed (a sidecar's only).
    Fact("starts_at", "starts_at", "起始行 starts at"),
    Fact("title", "title", "标题 title", "title", "The title, instead of the one read from the text.", read=True,
         one_document=True, required=True, gold_key="title"),
    Fact("doc_number", "doc_number", "文号 number", "number", "The 文号, e.g. 国办发〔2014〕64号.", read=True,
         one_document=True, gold_key="doc_number"),
    Fact("issuer", "issuer", "发文机关 issuer", "issuer", "The issuer (发文机关).", read=True, one_document=True,
         gold_key="issuer"),
    Fact("issued_date", "issued_date", "成文日期 date", "date", "The date (成文日期), e.g. 2015-07-31.", read=True,
         one_document=True, gold_key="date"),
    Fact("kind", "kind", "种类 kind", "kind", "notice, plan, opinion, measures …", read=True),
    Fact("level", "level", "层级 level", "level", "国家, 自治区, 省, 市, 县.", read=True, gold_key="level"),
    Fact("jurisdiction", "jurisdiction", "辖区 jurisdiction", "jurisdiction",
         "The government whose units the document speaks of, e.g. 广西壮族自治区.", read=True,
         gold_key="jurisdiction"),
    Fact("parent_id", "parent", "上级文件 parent", "parent", "Id of the notice that issues or forwards this document."),
    Fact("source_url", "source_url", "网址 source_url", "url", "The official URL of the document.",
         one_document=True),
    Fact("addressees", "addressees", "主送 addressees", many=True, read=True),
    Fact("attachments", "attachments", "附件 attachments", many=True, read=True),
    # Other titles of the document (a references.yml entry's title, when the text calls itself otherwise).
    Fact("aliases", "aliases", many=True),
    # Ids of the documents it carries down (落实), when its text does not say so (kb.align: how = sidecar).
    Fact("implements", "implements", "落实 implements", many=True),
)
BY_KEY = {fact.key: fact for fact in FACTS}
KEYS = frozenset(BY_KEY)
OVERRIDABLE = tuple(fact for fact in FACTS if fact.overridable)
READ = tuple(fact for fact in FACTS if fact.read)


def options_of(keys) -> str:
    """The ``kb add`` options of some fact keys, in the table's order, as a user types them: "--title, --date"."""
    wanted = set(keys)
    return ", ".join(fact.option for fact in OVERRIDABLE if fact.key in wanted)
