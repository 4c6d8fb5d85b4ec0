from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from articles.serializers import build_article_payload
from articles.services import ArticleService
from articles.utils import parse_json


@csrf_exempt
@require_http_methods(["GET", "POST"])
def articles(request):
    service = ArticleService()
    if request.method == "POST":
        if not request.user.is_authenticated:
            return JsonResponse({"errors": {"body": ["unauthorized"]}}, status=401)
        data = parse_json(request).get("article", {})
        article = service.create(request.user, data.get("title", ""), data.get("description", ""), data.get("body", ""), data.get("tagList", []))
        return JsonResponse({"article": build_article_payload(article, viewer=request.user)}, status=201)
    limit = int(request.GET.get("limit", 20))
    offset = int(request.GET.get("offset", 0))
    items = [build_article_payload(a, viewer=request.user) for a in service.recent(limit=limit, offset=offset)]
    return JsonResponse({"articles": items, "articlesCount": len(items)})


@csrf_exempt
@require_http_methods(["POST"])
def favorite(request, slug):
    service = ArticleService()
    article = service.favourite(slug, request.user)
    if article is None:
        return JsonResponse({"errors": {"body": ["article not found"]}}, status=404)
    return JsonResponse({"article": build_article_payload(article, user=request.user)})
