// The Conduit schema, created at startup with CREATE ... IF NOT EXISTS (no migrations).
// SQLite and PostgreSQL differ only in the id and timestamp column types. Timestamps are
// written as ISO 8601 UTC strings: SQLite keeps that text (which sorts in time order),
// PostgreSQL parses it into a TIMESTAMPTZ.
const COLUMN_TYPES = {
  sqlite: { id: 'INTEGER PRIMARY KEY AUTOINCREMENT', timestamp: 'TEXT' },
  postgres: { id: 'SERIAL PRIMARY KEY', timestamp: 'TIMESTAMPTZ' },
};

export function schemaFor(dialect) {
  const { id, timestamp } = COLUMN_TYPES[dialect];
  return `
CREATE TABLE IF NOT EXISTS users (
  id ${id},
  username VARCHAR(255) NOT NULL UNIQUE,
  email VARCHAR(255) NOT NULL UNIQUE,
  password_hash VARCHAR(255) NOT NULL,
  bio TEXT NOT NULL DEFAULT '',
  image TEXT NOT NULL DEFAULT '',
  created_at ${timestamp} NOT NULL,
  updated_at ${timestamp} NOT NULL
);

CREATE TABLE IF NOT EXISTS follows (
  follower_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  followed_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (follower_id, followed_id)
);

CREATE TABLE IF NOT EXISTS articles (
  id ${id},
  slug VARCHAR(300) NOT NULL UNIQUE,
  title VARCHAR(255) NOT NULL,
  description TEXT NOT NULL,
  body TEXT NOT NULL,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at ${timestamp} NOT NULL,
  updated_at ${timestamp} NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_articles_created_at ON articles (created_at);
CREATE INDEX IF NOT EXISTS ix_articles_author_id ON articles (author_id);

CREATE TABLE IF NOT EXISTS tags (
  id ${id},
  name VARCHAR(255) NOT NULL UNIQUE
);

CREATE TABLE IF NOT EXISTS article_tags (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (article_id, tag_id)
);

CREATE TABLE IF NOT EXISTS favorites (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, article_id)
);

CREATE TABLE IF NOT EXISTS comments (
  id ${id},
  body TEXT NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at ${timestamp} NOT NULL,
  updated_at ${timestamp} NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_comments_article_id ON comments (article_id);
`;
}
