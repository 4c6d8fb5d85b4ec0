from __future__ import annotations

from ..repositories import HealthRepository


class HealthService:
    def __init__(self):
        self.repo = HealthRepository()

    def check(self) -> bool:
        self.repo.ping()
        return True
