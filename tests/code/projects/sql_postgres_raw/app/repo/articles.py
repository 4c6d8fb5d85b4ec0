"""Article queries (asyncpg)."""

FEED = """
    SELECT a.id, a.slug, a.title, a.tags, u.username,
           COUNT(c.id) AS comments_count,
           COALESCE(STRING_AGG(c.body, ' | ' ORDER BY c.created_at), '') AS thread
    FROM articles a
    JOIN users u ON u.id = a.author_id
    LEFT JOIN comments c ON c.article_id = a.id
    GROUP BY a.id, u.username
    ORDER BY a.created_at DESC
    LIMIT $1 OFFSET $2
"""

ORDERINGS = {"new": "created_at", "title": "title"}


async def feed(conn, limit, offset):
    return await conn.fetch(FEED, limit, offset)


async def by_tag(conn, tag):
    return await conn.fetch("SELECT id, slug FROM articles WHERE $1 = ANY(tags) OR tags @> ARRAY[$1]::text[]", tag)


async def by_ids(conn, ids):
    return await conn.fetch("SELECT id, slug FROM articles WHERE id = ANY($1::int[])", ids)


async def with_flag(conn, key):
    return await conn.fetch("SELECT id FROM articles WHERE meta ? $1", key)


async def latest_per_author(conn):
    return await conn.fetch(
        "SELECT DISTINCT ON (author_id) author_id, id, title FROM articles ORDER BY author_id, created_at DESC"
    )


async def ordered(conn, order, limit):
    column = ORDERINGS.get(order, "created_at")
    return await conn.fetch(f"SELECT id, title FROM articles ORDER BY {column} DESC LIMIT $1", limit)


async def stats(conn):
    return await conn.fetchrow(
        """
        SELECT COUNT(*)::int AS total,
               json_agg(json_build_object('slug', slug, 'title', title)) AS items,
               MAX(created_at) AS newest
        FROM articles
        """
    )


async def create(conn, slug, title, body, tags, author_id):
    return await conn.fetchrow(
        """
        INSERT INTO articles (slug, title, body, tags, author_id)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (slug) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body
        RETURNING id, slug, created_at
        """,
        slug, title, body, tags, author_id,
    )


async def add_comments(conn, rows):
    await conn.executemany("INSERT INTO comments (article_id, author_id, body) VALUES ($1, $2, $3)", rows)


async def seed_comments(conn):
    await conn.executemany(
        "INSERT INTO comments (article_id, author_id, body) VALUES ($1, $2, $3)",
        [(1, 1, "first"), (1, 2, "second")],
    )


async def delete(conn, slug, author_id):
    return await conn.execute("DELETE FROM articles WHERE slug = $1 AND author_id = $2", slug, author_id)


async def comments_since(conn, article_id, days):
    return await conn.fetch(
        "SELECT c.id, c.body, u.username FROM comments c JOIN users u ON u.id = c.author_id "
        "WHERE c.article_id = $1 AND c.created_at > NOW() - make_interval(days => $2) ORDER BY c.created_at",
        article_id, days,
    )
