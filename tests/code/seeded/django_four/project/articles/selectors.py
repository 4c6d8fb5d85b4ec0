from articles.models import Article


def get_article_by_slug(slug):
    return Article.objects.select_related("author").filter(slug=slug).first()


def get_recent_articles(limit=20, offset=0):
    return list(Article.objects.select_related("author").prefetch_related("tags")[offset : offset + limit])


def get_user_feed(user, limit=20, offset=0):
    return list(Article.objects.filter(author__in=user.following.all())[offset : offset + limit])
