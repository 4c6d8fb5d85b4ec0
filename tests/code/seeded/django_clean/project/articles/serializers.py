def build_article_payload(article, viewer=None):
    favorited = bool(viewer and viewer.is_authenticated and article.favorited_by.filter(pk=viewer.pk).exists())
    return {
        "slug": article.slug,
        "title": article.title,
        "description": article.description,
        "body": article.body,
        "tagList": [t.name for t in article.tags.all()],
        "favorited": favorited,
        "favoritesCount": article.favorited_by.count(),
        "author": {"username": article.author.username},
    }
