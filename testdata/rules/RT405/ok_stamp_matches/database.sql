-- Stamped behind, and the schema is what that stamp says: pending, not mis-stamped.
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
INSERT INTO alembic_version VALUES ('3f2c9a7d4e10');
CREATE TABLE users (id INTEGER NOT NULL, email VARCHAR(255) NOT NULL, PRIMARY KEY (id));
