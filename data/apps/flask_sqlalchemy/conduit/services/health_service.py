from __future__ import annotations

from sqlalchemy.orm import Session

from ..repositories import HealthRepository


class HealthService:
    def __init__(self, session: Session):
        self.repo = HealthRepository(session)

    def check(self) -> bool:
        self.repo.ping()
        return True
