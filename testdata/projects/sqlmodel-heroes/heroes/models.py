"""SQLModel models: only `table=True` classes are tables; the others are schemas."""
from datetime import datetime
from decimal import Decimal
from typing import ClassVar, Optional

import sqlalchemy as sa
from sqlmodel import Column, Field, Relationship, SQLModel


class TeamBase(SQLModel):
    name: str = Field(index=True, max_length=100)
    headquarters: str


class Team(TeamBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)

    heroes: list["Hero"] = Relationship(back_populates="team")


class TeamCreate(TeamBase):
    """An API schema, not a table."""


class HeroMissionLink(SQLModel, table=True):
    # SQLModel lower-cases the class name: `heromissionlink`, no underscores.
    hero_id: Optional[int] = Field(default=None, foreign_key="hero.id", primary_key=True)
    mission_id: Optional[int] = Field(default=None, foreign_key="missions.id", primary_key=True)


class HeroBase(SQLModel):
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)


class Hero(HeroBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    # Not Optional, but with a default: still NOT NULL.
    power_level: float = 1.0
    strength: Decimal = Field(default=0, max_digits=5, decimal_places=2)
    # Optional, yet NOT NULL because the field says so.
    rank: Optional[int] = Field(default=0, nullable=False)
    # `str`, yet NULL because the column kwargs say so.
    code_name: str = Field(default="", sa_column_kwargs={"nullable": True})
    # A column of its own making, under another name.
    callsign: Optional[str] = Field(default=None, sa_column=Column("call_sign", sa.String(30)))
    bio: str = Field(sa_column=Column(sa.Text, nullable=True))
    joined_at: datetime = Field(default_factory=datetime.utcnow)

    registry_note: ClassVar[str] = "heroes are registered"

    team: Optional[Team] = Relationship(back_populates="heroes")
    missions: list["Mission"] = Relationship(back_populates="heroes", link_model=HeroMissionLink)


class Mission(SQLModel, table=True):
    __tablename__ = "missions"

    id: int = Field(primary_key=True)
    code: str = Field(unique=True, max_length=20)
    briefing: Optional[str] = None

    heroes: list[Hero] = Relationship(back_populates="missions", link_model=HeroMissionLink)
