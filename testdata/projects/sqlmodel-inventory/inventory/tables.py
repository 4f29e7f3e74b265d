"""Inventory tables (SQLModel), edited without (correct) migrations."""
from typing import Optional

from sqlmodel import Field, SQLModel


class LocationBase(SQLModel):
    city: str
    street: Optional[str] = None


class Warehouse(LocationBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    # New in the model; no migration adds it.
    capacity: int | None = None
    # `manager_email` was dropped from the model; a migration still adds it.


class StockItem(SQLModel, table=True):
    # SQLModel names this table `stockitem`; the migration that was meant to create
    # it wrote `stock_item`.
    id: Optional[int] = Field(default=None, primary_key=True)
    warehouse_id: int = Field(foreign_key="warehouse.id")
    sku: str = Field(max_length=32)
    quantity: int = 0
