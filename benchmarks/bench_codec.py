"""Reading a run folder back: `load_run` per file, and kamlit's codec against pydantic.

Runs `kamlit run` once on the default corpus into a temporary folder, then times each result
type's `from_dict` on its file, and decoding sectors.json's records scaled up to the size of the
People's Daily benchmark (14,400 records) with `kamlit.codec.from_plain` and, when pydantic is
installed, with a pydantic `TypeAdapter` of the same dataclasses:

    python benchmarks/bench_codec.py [--scale N] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    """The fastest of `repeat` calls, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=720, help="copies of the 20 records")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from kamlit.codec import from_plain
    from kamlit.graph.model import ConceptGraph
    from kamlit.pipeline import run_pipeline
    from kamlit.runfolder import load_run
    from kamlit.sectors import RecordSectors, SectorAssignment
    from kamlit.settings import Settings
    from kamlit.summarize.model import SectorDigests
    from kamlit.terms import TermsResult
    from kamlit.topics.result import TopicModelResult

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KAMLIT_CACHE_DIR"] = str(Path(tmp) / "cache")
        out = Path(tmp) / "run"
        run_pipeline([ROOT / "corpus"], settings=Settings(), out_dir=out)
        print(
            f"load_run (whole folder): {1000 * best_of(lambda: load_run(out), args.repeat):.1f} ms"
        )
        files: list[tuple[str, Callable[[Any], Any]]] = [
            ("sectors.json", SectorAssignment.from_dict),
            ("terms/terms.json", TermsResult.from_dict),
            ("topics/topics.json", TopicModelResult.from_dict),
            ("graph/graph.json", ConceptGraph.from_dict),
            ("digests/digests.json", SectorDigests.from_dict),
        ]
        for name, build in files:
            data = json.loads((out / name).read_text(encoding="utf-8"))
            seconds = best_of(lambda: build(data), args.repeat)  # noqa: B023
            print(f"  {name:22} from_dict {1000 * seconds:7.2f} ms")
        records = json.loads((out / "sectors.json").read_text(encoding="utf-8"))["records"]
    scaled = records * args.scale
    kind = tuple[RecordSectors, ...]
    codec = best_of(lambda: from_plain(kind, scaled), args.repeat)
    print(f"{len(scaled)} sector records: kamlit.codec {codec:.3f} s", end="")
    try:
        from pydantic import TypeAdapter
    except ImportError:
        print(" (pydantic not installed)")
        return
    adapter = TypeAdapter(kind)
    pyd = best_of(lambda: adapter.validate_python(scaled), args.repeat)
    print(f", pydantic {pyd:.3f} s")


if __name__ == "__main__":
    main()
