"""client group, Django / DRF side: failures seen from Django's test runner or an HTTP client."""

from __future__ import annotations

from _client_kit import HARNESS_PY, case, d, run, with_server

PY = dict(language="python")


def project(*, drf: bool = False, extra_settings: str = "", models: str = "", views: str, urls: str,
            tests: str | None = None, middleware_auth: bool = False) -> dict[str, str]:
    """A minimal Django project (one app, 'blog', SQLite) written by us for each case."""
    apps = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
    if drf:
        apps.append("rest_framework")
    apps.append("blog")
    files = {
        "manage.py": d('''
            import os
            import sys

            if __name__ == "__main__":
                os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conduit.settings")
                from django.core.management import execute_from_command_line
                execute_from_command_line(sys.argv)
        '''),
        "conduit/__init__.py": "",
        "conduit/settings.py": d(f'''
            from pathlib import Path

            BASE_DIR = Path(__file__).resolve().parent.parent
            SECRET_KEY = "dev-only-secret-key"
            DEBUG = True
            ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
            INSTALLED_APPS = {apps!r}
            MIDDLEWARE = [
                "django.contrib.sessions.middleware.SessionMiddleware",
                "django.middleware.common.CommonMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware",
            ]
            ROOT_URLCONF = "conduit.urls"
            DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}}}
            USE_TZ = True
            DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
        ''') + d(extra_settings),
        "conduit/urls.py": d(urls),
        "blog/__init__.py": "",
        "blog/models.py": d(models) if models else "from django.db import models  # noqa: F401\n",
        "blog/views.py": d(views),
    }
    if tests:
        files["blog/tests.py"] = d(tests)
    return files


MIGRATE_AND_RUN = "python manage.py migrate --run-syncdb -v 0 && python manage.py runserver --noreload $PORT"
DJANGO_TEST = "python manage.py test blog -v 2 2>&1"

ARTICLE_MODEL = '''
    from django.db import models


    class Article(models.Model):
        slug = models.SlugField(unique=True)
        title = models.CharField(max_length=200)
        body = models.TextField(blank=True)

        def as_dict(self):
            return {"slug": self.slug, "title": self.title, "body": self.body}
'''

# --------------------------------------------------------------------------------------------------
# logic.state.not_persisted: the update view changes the instance but never saves it
# --------------------------------------------------------------------------------------------------
case(
    id="client-django-update-without-save",
    label="logic.state.not_persisted",
    shape="unittest",
    source="https://qbook.qq.com/read/1036699817/38",
    source_kind="blog",
    cause="Assigning to a model instance's attributes only changes the Python object; the change reaches "
          "the database when save() is called.",
    rationale="The PUT view sets article.title and echoes the edited instance (200 with the new title) but "
              "never calls save(); the test's follow-up GET reads the old title and Django's test runner "
              "prints a FAIL with 'AssertionError: 'Old title' != 'New title''.",
    make=run(project(
        models=ARTICLE_MODEL,
        views='''
            import json

            from django.http import JsonResponse
            from django.shortcuts import get_object_or_404
            from django.views.decorators.csrf import csrf_exempt

            from .models import Article


            @csrf_exempt
            def article_detail(request, slug):
                article = get_object_or_404(Article, slug=slug)
                if request.method == "PUT":
                    changes = json.loads(request.body)["article"]
                    for field in ("title", "body"):
                        if field in changes:
                            setattr(article, field, changes[field])
                return JsonResponse({"article": article.as_dict()})
        ''',
        urls='''
            from django.urls import path

            from blog.views import article_detail

            urlpatterns = [path("api/articles/<slug:slug>", article_detail)]
        ''',
        tests='''
            from django.test import TestCase

            from .models import Article


            class UpdateArticleTests(TestCase):
                def test_update_title_is_persisted(self):
                    Article.objects.create(slug="dragons", title="Old title", body="b")
                    r = self.client.put("/api/articles/dragons", {"article": {"title": "New title"}},
                                        content_type="application/json")
                    self.assertEqual(r.status_code, 200)
                    self.assertEqual(r.json()["article"]["title"], "New title")
                    r = self.client.get("/api/articles/dragons")
                    self.assertEqual(r.json()["article"]["title"], "New title")
        ''',
    ), DJANGO_TEST),
    libraries=("django",), framework="django", database="sqlite",
    expect=r"AssertionError: 'Old title' != 'New title'", **PY,
)

