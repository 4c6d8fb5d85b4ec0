from __future__ import annotations

from sqlalchemy.orm import Session

from ..repositories import TagRepository


class TagService:
    def __init__(self, session: Session):
        self.tags = TagRepository(session)

    def list(self) -> list[str]:
        return self.tags.list_in_use()
