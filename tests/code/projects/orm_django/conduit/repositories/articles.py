from django.db.models import Count, Q

from conduit.models import Article, Comment, Tag, User


def article_queryset():
    return (
        Article.objects.select_related("author")
        .prefetch_related("tags", "favorited_by")
        .annotate(favorites_count=Count("favorited_by"))
    )


def filter_articles(tag=None, author=None, favorited=None, limit=20, offset=0):
    queryset = article_queryset()
    if tag:
        queryset = queryset.filter(tags__name=tag)
    if author:
        queryset = queryset.filter(author__username=author)
    if favorited:
        queryset = queryset.filter(favorited_by__username=favorited)
    queryset = queryset.order_by("-created_at", "-favorites_count")
    return queryset[offset : offset + limit]


def feed_for(user: User, limit=20, offset=0):
    return article_queryset().filter(author__in=user.following.all()).order_by("-created_at")[offset : offset + limit]


def popular_tags():
    return Tag.objects.annotate(n=Count("articles")).filter(n__gt=0).order_by("-n").values_list("name", flat=True)


def comments_for(slug: str):
    return Comment.objects.filter(article__slug=slug).select_related("author", "article").order_by("created_at")


def search(term: str):
    return Article.objects.filter(Q(title__icontains=term) | Q(body__icontains=term) | Q(author__username__iexact=term))


def authors_with_comments():
    return User.objects.filter(comment__isnull=False, articles__tags__name__in=["django"]).distinct()
