"""`kamlit run` end to end: a cold run, the same run again, and a run with only topics.k changed.

Each run is a separate `kamlit run` process (imports and dictionary loads included, as a user
sees them) against a fresh cache folder, on the default corpus unless paths are given:

    python benchmarks/bench_run.py [PATH…] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kamlit_run(paths: list[str], out: Path, cache: Path, config: Path) -> float:
    """Run `kamlit run` in a child process; return its wall time in seconds."""
    env = dict(os.environ, KAMLIT_CACHE_DIR=str(cache))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    argv = [
        sys.executable,
        "-m",
        "kamlit",
        "run",
        *paths,
        "--out",
        str(out),
        "--quiet",
        "--config",
        str(config),
    ]
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def scenario(paths: list[str], first_k: str, second_k: str) -> tuple[float, float, float]:
    """Cold run with k=first_k, the same again (warm), then k=second_k."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        cfg_a, cfg_b = base / "a.toml", base / "b.toml"
        cfg_a.write_text(f'[topics]\nk = "{first_k}"\n', encoding="utf-8")
        cfg_b.write_text(f'[topics]\nk = "{second_k}"\n', encoding="utf-8")
        cache = base / "cache"
        cold = kamlit_run(paths, base / "run1", cache, cfg_a)
        warm = kamlit_run(paths, base / "run2", cache, cfg_a)
        changed = kamlit_run(paths, base / "run3", cache, cfg_b)
    return cold, warm, changed


def main() -> None:
    """Print the timings of each scenario and the speed-up of the changed-K run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "corpus")])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"kamlit run on {', '.join(args.paths)}; load average {os.getloadavg()[0]:.2f}")
    print(f"{'scenario':<28}{'cold':>9}{'warm':>9}{'K changed':>11}{'speed-up':>10}")
    for first, second in (("auto", "5"), ("4", "5")):
        for _ in range(args.repeat):
            cold, warm, changed = scenario(args.paths, first, second)
            label = f"k={first} then k={second}"
            print(f"{label:<28}{cold:>8.2f}s{warm:>8.2f}s{changed:>10.2f}s{cold / changed:>9.1f}×")


if __name__ == "__main__":
    main()
