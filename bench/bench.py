"""Benchmark: retort against Alembic itself on generated linear histories.

Usage: .venv/bin/python bench/bench.py [--sizes 1000,10000] [--repeat 5]
           [--add-column-sizes 2000,20000] [--heads 5000] [--model-classes 20000]
           [--retort PATH]

Builds retort in release mode if needed, generates projects of the given sizes in a
temporary directory (50 tables created by the first revision; then each revision adds a
column, with indexes, renames, drops and data SQL mixed in; a SQLAlchemy model that
agrees with the head; an env.py on SQLite), and prints the median wall time of
  - `retort heads` and `retort lint` (the whole CLI process; lint with its default
    rules, which include the schema replay and the model check),
  - `alembic heads` (the whole CLI process, which imports every revision file),
  - Alembic's ScriptDirectory loading the revision map in-process (no process start),
  - `alembic upgrade head` on a fresh SQLite file plus `alembic check`: what Alembic
    needs to find what retort's model check finds (sizes up to --check-max),
with the ratios: alembic heads and map to `retort heads`, upgrade+check to
`retort lint`; and the peak resident memory of `retort lint` and `alembic heads`.

Then the shapes that once made retort quadratic, each timed once with its peak memory:
  - add-column: one table created by the first revision, every later revision adds a
    column to it (the replay's worst case for copying schemas), against `alembic heads`;
  - heads: one base and N revisions on it, each adding a column: N unmerged heads
    (RT205 compares branches);
  - model classes: one revision and a model file of N declarative classes.
Prints; asserts nothing.
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


TABLES = 50


def ops_of(i: int):
    """(upgrade lines, downgrade lines) of revision i: a schema history the replay and
    the model check have real work on."""
    if i == 0:
        up, down = [], []
        for t in range(TABLES):
            up.append(
                f'op.create_table("t{t}", sa.Column("id", sa.Integer(), nullable=False), '
                f'sa.Column("name", sa.String(length=50), nullable=True), sa.PrimaryKeyConstraint("id"))'
            )
            down.insert(0, f'op.drop_table("t{t}")')
        return up, down
    t = i % TABLES
    up = [f'op.add_column("t{t}", sa.Column("c{i}", sa.Integer(), nullable=True))']
    down = [f'op.drop_column("t{t}", "c{i}")']
    if i % 10 == 0:
        up.append(f'op.create_index(op.f("ix_t{t}_c{i}"), "t{t}", ["c{i}"], unique=False)')
        down.insert(0, f'op.drop_index(op.f("ix_t{t}_c{i}"), table_name="t{t}")')
    if i % 50 == 0:
        k = i - 25  # never indexed, never dropped
        up.append(f'op.alter_column("t{k % TABLES}", "c{k}", new_column_name="r{k}", existing_type=sa.Integer())')
        down.insert(0, f'op.alter_column("t{k % TABLES}", "r{k}", new_column_name="c{k}", existing_type=sa.Integer())')
    if i % 50 == 5 and i > 50:
        k = i - 50  # same table; never an indexed column (SQLite cannot drop those)
        up.append(f'op.drop_column("t{t}", "c{k}")')
        down.insert(0, f'op.add_column("t{t}", sa.Column("c{k}", sa.Integer(), nullable=True))')
    if i % 100 == 0:
        up.append(f'op.execute("UPDATE t{t} SET name = \'step {i}\'")')
    return up, down


def model_columns(count: int):
    """Table -> [(column, indexed)] at the head of a history of `count` revisions."""
    columns = {t: [] for t in range(TABLES)}
    dropped = {i - 50 for i in range(1, count) if i % 50 == 5 and i > 50}
    renamed = {i - 25 for i in range(1, count) if i % 50 == 0}
    for i in range(1, count):
        if i not in dropped:
            columns[i % TABLES].append((f"r{i}" if i in renamed else f"c{i}", i % 10 == 0))
    return columns


ENV_PY = """import os
from alembic import context
from sqlalchemy import create_engine

from models import Base

