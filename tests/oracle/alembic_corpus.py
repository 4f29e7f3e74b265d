"""The oracle for the real-world corpus: what Alembic's own ScriptDirectory says about
each history, configured the way the project's own code configures Alembic.

Usage: alembic_corpus.py SPEC.json

SPEC.json is a list of histories:
    {"name": ..., "tree": DIR, "cwd": DIR, "ini": PATH or null, "section": "alembic",
     "options": {key: value}, "version_location_globs": [GLOB, ...]}
`options` are set with `Config.set_main_option`, as the project's CLI does (Neutron
and Keystone build `version_locations` in Python; Flask-Migrate passes the script
directory); `version_location_globs` (relative to `tree`) are expanded to the existing
directories, sorted, and appended to `version_locations`, as those CLIs list their
release/branch directories.

Prints one JSON object per history, in order, shaped as alembic_graph.py's.

Revision files are real Python that Alembic imports, and they import their projects'
modules and dependencies, which are not installed here. The tree is put on sys.path so
that the project's own modules are found (constants such as Neutron's
`cli.EXPAND_BRANCH` are real); a module that cannot be found anywhere, or a project
module that fails part-way, is completed by permissive stand-ins, so that each file's
module-level code runs far enough for Alembic to read `revision`, `down_revision`,
`branch_labels` and `depends_on`. None of this changes how Alembic builds the graph.
"""

import glob
import importlib.abc
import importlib.machinery
import json
import os
import signal
import sys
import time
import traceback
import types
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from alembic_graph import facts_of, on_alarm  # noqa: E402


class Stub:
    """Anything: attribute, call, item, iteration, base class, decorator."""

    def __init__(self, name="stub"):
        object.__setattr__(self, "_stub_name", name)

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return Stub("%s.%s" % (self._stub_name, attr))

    def __setattr__(self, attr, value):
        pass

    def __call__(self, *args, **kwargs):
        # Used as a bare decorator: keep the function.
        if len(args) == 1 and not kwargs and callable(args[0]) and not isinstance(args[0], Stub):
            return args[0]
        return Stub(self._stub_name + "()")

    def __getitem__(self, key):
        return Stub(self._stub_name + "[]")

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 0

    def __bool__(self):
        return False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __mro_entries__(self, bases):
        return (object,)

    def __or__(self, other):
        return self

    __ror__ = __or__
    __add__ = __radd__ = __sub__ = __mul__ = __truediv__ = __mod__ = __or__

    def __str__(self):
        return self._stub_name

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other


class StubModule(types.ModuleType):
    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return Stub("%s.%s" % (self.__name__, attr))


class StubLoader(importlib.abc.Loader):
    def create_module(self, spec):
        module = StubModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


class StubFinder(importlib.abc.MetaPathFinder):
    """Last on sys.meta_path: whatever nothing else can import."""

    def find_spec(self, name, path=None, target=None):
        return importlib.machinery.ModuleSpec(name, StubLoader(), is_package=True)


class ForgivingLoader(importlib.abc.Loader):
    """A project module: run it; if it fails part-way, keep what it defined and let
    the rest of its names be stand-ins. A package's `__init__` is not run at all:
    applications import their whole world there (slow, and far from the constants a
    revision file needs); its submodules are imported on their own."""

    def __init__(self, inner, is_package):
        self.inner = inner
        self.is_package = is_package

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        if self.is_package:
            module.__class__ = StubModule
            return
        try:
            self.inner.exec_module(module)
        except BaseException:  # noqa: BLE001 - any failure: keep what was defined
            module.__class__ = StubModule

    def get_resource_reader(self, name):
        # importlib.resources.files("pkg"), as Alembic resolves `pkg:path`.
        return self.inner.get_resource_reader(name)


class ProjectFinder(importlib.abc.MetaPathFinder):
    """Before the normal finders: modules of the project trees, run forgivingly."""

    def __init__(self, roots):
        self.roots = roots

    def find_spec(self, name, path=None, target=None):
        top = name.split(".")[0]
        if not any(
            os.path.isdir(os.path.join(r, top)) or os.path.isfile(os.path.join(r, top + ".py"))
            for r in self.roots
        ):
            return None
        spec = importlib.machinery.PathFinder.find_spec(
            name, path if path is not None else self.roots
        )
        if spec is None or spec.loader is None:
            return None
        spec.loader = ForgivingLoader(spec.loader, spec.submodule_search_locations is not None)
        return spec


# Revision files that stopped part-way (their path and the error), for the report.
PARTIAL = []


def run_as_far_as_possible():
    """Alembic imports each revision file (`alembic.util.pyfiles.load_module_py`) and
    then reads its module attributes. A file whose later module-level code fails here
    (a data-migration model for another SQLAlchemy, a helper given a stand-in) keeps
    the attributes it assigned before that point, as it would have them in its own
    environment: identifiers come first in every revision file. One that fails before
    assigning them still fails Alembic, visibly."""
    import importlib.util

    from alembic.util import pyfiles

    def load_module_py(module_id, path):
        spec = importlib.util.spec_from_file_location(module_id, path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as error:  # noqa: BLE001 - recorded, see above
            PARTIAL.append("%s: %s: %s" % (path, type(error).__name__, error))
        return module

    pyfiles.load_module_py = load_module_py


def configure(history):
    from alembic.config import Config

    if history.get("ini"):
        config = Config(history["ini"], ini_section=history.get("section") or "alembic")
    else:
        config = Config()
    for key, value in (history.get("options") or {}).items():
        config.set_main_option(key, value.replace("%", "%%"))
    globs = history.get("version_location_globs") or []
    if globs:
        found = []
        for pattern in globs:
            found.extend(
                sorted(
                    p
                    for p in glob.glob(os.path.join(history["tree"], pattern))
                    if os.path.isdir(p)
                )
            )
        existing = config.get_main_option("version_locations")
        paths = ([existing] if existing else []) + found
        config.set_main_option("version_locations", " ".join(paths).replace("%", "%%"))
        config.set_main_option("path_separator", "space")
    return config


def main():
    signal.signal(signal.SIGALRM, on_alarm)
    with open(sys.argv[1]) as f:
        histories = json.load(f)
    run_as_far_as_possible()
    roots = sorted({h["tree"] for h in histories})
    sys.meta_path.insert(0, ProjectFinder(roots))
    sys.meta_path.append(StubFinder())
    sys.path[:0] = roots
    start = os.getcwd()
    for history in histories:
        began = time.monotonic()
        os.chdir(history.get("cwd") or start)
        del PARTIAL[:]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                answer = facts_of(configure(history))
        except Exception as error:  # noqa: BLE001 - any refusal is the answer
            answer = {"ok": False, "error": "%s: %s" % (type(error).__name__, error)}
            # Where, for a failure of this oracle's stand-ins rather than of the history.
            frames = traceback.extract_tb(error.__traceback__)
            answer["where"] = ["%s:%s" % (f.filename, f.lineno) for f in frames]
        finally:
            os.chdir(start)
        answer["name"] = history["name"]
        answer["partial"] = list(PARTIAL)
        answer["seconds"] = round(time.monotonic() - began, 2)
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
