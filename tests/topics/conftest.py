"""Tiny hand-made corpora for the topic tests: tokens given directly, no segmenter needed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from kamlit.corpus import PreparedCorpus, from_corpus
from kamlit.text import Corpus, Document, Sentence
from kamlit.text.lexicon import load_lexicon
from kamlit.types import Record, Source

POSTAL = ("邮政", "邮件", "包裹", "网点", "速递", "投递", "邮局", "集邮")
TELECOM = ("电信", "宽带", "移动", "网络", "套餐", "基站", "流量", "通话")


def make_corpus(docs: Sequence[tuple[str, Sequence[str], int | None]]) -> PreparedCorpus:
    """A prepared corpus of (id, tokens, year); each abstract is its tokens joined, one
    sentence; sectors from the shipped lexicons."""
    records = []
    documents = []
    for doc_id, tokens, year in docs:
        text = "，".join(tokens) + "。" if tokens else ""
        records.append(
            Record(
                id=doc_id,
                abstract=text,
                source=Source(file="test.txt", format="test", line=len(records) + 1),
                title=f"标题{doc_id}",
                year=year,
            )
        )
        sentences = (Sentence(0, len(text), text, tuple(tokens), ()),) if text else ()
        documents.append(Document(id=doc_id, sentences=sentences))
    return from_corpus(
        Corpus(records=tuple(records), documents=tuple(documents), lexicon=load_lexicon())
    )


def themed_docs(per_theme: int = 6) -> list[tuple[str, list[str], int | None]]:
    """Postal and telecom abstracts with disjoint vocabularies plus two words shared by all."""
    docs: list[tuple[str, list[str], int | None]] = []
    for name, words in (("p", POSTAL), ("t", TELECOM)):
        for i in range(per_theme):
            picked = [words[(i + j) % len(words)] for j in range(5)]
            year = 2001 + i % 2 if name == "p" else 2001 + i % 3
            docs.append((f"{name}{i + 1}", [*picked, *picked[:3], "客户", "服务"], year))
    return docs


@pytest.fixture
def corpus_of() -> Callable[[Sequence[tuple[str, Sequence[str], int | None]]], PreparedCorpus]:
    """The `make_corpus` helper, for tests that build their own corpus."""
    return make_corpus


@pytest.fixture(name="themed_docs")
def themed_docs_fixture() -> Callable[..., list[tuple[str, list[str], int | None]]]:
    """The `themed_docs` helper."""
    return themed_docs


@pytest.fixture(scope="session")
def themed() -> PreparedCorpus:
    """12 abstracts: 6 postal, 6 telecom (the 't' ids), years 2001–2003."""
    return make_corpus(themed_docs())
