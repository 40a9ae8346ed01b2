"""Web of Science tagged (CiteSpace input): the hand-made export field by field, round trip."""

from __future__ import annotations

from hypothesis import given, settings

from conftest import FIXTURES
from export_writers import WOS_TYPES, expected, records, write_wos
from kamlit.ingest import wos
from kamlit.types import Citations, Record, Source

EXPORT = FIXTURES / "exports" / "wos-savedrecs.txt"


def _parsed() -> wos.ParsedFile:
    return wos.parse(EXPORT.read_text(encoding="utf-8"), file=EXPORT.name, stem=EXPORT.stem)


def test_export_parses_to_the_expected_records() -> None:
    parsed = _parsed()
    assert [r.id for r in parsed.records] == [f"wos-savedrecs:{i}" for i in (1, 2, 4)]
    english, chinese, proceedings = parsed.records
    assert english == Record(
        id="wos-savedrecs:1",
        title="Key account management in the Chinese telecommunications industry: an empirical "
        "study of customer value",
        authors=("Zhang, W", "Li, M"),  # AU, one per line
        journal="INDUSTRIAL MARKETING MANAGEMENT",
        year=2012,
        volume="41",
        issue="6",
        pages="1013-1021",
        keywords=(
            "key account management",
            "telecommunications",
            "customer value",
            "China",
            "RELATIONSHIP MARKETING",
            "PERFORMANCE",
        ),
        abstract="This study examines how Chinese telecom operators manage their key accounts. "
        "Using survey data from 214 enterprise customers, we find that dedicated account teams "
        "and tailored service packages increase customer value and loyalty.",
        citations=Citations(total=17),  # TC, not Z9
        doc_type="journal",
        source=Source(file="wos-savedrecs.txt", format="wos", line=3),
    )
    # A CNKI record converted for CiteSpace: Chinese continuation lines join without a space.
    assert chinese.authors == ("王建国", "李明华")
    assert chinese.abstract.count(" ") == 0 and "问题，从客户细分" in chinese.abstract
    assert (chinese.issue, chinese.pages, chinese.citations.total) == ("2", "45-47", 3)
    assert (proceedings.doc_type, proceedings.authors, proceedings.citations.total) == (
        "conference",
        ("Chen, X", "Liu, Y", "Zhao, Q"),
        0,
    )


def test_record_without_er_is_reported_and_skipped() -> None:
    assert [p.render() for p in _parsed().problems] == [
        "wos-savedrecs.txt:50: record 3 is not terminated by 'ER' (file cut short or record "
        "damaged); skipped"
    ]


def test_cut_off_file_loses_only_its_last_record() -> None:
    text = EXPORT.read_text(encoding="utf-8").split("PT S")[0].replace("VL 35\n", "VL 35\nER\n")
    parsed = wos.parse(text + "PT J\nTI Cut off\n", file="w.txt", stem="w")
    assert [r.id for r in parsed.records] == ["w:1", "w:2", "w:3"]
    assert [p.line for p in parsed.problems] == [len(text.split("\n"))]


def test_sniff() -> None:
    assert wos.sniff(EXPORT.read_text(encoding="utf-8"))
    assert wos.sniff("PT J\nAU Zhang, W\nTI Title\nER\n")
    assert not wos.sniff("TY  - JOUR\nTI  - x\nER  - \n")
    assert not wos.sniff("RT Journal Article\nT1 x\n")


@settings(max_examples=60, deadline=None)
@given(records(doc_types=list(WOS_TYPES), citations=True))
def test_round_trip(generated: list[Record]) -> None:
    written = write_wos(generated)
    parsed = wos.parse(written.text, file="savedrecs.txt", stem="savedrecs")
    assert parsed.problems == ()
    assert list(parsed.records) == expected(generated, written, file="savedrecs.txt", fmt="wos")
