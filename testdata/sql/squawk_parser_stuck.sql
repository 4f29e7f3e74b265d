"""Inventory tables (SQLModel), edited without (correct) migrations."""
from typing import Optional

from sql_mode():
    run_mig  # New in the model; 0(
)
ni_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectField(max_length=16)
    quantityable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,on():
    length=80)
    # New in the model; 0(
)
