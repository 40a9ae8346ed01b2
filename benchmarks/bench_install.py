"""What installing kamlit costs: disk and time of a runtime install in a fresh virtual environment.

Run from the repository root (needs network access or a local package index, like any install):

    python benchmarks/bench_install.py [--keep DIR]

Steps: create an empty venv (its own pip and setuptools, measured as the baseline), then
`pip install .` (the runtime dependencies only, no `[dev]`), timed. Printed: the venv's size
before and after, the install's own share (after minus the empty venv), the wall time, and each
installed distribution's size from its RECORD (files it owns, `__pycache__` included once
Python has compiled them), largest first, with what requires it.

pip's download cache makes the second run faster; the size is the same either way.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs inside the new venv: every distribution's size from its RECORD and what requires it.
_SIZES = r"""
import json, re
from importlib.metadata import distributions
rows, needed = {}, {}
for dist in distributions():
    name = dist.metadata["Name"]
    size = 0
    for f in dist.files or ():
        p = f.locate()
        try:
            size += p.stat().st_size
        except OSError:
            pass
    rows[name] = size
    for req in dist.requires or ():
        if "extra ==" in req:
            continue
        dep = re.split(r"[ ;<>=!~\[(]", req, maxsplit=1)[0]
        needed.setdefault(dep.lower().replace("_", "-"), []).append(name)
print(json.dumps({"sizes": rows, "required_by": needed}))
"""


def folder_bytes(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            p = Path(root) / name
            if not p.is_symlink():
                total += p.stat().st_size
    return total


def mb(n: int) -> str:
    return f"{n / 1e6:8.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the venv here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kamlit-install-") as tmp:
        target = args.keep or Path(tmp) / "venv"
        venv.create(target, with_pip=True, clear=True)
        python = target / "bin" / "python"
        empty = folder_bytes(target)
        start = time.perf_counter()
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(ROOT)],
            check=True,
        )
        seconds = time.perf_counter() - start
        # compile what pip did not (pip compiles by default; this only makes runs comparable)
        subprocess.run(
            [str(python), "-m", "compileall", "-q", str(target / "lib")],
            check=False,
            capture_output=True,
        )
        full = folder_bytes(target)
        found = subprocess.run(
            [str(python), "-c", _SIZES], check=True, capture_output=True, text=True
        ).stdout
    data = json.loads(found)
    sizes: dict[str, int] = data["sizes"]
    required_by: dict[str, list[str]] = data["required_by"]
    print(f"python {sys.version.split()[0]}, fresh venv, `pip install .` (runtime only)")
    print(f"empty venv      {mb(empty)}")
    print(f"after install   {mb(full)}")
    print(f"kamlit's share  {mb(full - empty)}  (install time {seconds:.1f} s wall)")
    print()
    print(f"{'distribution':<22}{'size':>11}  required by")
    for name, size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        if size < 1_000_000:
            continue
        by = ", ".join(sorted(set(required_by.get(name.lower().replace("_", "-"), [])))) or "-"
        print(f"{name:<22}{mb(size)}  {by}")


if __name__ == "__main__":
    main()
