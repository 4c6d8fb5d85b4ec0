from __future__ import annotations

from ..repositories import TagRepository


class TagService:
    def __init__(self):
        self.tags = TagRepository()

    def list(self) -> list[str]:
        return self.tags.list_in_use()
