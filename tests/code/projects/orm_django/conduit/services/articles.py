from django.utils.text import slugify

from conduit.models import Article, Tag, User


def create_article(author: User, data: dict) -> Article:
    article = Article.objects.create(
        slug=slugify(data["title"]),
        title=data["title"],
        description=data["description"],
        body=data["body"],
        author=author,
    )
    tags = [Tag.objects.get_or_create(name=name)[0] for name in data.get("tagList", [])]
    article.tags.set(tags)
    return article


def serialize(article: Article, viewer: User | None = None) -> dict:
    return {
        "slug": article.slug,
        "title": article.title,
        "description": article.description,
        "body": article.body,
        "tagList": [t.name for t in article.tags.all()],
        "favorited": bool(viewer and article.favorited_by.filter(pk=viewer.pk).exists()),
        "favoritesCount": article.favorited_by.count(),
        "author": {"username": article.author.username, "bio": article.author.bio, "image": article.author.image},
    }
