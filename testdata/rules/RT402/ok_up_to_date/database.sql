-- Everything ran.
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
INSERT INTO alembic_version VALUES ('8b5e1d0c6a72');
CREATE TABLE users (id INTEGER NOT NULL, email VARCHAR(255) NOT NULL, nickname VARCHAR(40), PRIMARY KEY (id));
CREATE UNIQUE INDEX ix_users_email ON users (email);
