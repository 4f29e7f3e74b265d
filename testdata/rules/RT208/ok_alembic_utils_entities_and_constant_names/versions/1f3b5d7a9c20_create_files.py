"""create files

Revision ID: 1f3b5d7a9c20
Revises: 
Create Date: 2025-02-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from alembic_utils.pg_extension import PGExtension
from alembic_utils.pg_function import PGFunction
from alembic_utils.pg_trigger import PGTrigger
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '1f3b5d7a9c20'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    citext = PGExtension(schema="public", signature="citext")
    op.create_entity(citext)
    op.create_table('files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=255), nullable=False),
    sa.Column('tax_id', postgresql.JSONB(none_as_null=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_files_tax_id', 'files', ['tax_id'])
    op.create_index('ix_files_path_prefix', 'files', ['path'])
    touch = PGFunction(
        schema="public",
        signature="files_touch()",
        definition="RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
    )
    op.create_entity(touch)
    op.create_entity(
        PGTrigger(
            schema="public",
            signature="files_touch_trigger",
            on_entity="public.files",
            definition="BEFORE UPDATE ON public.files FOR EACH ROW EXECUTE FUNCTION public.files_touch()",
        )
    )


def downgrade() -> None:
    op.drop_table('files')
