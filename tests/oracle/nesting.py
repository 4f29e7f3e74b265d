"""The oracle for nesting limits: what CPython's own compiler says about deep code.

Usage:
  nesting.py corpus SEED COUNT   one JSON line per random module that CPython parses:
                                 [depth of its tree (ast, iteratively), source]
  nesting.py compiles            reads JSON sources (one per line) on stdin, prints one
                                 JSON line each: null if compile() accepts it, else the
                                 exception's type name
"""

import ast
import json
import random
import sys

SKIP = (ast.expr_context, ast.operator, ast.boolop, ast.cmpop, ast.unaryop)


def depth(tree):
    best, stack = 0, [(tree, 1)]
    while stack:
        node, d = stack.pop()
        best = max(best, d)
        stack.extend((c, d + 1) for c in ast.iter_child_nodes(node) if not isinstance(c, SKIP))
    return best


ATOMS = ["a", "1", "'s'", 'f"x{a}y"', "None", "(a, b)", "[1, 2]", "{a: b}", "x.y",
         "f(a, b=1)", "a[1:2]", "..."]
BINARY = ["+", "-", "*", "/", "//", "%", "@", "**", "<<", ">>", "&", "|", "^", " and ",
          " or ", " < ", " == ", " in ", " not in ", " is not ", " if a else "]
UNARY = ["-", "+", "~", "not ", "await "]


def expr(rng, n):
    if n <= 0:
        return rng.choice(ATOMS)
    r = rng.random()
    sub = lambda: expr(rng, n - 1)
    small = lambda: expr(rng, rng.randint(0, n - 1))
    if r < 0.30:
        return sub() + rng.choice(BINARY) + small()
    if r < 0.40:
        return rng.choice(UNARY) + sub()
    if r < 0.46:
        return "(" + sub() + ")"
    if r < 0.52:
        return sub() + ".attr"
    if r < 0.58:
        return "(" + sub() + ")(" + small() + ", k=" + small() + ", *a, **b)"
    if r < 0.63:
        return "[" + sub() + " for v in " + small() + " if " + small() + "]"
    if r < 0.68:
        return "(lambda q, r=1: " + sub() + ")"
    if r < 0.72:
        return "{" + sub() + ": " + small() + ", **" + small() + "}"
    if r < 0.76:
        return 'f"{' + sub() + '!r:>{w}}"'
    if r < 0.80:
        return "(" + sub() + ")[" + small() + ":" + small() + ", ::2]"
    if r < 0.84:
        return "(" + small() + " := " + sub() + ")"
    if r < 0.88:
        return "(yield " + sub() + ")"
    if r < 0.92:
        return "-(" + sub() + ")**-" + small()
    return "[" + ", ".join(small() for _ in range(3)) + "]"


def statement(rng, n):
    e = expr(rng, n)
    return rng.choice([
        f"x = {e}\n",
        f"async def g():\n    x: int = {e}\n",
        f"class C:\n    def m(self):\n        if {e}:\n            return {expr(rng, 2)}\n",
        f"with {e} as w:\n    del w[0], w.a\n",
        f"x = y = z = {e}; assert {expr(rng, 2)}, 'm'\n",
        f"@deco({e})\ndef f(a=1, *b, c: int = 2, **d) -> {expr(rng, 2)}:\n    pass\n",
    ])


def corpus(seed, count):
    rng = random.Random(seed)
    made = 0
    while made < count:
        source = "".join(statement(rng, rng.randint(1, 14)) for _ in range(rng.randint(1, 3)))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        print(json.dumps([depth(tree), source]))
        made += 1


def compiles():
    for line in sys.stdin:
        try:
            compile(json.loads(line), "f.py", "exec")
            print("null")
        except (SyntaxError, RecursionError, MemoryError) as e:
            print(json.dumps(type(e).__name__))
        sys.stdout.flush()


if __name__ == "__main__":
    sys.setrecursionlimit(1000)
    if sys.argv[1] == "corpus":
        corpus(int(sys.argv[2]), int(sys.argv[3]))
    else:
        compiles()
