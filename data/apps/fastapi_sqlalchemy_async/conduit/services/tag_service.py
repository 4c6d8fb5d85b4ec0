from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ..repositories import TagRepository


class TagService:
    def __init__(self, session: AsyncSession):
        self.tags = TagRepository(session)

    async def list(self) -> list[str]:
        return await self.tags.list_in_use()
