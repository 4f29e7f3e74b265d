"""Benchmark: retort against Alembic itself on generated linear histories.

Usage: .venv/bin/python bench/bench.py [--sizes 1000,10000] [--repeat 5]

Builds retort in release mode if needed, generates projects of the given sizes in a
temporary directory, and prints the median wall time of
  - `retort heads` and `retort lint` (the whole CLI process),
  - `alembic heads` (the whole CLI process, which imports every revision file),
  - Alembic's ScriptDirectory loading the revision map in-process (no process start),
with the ratio of each Alembic figure to `retort heads`. Prints; asserts nothing.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(dest: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    versions = dest / "versions"
    versions.mkdir(parents=True)
    (dest / "alembic.ini").write_text("[alembic]\nscript_location = %(here)s\n")
    parent = None
    for i in range(count):
        rev = "%012x" % rng.getrandbits(48)
        (versions / f"{rev}_step_{i}.py").write_text(
            f'''"""step {i}

Revision ID: {rev}
Revises: {parent or ""}
Create Date: 2024-01-01 00:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "{rev}"
down_revision: Union[str, Sequence[str], None] = {parent!r}
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("t{i % 50}", sa.Column("c{i}", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("t{i % 50}", "c{i}")
'''
        )
        parent = rev


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def load_in_process(project: Path) -> None:
    # A fresh process each time would count interpreter start-up; this measures only
    # Alembic importing the files and building its map.
    code = (
        "import time,sys;from alembic.config import Config;from alembic.script import ScriptDirectory;"
        "t=time.perf_counter();s=ScriptDirectory.from_config(Config(sys.argv[1]));s.get_heads();"
        "print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(project / "alembic.ini")], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    retort = ROOT / "target/release/retort"
    alembic = Path(sys.executable).parent / "alembic"
    print(f"machine: {os.cpu_count()} cores; retort threads: default (all cores)")
    print(f"{'revisions':>9} {'retort heads':>13} {'retort lint':>12} {'alembic heads':>14} {'alembic map':>12} {'ratio cli':>10} {'ratio map':>10}")
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "p"
            generate(project, size)
            t_heads = median_time(lambda: run([retort, "heads"], project), args.repeat)
            t_lint = median_time(lambda: run([retort, "lint"], project), args.repeat)
            t_alembic = median_time(lambda: run([alembic, "heads"], project), max(1, args.repeat // 2))
            t_map = statistics.median(load_in_process(project) for _ in range(max(1, args.repeat // 2)))
            print(
                f"{size:>9} {t_heads * 1000:>11.1f}ms {t_lint * 1000:>10.1f}ms {t_alembic * 1000:>12.1f}ms "
                f"{t_map * 1000:>10.1f}ms {t_alembic / t_heads:>9.1f}x {t_map / t_heads:>9.1f}x"
            )


if __name__ == "__main__":
    main()
