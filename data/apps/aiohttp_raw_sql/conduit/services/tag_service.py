from __future__ import annotations

from ..db import Connection
from ..repositories import TagRepository


class TagService:
    def __init__(self, db: Connection):
        self.tags = TagRepository(db)

    async def list(self) -> list[str]:
        return await self.tags.list_in_use()
