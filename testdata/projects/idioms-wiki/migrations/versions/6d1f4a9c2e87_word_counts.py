"""word counts and revision notes; titles may not be empty

Revision ID: 6d1f4a9c2e87
Revises: 0b3e8a1f6c24
Create Date: 2025-07-08 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = "6d1f4a9c2e87"
down_revision = "0b3e8a1f6c24"
branch_labels = None
depends_on = None


pages = sa.table("page", sa.column("id", sa.Integer), sa.column("body", sa.Text), sa.column("word_count", sa.Integer))


def do_data_migration():
    conn = op.get_bind()
    for page in conn.execute(sa.select(pages.c.id, pages.c.body)):
        words = len((page.body or "").replace("\n", " ").split())
        conn.execute(pages.update().where(pages.c.id == page.id).values(word_count=words))


def upgrade():
    with op.batch_alter_table("page") as batch_op:
        batch_op.add_column(sa.Column("word_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("revision_note", sa.String(length=200), nullable=True))
        batch_op.create_check_constraint("title_not_empty", "title <> ''")
    do_data_migration()


def downgrade():
    with op.batch_alter_table("page") as batch_op:
        batch_op.drop_constraint("title_not_empty", type_="check")
        batch_op.drop_column("revision_note")
        batch_op.drop_column("word_count")
