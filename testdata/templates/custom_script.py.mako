## A project's own script.py.mako, written for retort's differential test: it uses
## every construct retort's renderer supports, and real Alembic renders it with Mako.
# -*- coding: utf-8 -*-
"""${message.strip()}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
Year: ${create_date.strftime("%Y")} (created ${create_date.isoformat()})
%% This line starts with a literal percent sign.
<%text>
Text block: ${not_an_expression} and % not a control line.
</%text>\
"""
% if branch_labels:
# Branch labels: ${branch_labels | comma,n}
% else:
# No branch labels.
% endif
% for head in down_revision:
# Merges ${head} (${repr(head)}), \
which was a head.
% endfor
# Databases: ${config.get_main_option("databases", "none") | trim}
# Engines: ${repr(config.get_main_option("engines"))}
import sqlalchemy as sa
from alembic import op
${imports if imports else "# no extra imports"}

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}
% if len(down_revision) > 1 and not depends_on:
merge_of = ${len(down_revision)}
% elif depends_on is None:
merge_of = 1
% endif


def upgrade():
    ${context.get("upgrades", "pass")}


def downgrade():
    ${downgrades if downgrades else "pass"}
