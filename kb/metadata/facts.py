"""The facts kb reads from a document (DocumentFacts), the document a notice issues or forwards
(AttachedDocument), and the names of the facts a sidecar and ``kb add`` carry (FIELDS)."""
from __future__ import annotations

from dataclasses import dataclass, field



@dataclass
class AttachedDocument:
    """The document a notice issues or forwards, printed after the notice: its title, its first line as printed,
    the 0-based line of the text it starts on, and its issuer and kind where known."""
    title: str
    starts_at: str  # its first line, as printed
    line: int  # 0-based line of the text
    issuer: str | None = None
    kind: str | None = None


@dataclass
class DocumentFacts:
    """The facts kb reads from a document's text (and its page's labels): ``issued_date`` and ``published_at`` as
    YYYY-MM-DD, ``kind`` from the title's last word (notice, plan …), ``level`` and ``jurisdiction`` from the
    issuer's name; ``found_by`` says for each fact where it came from (a line, a label, the 落款)."""
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issued_date: str | None = None
    published_at: str | None = None
    kind: str | None = None
    level: str | None = None
    jurisdiction: str | None = None
    addressees: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    attached: AttachedDocument | None = None
    furniture: list[str] = field(default_factory=list)  # page lines that are no part of the document
    notes: list[str] = field(default_factory=list)  # what a reader should check (a garbled 文号 or date)
    found_by: dict[str, str] = field(default_factory=dict)  # field → where it came from

    def set(self, name: str, value, how: str):
        """Sets fact ``name`` to ``value`` (found ``how``) unless it is already known or ``value`` is empty: the first
        place that gives a fact wins."""
        if name == "title" and isinstance(value, str):
            value = unwrapped(value)
        if value and not getattr(self, name):
            setattr(self, name, value)
            self.found_by[name] = how


def unwrapped(title: str) -> str:
    """A title a page printed inside 《》 as a whole (《X市人民政府关于…的通知》) without them; a title that only
    opens or ends with a cited one (《条例》实施办法) keeps them. Whitespace at the ends goes."""
    title = title.strip()
    if title.startswith("《") and title.endswith("》"):
        depth = 0
        for at, ch in enumerate(title):
            depth += (ch == "《") - (ch == "》")
            if depth == 0 and at < len(title) - 1:
                return title
        return title[1:-1].strip()
    return title
