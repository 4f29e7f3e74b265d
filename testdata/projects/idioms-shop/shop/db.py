"""The declarative base and the column helpers every model uses."""
import re
from functools import partial

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, declared_attr, has_inherited_table, mapped_column

TABLE_PREFIX = "shop_"


def snake_case(name):
    """CustomerAccount -> customer_account"""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Base(DeclarativeBase):
    @declared_attr.directive
    def __tablename__(cls) -> str:
        if has_inherited_table(cls):
            return None
        return snake_case(cls.__name__)


class PrefixedTable:
    """Tables of the back office carry a prefix."""

    @declared_attr
    def __tablename__(cls):
        return TABLE_PREFIX + cls.__name__.lower()


# Most columns are required: say it once.
Required = partial(sa.Column, nullable=False)
RequiredMapped = partial(mapped_column, nullable=False)
Col = sa.Column


def key_column(*args, **kwargs):
    kwargs.setdefault("primary_key", True)
    return sa.Column(*args, **kwargs)