# --------------------------------------------------------------------------------------------------
# logic.state.identifier_lost: save() regenerates the slug on every write
# --------------------------------------------------------------------------------------------------
case(
    id="client-django-slug-regenerated-on-save",
    label="logic.state.identifier_lost",
    shape="harness-lines",
    source="https://www.django-antipatterns.com/antipattern/modifying-slugs-and-primary-keys-of-model-objects.html",
    source_kind="blog",
    cause="A slug identifies the object in URLs; recomputing it on later saves changes the object's address, "
          "so clients holding the old slug get 404.",
    rationale="Article.save() builds a fresh slug with a random suffix on every save, so editing only the body "
              "moves the article; the harness's GET with the slug it was given at creation prints 'Expected 200 "
              "but got 404', and runserver logs the 404.",
    make=with_server(project(
        models='''
            import uuid

            from django.db import models
            from django.utils.text import slugify


            class Article(models.Model):
                slug = models.SlugField(unique=True)
                title = models.CharField(max_length=200)
                body = models.TextField(blank=True)

                def save(self, *args, **kwargs):
                    self.slug = f"{slugify(self.title)}-{uuid.uuid4().hex[:6]}"
                    super().save(*args, **kwargs)

                def as_dict(self):
                    return {"slug": self.slug, "title": self.title, "body": self.body}
        ''',
        views='''
            import json

            from django.http import JsonResponse
            from django.shortcuts import get_object_or_404
            from django.views.decorators.csrf import csrf_exempt

            from .models import Article


            @csrf_exempt
            def articles(request):
                data = json.loads(request.body)["article"]
                article = Article(title=data["title"], body=data.get("body", ""))
                article.save()
                return JsonResponse({"article": article.as_dict()}, status=201)


            @csrf_exempt
            def article_detail(request, slug):
                article = get_object_or_404(Article, slug=slug)
                if request.method == "PUT":
                    data = json.loads(request.body)["article"]
                    article.body = data.get("body", article.body)
                    article.save()
                return JsonResponse({"article": article.as_dict()})
        ''',
        urls='''
            from django.urls import path

            from blog.views import article_detail, articles

            urlpatterns = [
                path("api/articles", articles),
                path("api/articles/<slug:slug>", article_detail),
            ]
        ''',
    ) | {
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_status, main, test, url

            @test
            def edit_body_then_read_by_slug():
                r = requests.post(url("/api/articles"), json={"article": {"title": "How to train your dragon", "body": "v1"}})
                expect_status(r, 201, "POST /api/articles")
                slug = r.json()["article"]["slug"]
                r = requests.put(url(f"/api/articles/{slug}"), json={"article": {"body": "v2"}})
                expect_status(r, 200, f"PUT /api/articles/{slug}")
                r = requests.get(url(f"/api/articles/{slug}"))
                expect_status(r, 200, f"GET /api/articles/{slug} after editing the body")

            main()
        '''),
    }, "python manage.py migrate --run-syncdb -v 0 && python manage.py runserver --noreload $PORT",
        "python test_api.py", startup=40),
    libraries=("django", "requests"), framework="django", database="sqlite",
    expect=r"Expected 200 but got 404 for GET /api/articles/how-to-train-your-dragon-[0-9a-f]{6} after editing", **PY,
)

# --------------------------------------------------------------------------------------------------
# auth.config: login_required on a JSON endpoint redirects to a login page instead of 401
# --------------------------------------------------------------------------------------------------
case(
    id="client-django-login-required-redirects-api",
    label="auth.config",
    shape="harness-lines",
    source="https://cloud.tencent.com.cn/developer/information/%E5%A6%82%E4%BD%95%E5%9C%A8Django%E4%B8%AD%E8%BF%94%E5%9B%9E401%20Unauthorized%EF%BC%9F",
    source_kind="blog",
    cause="Django's login_required decorator answers an anonymous request with a 302 redirect to LOGIN_URL, "
          "which suits HTML pages but not an API whose clients expect 401.",
    rationale="GET /api/user is wrapped in @login_required; the anonymous request is redirected to "
              "/accounts/login/?next=/api/user, which has no route, so requests follows it and the harness "
              "reports 'Expected 401 but got 404'; runserver logs the 302 then the 404.",
    make=with_server(project(
        views='''
            from django.contrib.auth.decorators import login_required
            from django.http import JsonResponse


            @login_required
            def current_user(request):
                return JsonResponse({"user": {"username": request.user.username, "email": request.user.email}})
        ''',
        urls='''
            from django.urls import path

            from blog.views import current_user

            urlpatterns = [path("api/user", current_user)]
        ''',
    ) | {
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_status, main, test, url

            @test
            def current_user_without_credentials_is_401():
                r = requests.get(url("/api/user"))
                expect_status(r, 401, "GET /api/user without credentials")

            main()
        '''),
    }, MIGRATE_AND_RUN, "python test_api.py", startup=40),
    libraries=("django", "requests"), framework="django", database="sqlite",
    expect=r"Expected 401 but got 404 for GET /api/user without credentials", **PY,
)

