from __future__ import annotations

from ..db import Connection
from ..repositories import HealthRepository


class HealthService:
    def __init__(self, db: Connection):
        self.repo = HealthRepository(db)

    async def check(self) -> bool:
        await self.repo.ping()
        return True
