"""not null after filtered orm delete

Revision ID: 2c8e5a1f6b93
Revises: 45f5675ed700
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.orm import declarative_base


# revision identifiers, used by Alembic.
revision = '2c8e5a1f6b93'
down_revision = '45f5675ed700'
branch_labels = None
depends_on = None

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = sa.Column(sa.BigInteger(), primary_key=True)


def upgrade() -> None:
    session = orm.Session(bind=op.get_bind())
    # Only some rows go: the others still need a value for `plan`.
    session.query(User).filter(User.id > 100).delete()
    session.commit()
    op.add_column("users", sa.Column("plan", sa.Text(), nullable=False))


def downgrade() -> None:
    op.drop_column("users", "plan")
