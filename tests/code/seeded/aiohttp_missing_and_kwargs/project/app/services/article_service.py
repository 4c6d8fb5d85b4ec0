import re

from app.models import Article
from app.repositories import article_repository
from app.services.user_service import profile_for_user_id


class ArticleService:
    def _to_article(self, row):
        return Article(
            slug=row["slug"],
            title=row["title"],
            description=row["description"],
            body=row["body"],
            author=profile_for_user_id(row["author_id"]),
        )

    def get_article(self, slug):
        row = article_repository.find_by_slug(slug)
        return self._to_article(row) if row else None

    def list_articles(self, limit=20, offset=0):
        return [self._to_article(r) for r in article_repository.list_recent(limit, offset)]

    def create_article(self, author_id, title, description, body):
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        article_repository.insert_article(slug, title, description, body, author_id)
        return self.get_article(slug)
