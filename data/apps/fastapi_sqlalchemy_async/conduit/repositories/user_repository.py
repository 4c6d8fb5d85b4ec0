from __future__ import annotations

from typing import Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import User, follows


class UserRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get_by_id(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def get_by_username(self, username: str) -> User | None:
        return await self.session.scalar(select(User).where(User.username == username))

    async def get_by_email(self, email: str) -> User | None:
        return await self.session.scalar(select(User).where(User.email == email))

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user

    # follows -------------------------------------------------------------
    async def is_following(self, follower_id: int, followed_id: int) -> bool:
        row = (
            await self.session.execute(
                select(follows.c.follower_id).where(
                    follows.c.follower_id == follower_id, follows.c.followed_id == followed_id
                )
            )
        ).first()
        return row is not None

    async def followed_among(self, follower_id: int, candidate_ids: Iterable[int]) -> set[int]:
        ids = set(candidate_ids)
        if not ids:
            return set()
        rows = await self.session.execute(
            select(follows.c.followed_id).where(
                follows.c.follower_id == follower_id, follows.c.followed_id.in_(ids)
            )
        )
        return {r[0] for r in rows}

    async def follow(self, follower_id: int, followed_id: int) -> None:
        if not await self.is_following(follower_id, followed_id):
            await self.session.execute(
                insert(follows).values(follower_id=follower_id, followed_id=followed_id)
            )

    async def unfollow(self, follower_id: int, followed_id: int) -> None:
        await self.session.execute(
            delete(follows).where(
                follows.c.follower_id == follower_id, follows.c.followed_id == followed_id
            )
        )
