-- Stamped at the head, but the head's column and index were never created.
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
INSERT INTO alembic_version VALUES ('8b5e1d0c6a72');
CREATE TABLE users (id INTEGER NOT NULL, email VARCHAR(255) NOT NULL, PRIMARY KEY (id));
