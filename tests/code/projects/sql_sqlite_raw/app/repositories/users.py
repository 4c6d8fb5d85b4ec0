"""User queries."""

GET_BY_USERNAME = "SELECT id, username, email, bio FROM users WHERE username = ?"


async def get_by_username(db, username):
    async with db.execute(GET_BY_USERNAME, (username,)) as cur:
        return await cur.fetchone()


async def get_by_email(db, email):
    cur = await db.execute(
        "SELECT id, username, email, password_hash FROM users WHERE email = ?",
        (email,),
    )
    return await cur.fetchone()


async def create(db, username, email, password_hash):
    cur = await db.execute(
        "INSERT INTO users (username, email, password_hash) VALUES (?, ?, ?)",
        (username, email, password_hash),
    )
    await db.commit()
    return cur.lastrowid


async def update_bio(db, user_id, bio):
    await db.execute("UPDATE users SET bio = :bio WHERE id = :id", {"bio": bio, "id": user_id})
    await db.commit()


async def search(db, term):
    cur = await db.execute("SELECT id, username FROM users WHERE username LIKE ? ORDER BY username", (f"%{term}%",))
    return await cur.fetchall()
