"""How fast `read_paths` reads a large CNKI RefWorks export (target: 10,000 records in < 2 s).

Run from the project root:

    PYTHONPATH=src python benchmarks/bench_ingest.py [--records 10000] [--repeat 3]

It writes a synthetic export (CNKI layout: `;`-joined authors and keywords, zero-padded
issues, wrapped abstracts, `(#br)` and `<正>` markers, 1 in 50 records a duplicate of an
earlier one) to a temporary folder, once as UTF-8 and once as GB18030 with CRLF line ends,
and times the whole ingest (decode, detect, parse, dedupe) of each. Figures are the best of
`--repeat` runs; CPU seconds are printed too, since other work on a busy machine
stretches wall-clock time but not CPU time.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

from kamlit.ingest import read_paths

_WORDS = (
    "大客户", "营销", "电信", "邮政", "运营商", "客户关系管理", "客户价值", "服务质量", "差异化",
    "渠道", "集团客户", "客户经理", "满意度", "忠诚度", "流失", "预警", "细分", "策略", "体系",
    "考核", "激励", "速递", "物流", "移动", "联通", "网通", "信息化", "解决方案",
)  # fmt: skip
_SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"
_JOURNALS = ("通信企业管理", "中国邮政", "邮政研究", "移动通信", "中国电信业", "通信世界")


def _sentence(rng: random.Random) -> str:
    return "".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 14))) + "。"


def make_export(count: int, *, seed: int = 7) -> str:
    """A RefWorks export of `count` records (deterministic for a given seed)."""
    rng = random.Random(seed)
    records: list[str] = []
    for i in range(count):
        if i and i % 50 == 0:
            records.append(records[rng.randrange(len(records))])
            continue
        authors = ";".join(
            rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.randint(1, 2)))
            for _ in range(rng.randint(1, 4))
        )
        sentences = [_sentence(rng) for _ in range(rng.randint(4, 9))]
        abstract = "".join(sentences[:3]) + "(#br)" + "".join(sentences[3:])
        if rng.random() < 0.1:
            abstract = "<正>" + abstract
        cut = len(abstract) // 2
        start = rng.randint(1, 120)
        records.append(
            "\n".join(
                [
                    "RT Journal Article",
                    "SR 1",
                    f"A1 {authors};",
                    f"T1 {''.join(rng.sample(_WORDS, 4))}研究{i}",
                    f"JF {rng.choice(_JOURNALS)}",
                    f"YR {rng.randint(1995, 2012)}",
                    f"IS {rng.randint(1, 12):02d}",
                    f"OP {start}-{start + rng.randint(1, 5)}",
                    "K1 " + ";".join(rng.sample(_WORDS, 4)) + ";",
                    f"AB {abstract[:cut]}",
                    abstract[cut:],
                    "DS CNKI",
                    "",
                ]
            )
        )
    return "\n".join(records)


def _time(path: Path, repeat: int) -> tuple[float, float, int, int]:
    """Best wall-clock and best CPU seconds over `repeat` runs, and what the last run gave."""
    wall = cpu = float("inf")
    kept = merged = 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = read_paths([path])
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
        kept, merged = len(result.records), len(result.merges)
    return wall, cpu, kept, merged


def main() -> None:
    """Generate the exports, time them, print records/s and seconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = make_export(args.records)
    with tempfile.TemporaryDirectory() as tmp:
        variants = {
            "utf-8, LF": (Path(tmp) / "refworks-utf8.txt", text.encode("utf-8")),
            "gb18030, CRLF": (
                Path(tmp) / "refworks-gb18030.txt",
                text.replace("\n", "\r\n").encode("gb18030"),
            ),
        }
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(
            f"RefWorks export, {args.records:,} records, best of {args.repeat} "
            f"({os.cpu_count()} CPUs, load average {load}):"
        )
        for label, (path, data) in variants.items():
            path.write_bytes(data)
            wall, cpu, kept, merged = _time(path, args.repeat)
            print(
                f"  {label:<14} {len(data) / 1e6:4.1f} MB  {wall:5.2f} s  "
                f"{args.records / wall:7,.0f} records/s  (CPU {cpu:.2f} s; "
                f"{kept:,} records after {merged:,} merges)"
            )


if __name__ == "__main__":
    main()
