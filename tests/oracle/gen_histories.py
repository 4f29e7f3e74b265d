"""Generate Alembic projects with varied revision histories for the differential test.

Usage: gen_histories.py OUT_DIR --count N --seed S

Each project is OUT_DIR/hNNNN_<shape>/ with an alembic.ini and revision files written the
way `alembic revision` writes them, in the many spellings real projects use (plain and
annotated assignments, tuples and lists, single- and double-quoted strings, branch labels
as strings or tuples, several version locations, nested directories). Some histories are
broken on purpose (cycles, missing parents, missing dependencies, duplicate labels); for
those both Alembic and retort must refuse.
"""

import argparse
import os
import random

VALID = ["linear", "forks", "merges", "depends_on", "labels", "locations", "big"]
BROKEN = [
    "broken_cycle",
    "broken_missing_parent",
    "broken_missing_dependency",
    "broken_duplicate_label",
    "broken_self_loop",
    "broken_dependency_cycle",
    "broken_label_as_parent",
]
# Valid histories three times as often as broken ones.
SHAPES = VALID * 3 + BROKEN


class Rev:
    def __init__(self, rid, parents, message):
        self.id = rid
        self.parents = list(parents)
        self.depends_on = []
        self.labels = []
        self.message = message
        self.location = 0
        self.subdir = ""


def new_id(rng, used):
    while True:
        rid = "%012x" % rng.getrandbits(48)
        if rid not in used and not rid.isdigit():
            used.add(rid)
            return rid


def quote(rng, text):
    return ("'%s'" if rng.random() < 0.5 else '"%s"') % text


def seq(rng, items, allow_scalar=True):
    """A Python literal for a list of identifiers, in one of the spellings Alembic accepts."""
    if not items:
        return rng.choice(["None", "None", "()", "[]"])
    if len(items) == 1 and allow_scalar and rng.random() < 0.7:
        return quote(rng, items[0])
    parts = ", ".join(quote(rng, i) for i in items)
    if rng.random() < 0.5:
        return "(%s%s)" % (parts, "," if len(items) == 1 else "")
    return "[%s]" % parts


def render(rng, rev, annotated):
    down = seq(rng, rev.parents)
    labels = seq(rng, rev.labels) if rev.labels else "None"
    deps = seq(rng, rev.depends_on) if rev.depends_on else "None"
    revises = ", ".join(rev.parents)
    lines = [
        '"""%s' % rev.message,
        "",
        "Revision ID: %s" % rev.id,
        "Revises: %s" % revises,
        "Create Date: 2024-05-%02d 12:00:00.000000" % (rng.randint(1, 28)),
        "",
        '"""',
    ]
    if annotated:
        lines += [
            "from typing import Sequence, Union",
            "",
            "from alembic import op",
            "import sqlalchemy as sa",
            "",
            "",
            "# revision identifiers, used by Alembic.",
            "revision: str = %s" % quote(rng, rev.id),
            "down_revision: Union[str, Sequence[str], None] = %s" % down,
            "branch_labels: Union[str, Sequence[str], None] = %s" % labels,
            "depends_on: Union[str, Sequence[str], None] = %s" % deps,
        ]
    else:
        lines += [
            "from alembic import op",
            "import sqlalchemy as sa",
            "",
            "",
            "# revision identifiers, used by Alembic.",
            "revision = %s" % quote(rng, rev.id),
            "down_revision = %s" % down,
            "branch_labels = %s" % labels,
            "depends_on = %s" % deps,
        ]
    lines += [
        "",
        "",
        "def upgrade():",
        "    pass",
        "",
        "",
        "def downgrade():",
        "    pass",
        "",
    ]
    return "\n".join(lines)


def random_dag(rng, used, n, merge_rate, fork_rate, first_parents=()):
    """Grow a history: each revision extends a head, forks off an older revision, or
    merges some heads."""
    revs = []
    heads = list(first_parents)
    for i in range(n):
        r = rng.random()
        if not revs and not heads:
            parents = []
        elif r < merge_rate and len(heads) >= 2:
            parents = rng.sample(heads, rng.choice([2, 2, 2, 3]) if len(heads) >= 3 else 2)
        elif r < merge_rate + fork_rate and revs:
            parents = [rng.choice(revs).id]
        else:
            parents = [rng.choice(heads)] if heads else [rng.choice(revs).id]
        rev = Rev(new_id(rng, used), parents, "step %d" % i)
        for p in parents:
            if p in heads:
                heads.remove(p)
        heads.append(rev.id)
        revs.append(rev)
    return revs


def down_ancestors(by_id, rid):
    seen, stack = set(), list(by_id[rid].parents)
    while stack:
        cur = stack.pop()
        if cur in seen or cur not in by_id:
            continue
        seen.add(cur)
        stack.extend(by_id[cur].parents)
    return seen