target_metadata = Base.metadata
with create_engine("sqlite:///" + os.path.join(os.path.dirname(__file__), "bench.db")).connect() as connection:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
"""


def generate(dest: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    versions = dest / "versions"
    versions.mkdir(parents=True)
    (dest / "alembic.ini").write_text("[alembic]\nscript_location = %(here)s\nprepend_sys_path = .\n")
    (dest / "env.py").write_text(ENV_PY)
    (dest / "pyproject.toml").write_text('[tool.retort]\nmodels = ["models.py"]\nassume-complete-history = true\n')
    model = ["import sqlalchemy as sa", "from sqlalchemy.orm import DeclarativeBase", "", "",
             "class Base(DeclarativeBase):", "    pass", ""]
    for t, cols in model_columns(count).items():
        model += ["", f"class T{t}(Base):", f'    __tablename__ = "t{t}"',
                  "    id = sa.Column(sa.Integer, primary_key=True)",
                  "    name = sa.Column(sa.String(50))"]
        model += [f"    {c} = sa.Column(sa.Integer{', index=True' if ix else ''})" for c, ix in cols]
        model.append("")
    (dest / "models.py").write_text("\n".join(model))
    parent = None
    for i in range(count):
        rev = "%012x" % rng.getrandbits(48)
        up, down = ops_of(i)
        body = lambda lines: "\n".join("    " + line for line in lines)
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
{body(up)}


def downgrade() -> None:
{body(down)}
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


def peak_rss_mib(cmd, cwd) -> float:
    """Peak resident memory of one run of `cmd` (the kernel's own count for that child)."""
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped above
    return usage.ru_maxrss / 1024  # KiB on Linux


def measure(cmd, cwd, repeat: int):
    """Median (wall seconds, CPU seconds (user + system, all threads), peak MiB) over
    `repeat` runs of `cmd`, each counted by the kernel for that child alone."""
    walls, cpus, rsss = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0  # reaped above
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        rsss.append(usage.ru_maxrss / 1024)
    return statistics.median(walls), statistics.median(cpus), statistics.median(rsss)


def measure_together(cmds, cwd, repeat: int):
    """`measure` for several commands whose times are compared: run in turn, round after
    round, so that a machine that slows down or speeds up during the measurement moves
    all of them alike. One [median wall, median CPU, median peak MiB] per command."""
    rounds = [[] for _ in cmds]
    for _ in range(repeat):
        for runs, cmd in zip(rounds, cmds):
            runs.append(measure(cmd, cwd, 1))
    return [tuple(statistics.median(run[k] for run in runs) for k in range(3)) for runs in rounds]


def timed_with_rss(cmd, cwd):
    """(wall seconds, peak MiB) of one run."""
    start = time.perf_counter()
    rss = peak_rss_mib(cmd, cwd)
    return time.perf_counter() - start, rss


REVISION = '''"""{message}

Revision ID: {rev}
Revises: {parent_text}
Create Date: 2024-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "{rev}"
down_revision = {parent!r}
branch_labels = None
depends_on = None


def upgrade():
    {up}


def downgrade():
    {down}
'''


def revises(parent) -> str:
    """The docstring's `Revises:` as Alembic's template writes it (a merge's parents
    joined with ", ")."""
    if parent is None:
        return ""
    return parent if isinstance(parent, str) else ", ".join(parent)


def write_revision(versions: Path, i: int, rev: str, parent, up: str, down: str) -> None:
    (versions / f"{rev}_step_{i}.py").write_text(
        REVISION.format(message=f"step {i}", rev=rev, parent=parent, parent_text=revises(parent), up=up, down=down)
    )


def bare_project(dest: Path) -> Path:
    versions = dest / "versions"
    versions.mkdir(parents=True)
    (dest / "alembic.ini").write_text("[alembic]\nscript_location = %(here)s\n")
    (dest / "env.py").write_text("")
    return versions


def generate_add_column(dest: Path, count: int, seed: int = 11) -> None:
    """One table, created by the first revision; each later revision adds a column."""
    rng = random.Random(seed)
    versions = bare_project(dest)
    parent = None
    for i in range(count):
        rev = "%012x" % rng.getrandbits(48)
        if i == 0:
            up = 'op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))'
            down = 'op.drop_table("t")'
        else:
            up = f'op.add_column("t", sa.Column("c{i}", sa.String(length=50), nullable=True))'
            down = f'op.drop_column("t", "c{i}")'
        write_revision(versions, i, rev, parent, up, down)
        parent = rev


def generate_heads(dest: Path, count: int, seed: int = 12) -> None:
    """A base creating a table and `count` revisions on it, each adding a column."""
    rng = random.Random(seed)
    versions = bare_project(dest)
    base = "%012x" % rng.getrandbits(48)
    write_revision(versions, 0, base, None, 'op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))', 'op.drop_table("t")')
    for i in range(1, count + 1):
        rev = "%012x" % rng.getrandbits(48)
        write_revision(versions, i, rev, base, f'op.add_column("t", sa.Column("c{i}", sa.Integer(), nullable=True))', f'op.drop_column("t", "c{i}")')


def generate_merge_heavy(dest: Path, count: int, seed: int = 14, open_max: int = 10, delay_max: int = 15, recent: int = 30, length_max: int = 3) -> None:
    """A busy team's history of `count` revisions: feature branches of random length
    fork off random recent revisions of the trunk, several are open at once, and each
    is merged back after a random delay by a merge revision (two parents). Every
    non-merge revision creates a table; one in three also adds a column to a table its
    own branch created earlier. It ends with one head and one base; `[tool.retort]
    models` points at a model that agrees with the head."""
    rng = random.Random(seed)
    versions = bare_project(dest)
    new_id = lambda: "%012x" % rng.getrandbits(48)
    tables = {}  # table -> columns, for the model
    trunk = []  # the trunk's revisions, newest last
    open_branches = []  # [tip, revisions still to write, tables of the branch, delay]
    i = 0

    def write(parent, tables_of_branch):
        nonlocal i
        rev = new_id()
        table = f"t{i}"
        up = [f'op.create_table("{table}", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))']
        down = [f'op.drop_table("{table}")']
        tables[table] = []
        if tables_of_branch and i % 3 == 0:
            other = rng.choice(tables_of_branch)
            up.append(f'op.add_column("{other}", sa.Column("c{i}", sa.Integer(), nullable=True))')
            down.insert(0, f'op.drop_column("{other}", "c{i}")')
            tables[other].append(f"c{i}")
        tables_of_branch.append(table)
        write_revision(versions, i, rev, parent, "\n    ".join(up), "\n    ".join(down))
        i += 1
        return rev

    trunk.append(write(None, []))
    while i < count:
        roll = rng.random()
        if roll < 0.25 and len(open_branches) < open_max:
            fork = rng.choice(trunk[-recent:])
            open_branches.append([fork, rng.randint(1, length_max), [], rng.randint(0, delay_max)])
        elif roll < 0.75 and open_branches:
            branch = rng.choice(open_branches)
            if branch[1] > 0:
                branch[0] = write(branch[0], branch[2])
                branch[1] -= 1
            elif branch[3] > 0:
                branch[3] -= 1
            else:
                open_branches.remove(branch)
                if branch[0] in trunk:  # nothing was written on it
                    continue
                rev = new_id()
                write_revision(versions, i, rev, (trunk[-1], branch[0]), "pass", "pass")
                trunk.append(rev)
                i += 1
        else:
            trunk.append(write(trunk[-1], []))
    # Merge what is still open, one merge at a time, so the history ends with one head.
    for branch in open_branches:
        if branch[0] in trunk:
            continue
        rev = new_id()
        write_revision(versions, i, rev, (trunk[-1], branch[0]), "pass", "pass")
        trunk.append(rev)
        i += 1
    (dest / "pyproject.toml").write_text('[tool.retort]\nmodels = ["models.py"]\nassume-complete-history = true\n')
    lines = ["import sqlalchemy as sa", "from sqlalchemy.orm import DeclarativeBase", "", "", "class Base(DeclarativeBase):", "    pass", ""]
    for table, columns in tables.items():
        lines += ["", f"class {table.upper()}(Base):", f'    __tablename__ = "{table}"',
                  "    id = sa.Column(sa.Integer, primary_key=True)"]
        lines += [f"    {c} = sa.Column(sa.Integer)" for c in columns]
        lines.append("")
    (dest / "models.py").write_text("\n".join(lines))


def generate_model_classes(dest: Path, count: int, seed: int = 13) -> None:
    """One revision, and a model file of `count` declarative classes (in
    `[tool.retort] models`); no migration creates their tables."""
    rng = random.Random(seed)
    versions = bare_project(dest)
    write_revision(versions, 0, "%012x" % rng.getrandbits(48), None, "pass", "pass")
    (dest / "pyproject.toml").write_text('[tool.retort]\nmodels = ["models.py"]\n')
    lines = ["import sqlalchemy as sa", "from sqlalchemy.orm import DeclarativeBase", "", "", "class Base(DeclarativeBase):", "    pass", ""]
    for i in range(count):
        lines += ["", f"class Model{i}(Base):", f'    __tablename__ = "model_{i}"',
                  "    id = sa.Column(sa.Integer, primary_key=True)", "    name = sa.Column(sa.String(50))", ""]
    (dest / "models.py").write_text("\n".join(lines))


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


def upgrade_and_check(alembic: Path, project: Path) -> None:
    """What `alembic check` needs: a database at head (fresh SQLite), then autogenerate."""
    db = project / "bench.db"
    if db.exists():
        db.unlink()
    subprocess.run([alembic, "upgrade", "head"], cwd=project, check=True, capture_output=True)
    subprocess.run([alembic, "check"], cwd=project, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--retort", help="measure this retort binary instead of building target/release/retort")
    parser.add_argument("--add-column-sizes", default="2000,20000", help="sizes of the add-column shape ('' to skip)")
    parser.add_argument("--heads", default="5000", help="unmerged heads of the heads shape ('' to skip)")
    parser.add_argument("--model-classes", default="20000", help="classes of the model shape ('' to skip)")
    parser.add_argument(
        "--merge-heavy",
        default="1000,10000,50000",
        help="sizes of the merge-heavy shape, each compared with retort heads and the read+parse floor ('' to skip)",
    )
    parser.add_argument(
        "--check-max",
        type=int,
        default=1000,
        help="run `alembic upgrade head` + `alembic check` only up to this many revisions (it is slow)",
    )
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "parse_floor"], cwd=ROOT, check=True)
    floor = ROOT / "target/release/examples/parse_floor"
    if args.retort:
        retort = Path(args.retort).resolve()
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        retort = ROOT / "target/release/retort"
    alembic = Path(sys.executable).parent / "alembic"
    print(f"machine: {os.cpu_count()} cores; retort threads: default (all cores)")
    print(
        f"{'revisions':>9} {'retort heads':>13} {'retort lint':>12} {'alembic heads':>14} {'alembic map':>12} "
        f"{'upgrade+check':>14} {'heads ratio':>12} {'map ratio':>10} {'check ratio':>12} "
        f"{'lint RSS':>9} {'alembic RSS':>12} {'RSS ratio':>10}"
    )
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "p"
            generate(project, size)
            # retort lint runs every default rule, the schema replay and the model
            # check (RT201-RT206, RT208) against models.py included.
            lint = subprocess.run([retort, "lint", "--format", "json"], cwd=project, capture_output=True, text=True)
            if lint.returncode != 0:
                sys.exit(f"retort lint found something on the generated history:\n{lint.stdout[:2000]}")
            t_heads = median_time(lambda: run([retort, "heads"], project), args.repeat)
            t_lint = median_time(lambda: run([retort, "lint"], project), args.repeat)
            t_alembic = median_time(lambda: run([alembic, "heads"], project), max(1, args.repeat // 2))
            t_map = statistics.median(load_in_process(project) for _ in range(max(1, args.repeat // 2)))
            if size <= args.check_max:
                t_check = median_time(lambda: upgrade_and_check(alembic, project), max(1, args.repeat // 2))
                check, check_ratio = f"{t_check * 1000:>12.1f}ms", f"{t_check / t_lint:>11.1f}x"
            else:
                check, check_ratio = f"{'-':>14}", f"{'-':>12}"
            rss_lint = peak_rss_mib([retort, "lint"], project)
            rss_alembic = peak_rss_mib([alembic, "heads"], project)
            print(
                f"{size:>9} {t_heads * 1000:>11.1f}ms {t_lint * 1000:>10.1f}ms {t_alembic * 1000:>12.1f}ms "
                f"{t_map * 1000:>10.1f}ms {check} {t_alembic / t_heads:>11.1f}x {t_map / t_heads:>9.1f}x {check_ratio} "
                f"{rss_lint:>6.0f}MiB {rss_alembic:>9.0f}MiB {rss_alembic / rss_lint:>9.1f}x"
            )
    merge_heavy(retort, floor, alembic, args)
    stress(retort, alembic, args)


def merge_heavy(retort: Path, floor: Path, alembic: Path, args) -> None:
    """The merge-heavy shape at each size: retort lint and heads against the floor (read
    and parse every file with the same parser, nothing else) and `alembic heads`. Wall
    and CPU times are medians of --repeat runs (alembic: of fewer), the floor, heads and
    lint taking turns; every ratio is from this one run."""
    sizes = [int(s) for s in args.merge_heavy.split(",") if s]
    if not sizes:
        return
    print()
    print("merge-heavy histories (branch points, merge points; one base, one head; each non-merge revision creates a table, one in three also adds a column)")
    print(
        f"{'revisions':>9} {'branch/merge':>13} {'floor':>16} {'retort heads':>18} {'retort lint':>18} {'alembic heads':>14} "
        f"{'heads/floor cpu':>16} {'lint/heads':>11} {'alembic/heads':>14} {'lint RSS':>9} {'heads RSS':>10} {'alembic RSS':>12}"
    )
    lint_times = {}
    with tempfile.TemporaryDirectory() as tmp:
        projects = {}
        for size in sizes:
            project = Path(tmp) / f"p{size}"
            generate_merge_heavy(project, size)
            projects[size] = project
            points = subprocess.run([retort, "graph", "--format", "json"], cwd=project, capture_output=True, text=True)
            try:
                import json

                facts = json.loads(points.stdout)
                facts = facts[0] if isinstance(facts, list) else facts
                shape = f"{len(facts.get('branch_points', []))}/{len(facts.get('merge_points', []))}"
            except (ValueError, AttributeError, IndexError):
                shape = "?"
            lint = subprocess.run([retort, "lint", "--format", "json"], cwd=project, capture_output=True, text=True)
            if lint.returncode != 0:
                sys.exit(f"retort lint found something on the merge-heavy history:\n{lint.stdout[:2000]}")
            (f_wall, f_cpu, _), (h_wall, h_cpu, h_rss), (l_wall, l_cpu, l_rss) = measure_together(
                [[floor, project / "versions"], [retort, "heads"], [retort, "lint"]], project, args.repeat
            )
            a_wall, _, a_rss = measure([alembic, "heads"], project, max(1, args.repeat // 2))
            lint_times[size] = l_wall
            ms = lambda wall, cpu: f"{wall * 1000:>7.0f}/{cpu * 1000:<7.0f}ms"
            print(
                f"{size:>9} {shape:>13} {ms(f_wall, f_cpu):>16} {ms(h_wall, h_cpu):>18} {ms(l_wall, l_cpu):>18} "
                f"{a_wall * 1000:>12.0f}ms {h_cpu / f_cpu:>15.2f}x {l_wall / h_wall:>10.2f}x {a_wall / h_wall:>13.1f}x "
                f"{l_rss:>6.0f}MiB {h_rss:>7.0f}MiB {a_rss:>9.0f}MiB"
            )
        print("(times: wall/CPU; CPU is user + system over all threads)")
        known = sorted(lint_times)
        for small, large in zip(known, known[1:]):
            print(f"retort lint, {large} against {small} revisions: {lint_times[large] / lint_times[small]:.2f}x the time for {large / small:.0f}x the revisions")
        # The rows above time each size at a different moment; the growth is timed
        # again with the sizes taking turns, so that the machine's drift moves both alike.
        if len(known) > 1:
            walls = {size: [] for size in known}
            for _ in range(args.repeat):
                for size in known:
                    walls[size].append(measure([retort, "lint"], projects[size], 1)[0])
            medians = {size: statistics.median(w) for size, w in walls.items()}
            for small, large in zip(known, known[1:]):
                print(
                    f"retort lint, {large} against {small} revisions, the sizes taking turns ({args.repeat} rounds, "
                    f"medians {medians[large] * 1000:.0f} / {medians[small] * 1000:.0f} ms): "
                    f"{medians[large] / medians[small]:.2f}x the time for {large / small:.0f}x the revisions"
                )


def stress(retort: Path, alembic: Path, args) -> None:
    sizes = lambda text: [int(s) for s in text.split(",") if s]
    print()
    print(f"{'shape':>22} {'retort lint':>12} {'lint RSS':>9} {'alembic heads':>14} {'alembic RSS':>12} {'time ratio':>11} {'RSS ratio':>10}")
    shapes = [(f"add-column {n}", generate_add_column, n, True) for n in sizes(args.add_column_sizes)]
    shapes += [(f"heads {n}", generate_heads, n, True) for n in sizes(args.heads)]
    shapes += [(f"model classes {n}", generate_model_classes, n, False) for n in sizes(args.model_classes)]
    for name, generate, n, with_alembic in shapes:
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "p"
            generate(project, n)
            t_lint, rss_lint = timed_with_rss([retort, "lint"], project)
            if with_alembic:
                t_alembic, rss_alembic = timed_with_rss([alembic, "heads"], project)
                tail = (f"{t_alembic * 1000:>12.0f}ms {rss_alembic:>9.0f}MiB "
                        f"{t_alembic / t_lint:>10.1f}x {rss_alembic / rss_lint:>9.1f}x")
            else:
                tail = f"{'-':>14} {'-':>12} {'-':>11} {'-':>10}"
            print(f"{name:>22} {t_lint * 1000:>10.0f}ms {rss_lint:>6.0f}MiB {tail}")


if __name__ == "__main__":
    main()
