from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ..repositories import HealthRepository


class HealthService:
    def __init__(self, session: AsyncSession):
        self.repo = HealthRepository(session)

    async def check(self) -> bool:
        await self.repo.ping()
        return True
