"""Run the real `alembic` command line, optionally with its clock frozen.

With SOURCE_DATE_EPOCH set (whole seconds since 1970), `datetime.datetime.now()` as
seen by `alembic.script.base` (the only place Alembic reads the clock for a new
revision) returns that instant, local or in the requested zone, exactly as the real
`now()` would have at that moment. Everything else is Alembic's own code.
Used by tests/merge_differential.rs; retort honours SOURCE_DATE_EPOCH the same way.
"""

import datetime
import os
import sys
import types

epoch = os.environ.get("SOURCE_DATE_EPOCH")
if epoch is not None:
    import alembic.script.base as script_base

    class FrozenDateTime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime.fromtimestamp(int(epoch), tz)

    frozen = types.ModuleType("datetime")
    frozen.__dict__.update(datetime.__dict__)
    frozen.datetime = FrozenDateTime
    script_base.datetime = frozen

from alembic.config import main  # noqa: E402

sys.exit(main(argv=sys.argv[1:], prog="alembic"))
