"""rules/modality.yml: what a clause asks (要求, 鼓励, 目标 …), by the words of its first matching rule."""
from __future__ import annotations

from typing import Literal

from .base import Part, Rule, Words


class Modality(Rule):
    """A modality: its ``label`` (the Chinese word stored on the clause) and ``words``, matched as whole jieba
    tokens, anywhere in the clause or, with ``position: first``, only as its first word."""
    label: str
    words: Words
    position: Literal["anywhere", "first"] = "anywhere"


class ModalityFile(Part):
    """The whole of rules/modality.yml: the modalities in the order they are tried, and the label of a clause
    that has none of their words."""
    modalities: list[Modality]
    default: str
