from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..db import Connection
from ._sql import in_list

USER_COLUMNS = "id, username, email, password_hash, bio, image, created_at, updated_at"


class UserRepository:
    def __init__(self, db: Connection):
        self.db = db

    async def get_by_id(self, user_id: int) -> dict | None:
        return await self.db.fetch_one(f"SELECT {USER_COLUMNS} FROM users WHERE id = ?", (user_id,))

    async def get_by_username(self, username: str) -> dict | None:
        return await self.db.fetch_one(f"SELECT {USER_COLUMNS} FROM users WHERE username = ?", (username,))

    async def get_by_email(self, email: str) -> dict | None:
        return await self.db.fetch_one(f"SELECT {USER_COLUMNS} FROM users WHERE email = ?", (email,))

    async def add(self, username: str, email: str, password_hash: str, now: dt.datetime) -> dict:
        row = await self.db.fetch_one(
            "INSERT INTO users (username, email, password_hash, bio, image, created_at, updated_at) "
            "VALUES (?, ?, ?, '', '', ?, ?) RETURNING id",
            (username, email, password_hash, now, now),
        )
        return await self.get_by_id(row["id"])

    async def update(self, user_id: int, fields: dict) -> dict:
        """fields: a subset of username, email, password_hash, bio, image, updated_at."""
        allowed = ("username", "email", "password_hash", "bio", "image", "updated_at")
        names = [k for k in allowed if k in fields]
        if names:
            assignments = ", ".join(f"{k} = ?" for k in names)
            await self.db.execute(
                f"UPDATE users SET {assignments} WHERE id = ?", (*[fields[k] for k in names], user_id)
            )
        return await self.get_by_id(user_id)

    # follows -------------------------------------------------------------
    async def is_following(self, follower_id: int, followed_id: int) -> bool:
        row = await self.db.fetch_one(
            "SELECT 1 AS found FROM follows WHERE follower_id = ? AND followed_id = ?",
            (follower_id, followed_id),
        )
        return row is not None

    async def followed_among(self, follower_id: int, candidate_ids: Iterable[int]) -> set[int]:
        ids = sorted(set(candidate_ids))
        if not ids:
            return set()
        rows = await self.db.fetch_all(
            f"SELECT followed_id FROM follows WHERE follower_id = ? AND followed_id IN ({in_list(ids)})",
            (follower_id, *ids),
        )
        return {r["followed_id"] for r in rows}

    async def follow(self, follower_id: int, followed_id: int) -> None:
        await self.db.execute(
            "INSERT INTO follows (follower_id, followed_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (follower_id, followed_id),
        )

    async def unfollow(self, follower_id: int, followed_id: int) -> None:
        await self.db.execute(
            "DELETE FROM follows WHERE follower_id = ? AND followed_id = ?", (follower_id, followed_id)
        )