# --------------------------------------------------------------------------------------------------
# DRF: create answered with 200; a global paginator wraps list responses; a form-only parser
# --------------------------------------------------------------------------------------------------
case(
    id="client-drf-apiview-create-returns-200",
    label="logic.business.status_code",
    shape="unittest",
    source="https://runebook.dev/en/docs/django_rest_framework/api-guide/status-codes/index",
    source_kind="blog",
    cause="DRF's Response defaults to 200 OK; a hand-written create view must pass status=201 itself, "
          "otherwise a successful creation is reported as 200.",
    rationale="ArticleList.post saves the serializer and returns Response(serializer.data) with no status; "
              "the APITestCase asserting 201 fails with 'AssertionError: 200 != 201'.",
    make=run(project(
        drf=True,
        models=ARTICLE_MODEL,
        views='''
            from django.utils.text import slugify
            from rest_framework import serializers
            from rest_framework.response import Response
            from rest_framework.views import APIView

            from .models import Article


            class ArticleSerializer(serializers.ModelSerializer):
                class Meta:
                    model = Article
                    fields = ["slug", "title", "body"]
                    read_only_fields = ["slug"]


            class ArticleList(APIView):
                authentication_classes = []
                permission_classes = []

                def post(self, request):
                    serializer = ArticleSerializer(data=request.data)
                    serializer.is_valid(raise_exception=True)
                    serializer.save(slug=slugify(serializer.validated_data["title"]))
                    return Response(serializer.data)
        ''',
        urls='''
            from django.urls import path

            from blog.views import ArticleList

            urlpatterns = [path("api/articles", ArticleList.as_view())]
        ''',
        tests='''
            from rest_framework.test import APITestCase


            class CreateArticleTests(APITestCase):
                def test_create_returns_201(self):
                    r = self.client.post("/api/articles", {"title": "Dragons", "body": "b"}, format="json")
                    self.assertEqual(r.status_code, 201)
        ''',
    ), DJANGO_TEST),
    libraries=("django", "djangorestframework"), framework="django", database="sqlite",
    expect=r"AssertionError: 200 != 201", **PY,
)

