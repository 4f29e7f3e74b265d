"""dvds share the items table

Revision ID: 3f9b27d0c4e6
Revises: a81d4c6e2f07
Create Date: 2025-03-18 11:05:37.020064

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '3f9b27d0c4e6'
down_revision: Union[str, Sequence[str], None] = 'a81d4c6e2f07'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('items', sa.Column('runtime_minutes', sa.Integer(), nullable=True))
    # Existing rows become plain items before the discriminator turns NOT NULL.
    op.execute("UPDATE items SET kind = 'item' WHERE kind IS NULL")
    op.execute(sa.text("CREATE INDEX ix_items_kind ON items (kind)"))
    with op.batch_alter_table('items') as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=20), nullable=False)
    op.create_table('shelf',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('shelf')
    with op.batch_alter_table('items') as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=20), nullable=True)
    op.execute("DROP INDEX ix_items_kind")
    op.drop_column('items', 'runtime_minutes')
