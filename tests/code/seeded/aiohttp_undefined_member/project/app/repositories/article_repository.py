from app.db import connect


def find_by_slug(slug):
    with connect() as conn:
        return conn.execute("SELECT * FROM articles WHERE slug = ?", (slug,)).fetchone()


def list_recent(limit=20, offset=0):
    with connect() as conn:
        return conn.execute("SELECT * FROM articles ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset)).fetchall()


def insert_article(slug, title, description, body, author_id):
    with connect() as conn:
        conn.execute(
            "INSERT INTO articles (slug, title, description, body, author_id) VALUES (?, ?, ?, ?, ?)",
            (slug, title, description, body, author_id),
        )
