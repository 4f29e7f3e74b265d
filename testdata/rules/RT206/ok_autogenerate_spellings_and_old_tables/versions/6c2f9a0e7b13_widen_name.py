"""widen name, as autogenerate writes it

Revision ID: 6c2f9a0e7b13
Revises: 3b7e0c91d2a4
Create Date: 2025-03-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "6c2f9a0e7b13"
down_revision = "3b7e0c91d2a4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column(
        "users",
        "name",
        existing_type=sa.VARCHAR(length=80),
        type_=sqlmodel.sql.sqltypes.AutoString(length=120),
        existing_nullable=False,
    )
    op.alter_column("users", "joined", existing_type=sa.DateTime(), type_=sa.DateTime(timezone=True))
    op.drop_column("users", "nickname_of_old")


def downgrade() -> None:
    # The reflected spellings PostgreSQL gives back: the same types.
    op.add_column("users", sa.Column("nickname_of_old", sa.TEXT(), nullable=True))
    op.alter_column("users", "joined", existing_type=sa.DateTime(timezone=True), type_=postgresql.TIMESTAMP())
    op.alter_column(
        "users",
        "name",
        existing_type=sqlmodel.sql.sqltypes.AutoString(length=120),
        type_=sa.VARCHAR(length=80),
        existing_nullable=False,
    )
