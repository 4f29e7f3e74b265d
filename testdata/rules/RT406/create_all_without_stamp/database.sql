-- Tables made by metadata.create_all(): no version table.
CREATE TABLE users (id INTEGER NOT NULL, email VARCHAR(255) NOT NULL, nickname VARCHAR(40), PRIMARY KEY (id));
CREATE UNIQUE INDEX ix_users_email ON users (email);