case(
    id="client-drf-global-pagination-wraps-list",
    label="contract.shape.wrapping",
    shape="unittest",
    source="https://qiita.com/Haruki140/items/ca0d7976defa1a12a7b9",
    source_kind="blog",
    cause="With DEFAULT_PAGINATION_CLASS set, DRF's generic list views wrap the items in an envelope "
          "(count, next, previous, results) instead of returning the bare list.",
    rationale="settings.py turns on PageNumberPagination for every view; the tag list endpoint, specified "
              "as a bare JSON array, now answers an object and the test's assertIsInstance(list) fails.",
    make=run(project(
        drf=True,
        extra_settings='''
            REST_FRAMEWORK = {
                "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
                "PAGE_SIZE": 20,
                "DEFAULT_AUTHENTICATION_CLASSES": [],
            }
        ''',
        models='''
            from django.db import models


            class Tag(models.Model):
                name = models.CharField(max_length=50, unique=True)
        ''',
        views='''
            from rest_framework import generics, serializers

            from .models import Tag


            class TagSerializer(serializers.ModelSerializer):
                class Meta:
                    model = Tag
                    fields = ["name"]


            class TagList(generics.ListAPIView):
                queryset = Tag.objects.order_by("name")
                serializer_class = TagSerializer
        ''',
        urls='''
            from django.urls import path

            from blog.views import TagList

            urlpatterns = [path("api/tags", TagList.as_view())]
        ''',
        tests='''
            from rest_framework.test import APITestCase

            from .models import Tag


            class TagListTests(APITestCase):
                def test_tags_is_a_bare_list(self):
                    Tag.objects.create(name="dragons")
                    Tag.objects.create(name="training")
                    r = self.client.get("/api/tags")
                    self.assertEqual(r.status_code, 200)
                    self.assertIsInstance(r.json(), list)
        ''',
    ), DJANGO_TEST),
    libraries=("django", "djangorestframework"), framework="django", database="sqlite",
    expect=r"AssertionError: \{'count': 2, 'next': None, 'previous': None, 'results'", **PY,
)

case(
    id="client-drf-form-parsers-only-415",
    label="framework.wiring.body_parsing",
    shape="python-traceback",
    source="https://runebook.dev/en/docs/django_rest_framework/api-guide/parsers/index",
    source_kind="blog",
    cause="DRF chooses a parser from the request's Content-Type among the view's parser_classes; when none "
          "accepts it (JSON sent to a view that lists only form parsers) the request is refused with 415.",
    rationale="The comment view sets parser_classes = [FormParser, MultiPartParser]; the client posts JSON, "
              "gets 415 'Unsupported media type \"application/json\" in request.', and raise_for_status prints "
              "the HTTPError; runserver logs the 415.",
    make=with_server(project(
        drf=True,
        extra_settings='''
            REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": [], "DEFAULT_PERMISSION_CLASSES": []}
        ''',
        views='''
            from rest_framework.parsers import FormParser, MultiPartParser
            from rest_framework.response import Response
            from rest_framework.views import APIView


            class CommentList(APIView):
                parser_classes = [FormParser, MultiPartParser]

                def post(self, request, slug):
                    body = request.data["comment"]["body"]
                    return Response({"comment": {"id": 1, "body": body}}, status=201)
        ''',
        urls='''
            from django.urls import path

            from blog.views import CommentList

            urlpatterns = [path("api/articles/<slug:slug>/comments", CommentList.as_view())]
        ''',
    ) | {
        "client.py": d('''
            import os
            import requests

            base = f"http://127.0.0.1:{os.environ['PORT']}"
            r = requests.post(f"{base}/api/articles/dragons/comments", json={"comment": {"body": "Nice post"}})
            print(r.status_code, r.text)
            r.raise_for_status()
        '''),
    }, MIGRATE_AND_RUN, "python client.py", startup=40),
    libraries=("django", "djangorestframework", "requests"), framework="django", database="sqlite",
    expect=r"HTTPError: 415 Client Error: Unsupported Media Type", **PY,
)
