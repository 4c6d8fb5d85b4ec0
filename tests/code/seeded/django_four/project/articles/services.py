from articles.models import Article, Tag
from articles.selectors import get_article_by_slug, get_feed, get_recent_articles


class ArticleService:
    def create(self, author, title, description, body, tags=()):
        article = Article.objects.create(
            author=author, slug=slugify_title(title), title=title, description=description, body=body
        )
        for name in tags:
            tag, _ = Tag.objects.get_or_create(name=name)
            article.tags.add(tag)
        return article

    def favorite(self, slug, user):
        article = get_article_by_slug(slug)
        if article is not None:
            article.favorited_by.add(user)
        return article

    def recent(self, limit=20, offset=0):
        return get_recent_articles(limit=limit, offset=offset)

    def feed(self, user, limit=20, offset=0):
        return get_feed(user, limit=limit, offset=offset)
