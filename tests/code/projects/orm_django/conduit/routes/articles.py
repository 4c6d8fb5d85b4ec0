import json

from asgiref.sync import sync_to_async
from django.http import JsonResponse

from conduit.models import Article
from conduit.repositories.articles import feed_for, filter_articles
from conduit.services.articles import create_article, serialize


def article_list(request):
    if request.method == "POST":
        data = json.loads(request.body)["article"]
        article = create_article(request.user, data)
        return JsonResponse({"article": serialize(article, request.user)}, status=201)
    articles = filter_articles(
        tag=request.GET.get("tag"), author=request.GET.get("author"), favorited=request.GET.get("favorited"),
        limit=int(request.GET.get("limit", 20)), offset=int(request.GET.get("offset", 0)),
    )
    return JsonResponse({"articles": [serialize(a, request.user) for a in articles], "articlesCount": len(articles)})


def feed(request):
    articles = feed_for(request.user)
    return JsonResponse({"articles": [serialize(a, request.user) for a in articles], "articlesCount": len(articles)})


async def article_detail(request, slug):
    try:
        article = await Article.objects.select_related("author").aget(slug=slug)
    except Article.DoesNotExist:
        return JsonResponse({"errors": {"body": ["article not found"]}}, status=404)
    payload = await sync_to_async(serialize)(article)
    return JsonResponse({"article": payload, "author": article.author.username})
