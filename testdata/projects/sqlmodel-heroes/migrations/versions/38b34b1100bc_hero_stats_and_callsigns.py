"""hero stats and callsigns

Revision ID: 38b34b1100bc
Revises: b73c0861b6cb
Create Date: 2025-02-27 18:05:40.993174

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = '38b34b1100bc'
down_revision: Union[str, Sequence[str], None] = 'b73c0861b6cb'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('hero', schema=None) as batch_op:
        batch_op.add_column(sa.Column('strength', sa.Numeric(precision=5, scale=2), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('rank', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('code_name', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('call_sign', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('bio', sa.Text(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('hero', schema=None) as batch_op:
        batch_op.drop_column('bio')
        batch_op.drop_column('call_sign')
        batch_op.drop_column('code_name')
        batch_op.drop_column('rank')
        batch_op.drop_column('strength')
