from app.db import connect


def find_by_username(username):
    with connect() as conn:
        return conn.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()


def find_by_id(user_id):
    with connect() as conn:
        return conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()


def insert_user(username, email, password):
    with connect() as conn:
        cursor = conn.execute(
            "INSERT INTO users (username, email, password) VALUES (?, ?, ?)", (username, email, password)
        )
        return cursor.lastrowid