def build(rng, shape, index):
    used = set()
    locations = 1
    recursive = False
    if shape == "linear":
        revs = random_dag(rng, used, rng.randint(1, 60), 0.0, 0.0)
    elif shape == "forks":
        revs = random_dag(rng, used, rng.randint(3, 80), 0.0, 0.25)
    elif shape == "merges":
        revs = random_dag(rng, used, rng.randint(5, 120), 0.2, 0.2)
    elif shape == "big":
        revs = random_dag(rng, used, rng.randint(200, 500), 0.05, 0.05)
    elif shape == "depends_on":
        revs = random_dag(rng, used, rng.randint(5, 80), 0.1, 0.2)
        for i, rev in enumerate(revs[2:], start=2):
            if rng.random() < 0.3:
                k = rng.randint(1, 2)
                rev.depends_on = [r.id for r in rng.sample(revs[:i], min(k, i))]
    elif shape == "labels":
        # Two or three independent branches, each with its own labelled base, joined
        # now and then by depends_on through the label.
        revs = []
        branches = []
        for b in range(rng.randint(2, 3)):
            part = random_dag(rng, used, rng.randint(2, 30), 0.1, 0.1)
            label = "branch_%d_%d" % (index, b)
            part[0].labels = [label]
            if rng.random() < 0.3:
                part[0].labels.append("alias_%d_%d" % (index, b))
            branches.append((label, part))
            revs.extend(part)
        for label, part in branches[1:]:
            if rng.random() < 0.7:
                rev = rng.choice(part[1:] or part)
                rev.depends_on.append(branches[0][0])
    elif shape == "broken_label_as_parent":
        # depends_on may name a branch label, down_revision may not.
        revs = random_dag(rng, used, rng.randint(2, 30), 0.1, 0.1)
        revs[0].labels = ["feature_%d" % index]
        revs.append(Rev(new_id(rng, used), ["feature_%d" % index], "after label"))
    elif shape == "locations":
        revs = random_dag(rng, used, rng.randint(3, 60), 0.1, 0.2)
        locations = rng.randint(2, 3)
        recursive = rng.random() < 0.5
        for rev in revs:
            rev.location = rng.randrange(locations)
            if recursive and rng.random() < 0.4:
                rev.subdir = rng.choice(["2023", "2024/q1", "archive"])
    else:
        revs = random_dag(rng, used, rng.randint(4, 60), 0.1, 0.2)
        by_id = {r.id: r for r in revs}
        if shape == "broken_cycle":
            # Point an old revision's parent at one of its descendants.
            candidates = [r for r in revs if r.parents]
            victim = rng.choice(candidates[: max(1, len(candidates) // 2)])
            descendants = [r for r in revs if victim.id in down_ancestors(by_id, r.id)]
            if not descendants:
                descendants = [victim]
            victim.parents = [rng.choice(descendants).id]
        elif shape == "broken_missing_parent":
            victim = rng.choice([r for r in revs if r.parents] or revs)
            choice = rng.random()
            if choice < 0.4:
                victim.parents = [new_id(rng, used)]
            elif choice < 0.7 and victim.parents:
                # A partial id: Alembic's map does not resolve prefixes at load time.
                victim.parents = [victim.parents[0][:8]]
            else:
                # The file name instead of the id: the classic slip.
                victim.parents = ["%s_step" % (victim.parents[0] if victim.parents else "x")]
        elif shape == "broken_missing_dependency":
            victim = rng.choice(revs[1:] or revs)
            victim.depends_on = [rng.choice([new_id(rng, used), "no_such_label"])]
        elif shape == "broken_duplicate_label":
            a, b = rng.sample(revs, 2)
            a.labels = ["shared"]
            b.labels = ["shared"]
        elif shape == "broken_self_loop":
            victim = rng.choice(revs)
            if rng.random() < 0.5:
                victim.parents = victim.parents + [victim.id]
            else:
                victim.parents = [victim.id]
        elif shape == "broken_dependency_cycle":
            late = rng.choice(revs[1:])
            early = rng.choice([r for r in revs if r.id in down_ancestors(by_id, late.id)] or [revs[0]])
            early.depends_on = [late.id]
    return revs, locations, recursive


def write_project(rng, root, revs, locations, recursive):
    os.makedirs(root)
    dirs = ["versions"] + ["more_versions_%d" % i for i in range(1, locations)]
    ini = ["[alembic]", "script_location = %(here)s"]
    if locations > 1:
        if rng.random() < 0.5:
            ini.append("path_separator = os")
            ini.append("version_locations = " + ":".join("%(here)s/" + d for d in dirs))
        else:
            ini.append("path_separator = space")
            ini.append("version_locations = " + " ".join("%(here)s/" + d for d in dirs))
    else:
        ini.append("path_separator = os")
    if recursive:
        ini.append("recursive_version_locations = true")
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write("\n".join(ini) + "\n")
    for d in dirs:
        os.makedirs(os.path.join(root, d))
    annotated_project = rng.random() < 0.5
    for rev in revs:
        directory = os.path.join(root, dirs[rev.location], rev.subdir)
        os.makedirs(directory, exist_ok=True)
        annotated = annotated_project if rng.random() < 0.9 else not annotated_project
        slug = rev.message.replace(" ", "_")
        with open(os.path.join(directory, "%s_%s.py" % (rev.id, slug)), "w") as f:
            f.write(render(rng, rev, annotated))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for i in range(args.count):
        shape = SHAPES[i % len(SHAPES)]
        revs, locations, recursive = build(rng, shape, i)
        write_project(rng, os.path.join(args.out, "h%04d_%s" % (i, shape)), revs, locations, recursive)


if __name__ == "__main__":
    main()
