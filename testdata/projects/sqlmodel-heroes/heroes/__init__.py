"""Heroes, teams and missions, stored with SQLModel."""
