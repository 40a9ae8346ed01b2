"""The Record type shared by every stage, and its JSON Lines form (README, "The record schema")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kamlit.errors import Malformed, message

DOC_TYPES = ("journal", "thesis", "conference", "newspaper", "book", "standard", "patent", "other")


@dataclass(frozen=True)
class Citations:
    """Citation counts as printed by a listing page (总被引 / 自引 / 他引)."""

    total: int | None = None
    self_: int | None = None
    other: int | None = None

    def to_dict(self) -> dict[str, int | None]:
        """Return the JSON form, whose keys are total/self/other."""
        return {"total": self.total, "self": self.self_, "other": self.other}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Citations:
        """Build from the JSON form; missing keys are None."""
        data = data or {}
        return cls(
            total=_opt_int(data.get("total")),
            self_=_opt_int(data.get("self")),
            other=_opt_int(data.get("other")),
        )


@dataclass(frozen=True)
class Source:
    """Where a record was read: file name, format and 1-based line of its first line."""

    file: str
    format: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {"file": self.file, "format": self.format, "line": self.line}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        """Build from the JSON form."""
        return cls(
            file=str(data["file"]), format=str(data["format"]), line=_opt_int(data.get("line"))
        )


@dataclass(frozen=True)
class Record:
    """One bibliographic record with its abstract; missing values are None or empty."""

    id: str
    abstract: str
    source: Source
    title: str | None = None
    authors: tuple[str, ...] = ()
    journal: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    keywords: tuple[str, ...] = ()
    truncated: bool = False
    citations: Citations = field(default_factory=Citations)
    doc_type: str = "journal"

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON Lines object of the record schema (README), keys in schema order."""
        return {
            "id": self.id,
            "title": self.title,
            "authors": list(self.authors),
            "journal": self.journal,
            "year": self.year,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "keywords": list(self.keywords),
            "abstract": self.abstract,
            "truncated": self.truncated,
            "citations": self.citations.to_dict(),
            "doc_type": self.doc_type,
            "source": self.source.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Record:
        """Build a Record from its JSON Lines object; raises KeyError/ValueError when malformed."""
        return cls(
            id=str(data["id"]),
            title=_opt_str(data.get("title")),
            authors=tuple(str(a) for a in data.get("authors") or ()),
            journal=_opt_str(data.get("journal")),
            year=_opt_int(data.get("year")),
            volume=_opt_str(data.get("volume")),
            issue=_opt_str(data.get("issue")),
            pages=_opt_str(data.get("pages")),
            keywords=tuple(str(k) for k in data.get("keywords") or ()),
            abstract=str(data.get("abstract") or ""),
            truncated=bool(data.get("truncated", False)),
            citations=Citations.from_dict(data.get("citations")),
            doc_type=str(data.get("doc_type") or "journal"),
            source=Source.from_dict(data["source"]),
        )

    @property
    def label(self) -> str:
        """A short human label: the title, else the abstract's first characters."""
        if self.title:
            return self.title
        head = self.abstract[:30]
        return head + ("…" if len(self.abstract) > 30 else "")


def _opt_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _opt_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise Malformed(message("error.decode_integer", value=repr(value)))
    return int(value)
