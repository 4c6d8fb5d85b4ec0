"""User queries (asyncpg, $n placeholders)."""

GET_BY_USERNAME = "SELECT id, username, email, bio FROM users WHERE username = $1"


async def get_by_username(conn, username):
    return await conn.fetchrow(GET_BY_USERNAME, username)


async def create(conn, username, email, password_hash):
    return await conn.fetchval(
        "INSERT INTO users (username, email, password_hash) VALUES ($1, $2, $3) RETURNING id",
        username, email, password_hash,
    )


async def search(conn, term, limit):
    return await conn.fetch(
        "SELECT id, username FROM users WHERE username ILIKE '%' || $1 || '%' ORDER BY username LIMIT $2",
        term, limit,
    )


async def update(conn, user_id, email, bio):
    await conn.execute(
        "UPDATE users SET email = COALESCE($2, email), bio = COALESCE($3, bio) WHERE id = $1",
        user_id, email, bio,
    )
