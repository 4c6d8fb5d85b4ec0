from __future__ import annotations

from ..db import Connection


class HealthRepository:
    def __init__(self, db: Connection):
        self.db = db

    async def ping(self) -> None:
        await self.db.fetch_one("SELECT 1 AS ok")
