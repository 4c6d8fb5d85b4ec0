"""Article queries."""

LIST_ARTICLES = """
    SELECT a.id, a.slug, a.title, u.username AS author,
           GROUP_CONCAT(t.name) AS tag_list,
           COUNT(f.user_id) AS favorites_count
    FROM articles a
    JOIN users u ON u.id = a.author_id
    LEFT JOIN article_tags at ON at.article_id = a.id
    LEFT JOIN tags t ON t.id = at.tag_id
    LEFT JOIN favorites f ON f.article_id = a.id
    GROUP BY a.id
    ORDER BY a.created_at DESC
    LIMIT ? OFFSET ?
"""

SORTABLE = {"new": "a.created_at", "title": "a.title"}


async def list_articles(db, limit=20, offset=0):
    async with db.execute(LIST_ARTICLES, (limit, offset)) as cur:
        return await cur.fetchall()


async def list_sorted(db, sort, limit):
    column = SORTABLE.get(sort, "a.created_at")
    cur = await db.execute(f"SELECT a.id, a.title FROM articles a ORDER BY {column} DESC LIMIT ?", (limit,))
    return await cur.fetchall()


async def by_ids(db, ids):
    marks = ",".join("?" for _ in ids)
    cur = await db.execute(f"SELECT id, slug FROM articles WHERE id IN ({marks})", tuple(ids))
    return await cur.fetchall()


async def count_by_author(db, username):
    cur = await db.execute(
        """
        SELECT COUNT(*) AS total
        FROM articles a
        JOIN users u ON u.id = a.author_id
        WHERE u.username = ?
        """,
        (username,),
    )
    row = await cur.fetchone()
    return row["total"]


async def create(db, slug, title, body, author_id, tags):
    cur = await db.execute(
        "INSERT INTO articles (slug, title, body, author_id) VALUES (?, ?, ?, ?)",
        (slug, title, body, author_id),
    )
    article_id = cur.lastrowid
    await db.executemany("INSERT OR IGNORE INTO tags (name) VALUES (?)", [(t,) for t in tags])
    await db.executemany(
        "INSERT INTO article_tags (article_id, tag_id) SELECT ?, id FROM tags WHERE name = ?",
        [(article_id, t) for t in tags],
    )
    await db.commit()
    return article_id


async def favorite(db, user_id, article_id):
    await db.execute(
        "INSERT INTO favorites (user_id, article_id) VALUES (?, ?) ON CONFLICT (user_id, article_id) DO NOTHING",
        (user_id, article_id),
    )
    await db.commit()


async def seed(db):
    await db.executemany("INSERT OR IGNORE INTO tags (id, name) VALUES (?, ?)", [(1, "python"), (2, "sql")])


async def rename(db, slug, title):
    await db.execute(
        "UPDATE articles SET title = ?, updated_at = datetime('now') WHERE slug = ?",
        (title, slug),
    )
    await db.commit()


async def delete(db, slug, author_id):
    await db.execute("DELETE FROM articles WHERE slug = ? AND author_id = ?", (slug, author_id))
    await db.commit()


async def tag_counts(db):
    cur = await db.execute(
        "SELECT t.name, COUNT(*) AS uses FROM tags t JOIN article_tags x ON x.tag_id = t.id GROUP BY t.name ORDER BY uses DESC"
    )
    return await cur.fetchall()
