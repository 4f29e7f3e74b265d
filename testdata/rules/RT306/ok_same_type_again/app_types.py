"""The project's own column types."""
import sqlalchemy as sa


class AppTypes:
    # A bounded text type that MySQL can index.
    UniqueText = sa.String(512)
