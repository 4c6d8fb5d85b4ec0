"""Django 5.1 and Django REST framework failure situations, reproduced on the real framework.

Each case writes a small Django project (``config`` + the ``articles`` app, sometimes ``accounts``)
into its folder and runs it for real: ``manage.py runserver`` (console traceback, the DEBUG=True
technical 500 page as HTML or as Django's own plain-text variant), ``manage.py test``, pytest with
pytest-django, gunicorn, uvicorn (ASGI), honcho, ``manage.py check``. Helpers: ``_django_kit.py``.
"""

from __future__ import annotations

from _django_kit import JSON_LOGGING, MODELS, SEED, STRUCTLOG_LOGGING, make, shell
from capture import Case

DJ = ("django",)
DRF = ("django", "djangorestframework")

URLS_API = 'from django.urls import include, path\n\nurlpatterns = [path("api/", include("articles.urls"))]\n'


def C(id, label, shape, source, kind, cause, rationale, run, expect, libraries=DJ, framework="django", database="sqlite"):
    return Case(
        id=f"django-{id}", label=label, language="python", shape=shape, source=source, source_kind=kind,
        cause=cause, rationale=rationale, make=run, libraries=libraries, framework=framework,
        database=database, expect=expect,
    )


def urls(*lines: str, imports: str = "from . import views") -> str:
    body = "\n".join(f"    {ln}," for ln in lines)
    return f"from django.urls import path\n{imports}\n\nurlpatterns = [\n{body}\n]\n"


CASES: list[Case] = []
add = CASES.append

# =============================================================================== data.orm.field_error

add(C(
    "fielderror-related-lookup", "data.orm.field_error", "python-traceback",
    "https://taourl.com/read-2461062.html", "blog",
    "The query names a field that the model (or the related model reached through a double-underscore lookup) does not have, so the ORM cannot map the keyword to a column.",
    "The view filters users by article__tags__name, but the reverse relation is declared with related_name='articles'; runserver logs FieldError 'Cannot resolve keyword 'article' into field' listing 'articles' among the choices.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


from django.contrib.auth.models import User


def tag_authors(request):
    tag = request.GET.get("tag", "")
    authors = User.objects.filter(article__tags__name=tag).distinct()
    return JsonResponse({"profiles": [{"username": u.username} for u in authors]})
''',
        "articles/urls.py": urls('path("authors", views.tag_authors)'),
    }, setup=shell(SEED), requests=[{"path": "/api/authors?tag=django"}]),
    r"FieldError: Cannot resolve keyword 'article' into field\. Choices are: articles,",
))

add(C(
    "fielderror-order-by-unknown", "data.orm.field_error", "django-debug-page",
    "https://taourl.com/read-2461062.html", "blog",
    "A queryset is ordered by a name that is not a field of the model (the model calls it created_at), so Django refuses the keyword when the query is built.",
    "order_by('-created') on Article, whose timestamp is created_at; the DEBUG=True technical 500 page served to the client is titled FieldError and lists the model's real field choices.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


def article_list(request):
    qs = Article.objects.order_by("-created")[:20]
    return JsonResponse({"articles": [a.slug for a in qs], "articlesCount": len(qs)})
''',
        "articles/urls.py": urls('path("articles", views.article_list)'),
    }, mode="page-html", setup=shell(SEED), requests=[{"path": "/api/articles"}]),
    r"Cannot resolve keyword (&#x27;|')created(&#x27;|') into field",
))

add(C(
    "multiple-objects-returned", "data.orm.multiple_results", "compose-prefix",
    "https://errorfix.dev/errors/django-django-core-exceptions-multipleobjectsreturned-get-returned-more-than-one-x.html", "blog",
    "get() is used with a filter that is not unique (several rows match), so Django raises MultipleObjectsReturned instead of choosing one.",
    "The profile endpoint fetches the author's article with Article.objects.get(author__username=...) and alice has two articles; honcho-prefixed runserver output shows MultipleObjectsReturned 'returned 2'.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


def latest_by_author(request, username):
    article = Article.objects.get(author__username=username)
    return JsonResponse({"article": {"slug": article.slug, "title": article.title}})
''',
        "articles/urls.py": urls('path("profiles/<str:username>/latest", views.latest_by_author)'),
    }, mode="honcho", setup=shell(SEED), requests=[{"path": "/api/profiles/alice/latest"}]),
    r"MultipleObjectsReturned: get\(\) returned more than one Article -- it returned 2!",
))

# =============================================================================== data.orm.sync_in_async

add(C(
    "sync-orm-in-async-view-uvicorn", "data.orm.sync_in_async", "uvicorn",
    "https://drdroid.io/framework-diagnosis-knowledge/python-django-django-core-exceptions-synchronousonlyoperation", "blog",
    "An async view calls the synchronous ORM directly; Django detects the running event loop and raises SynchronousOnlyOperation.",
    "async def article_detail calls Article.objects.get() without await/aget under uvicorn (ASGI); the log shows SynchronousOnlyOperation 'You cannot call this from an async context'.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


async def article_detail(request, slug):
    article = Article.objects.get(slug=slug)
    return JsonResponse({"article": {"slug": article.slug, "title": article.title}})
''',
        "articles/urls.py": urls('path("articles/<slug:slug>", views.article_detail)'),
    }, mode="uvicorn", setup=shell(SEED), requests=[{"path": "/api/articles/how-to-train"}]),
    r"SynchronousOnlyOperation: You cannot call this from an async context",
))

add(C(
    "sync-fk-access-in-async-test", "data.orm.sync_in_async", "unittest",
    "https://errorhandle.ai/sync-to-async-django-orm-queryset-foreign-key-property", "blog",
    "In an async view the object is fetched with aget(), but reading its foreign key (article.author) triggers a lazy synchronous query, which Django forbids in async code.",
    "The async detail view uses await Article.objects.aget() and then article.author.username; manage.py test with AsyncClient reports ERROR with SynchronousOnlyOperation raised from the related-descriptor access.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


async def article_detail(request, slug):
    article = await Article.objects.aget(slug=slug)
    return JsonResponse({"article": {"slug": article.slug, "author": {"username": article.author.username}}})
''',
        "articles/urls.py": urls('path("articles/<slug:slug>", views.article_detail)'),
        "articles/tests.py": '''from django.contrib.auth.models import User
from django.test import TestCase

from .models import Article


class ArticleDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        alice = User.objects.create_user("alice", "alice@example.com", "pw")
        Article.objects.create(slug="hello", title="Hello", author=alice)

    async def test_detail_has_author(self):
        response = await self.async_client.get("/api/articles/hello")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["article"]["author"]["username"], "alice")
''',
    }, mode="test"),
    r"SynchronousOnlyOperation",
))

add(C(
    "sync-queryset-iter-async-runserver", "data.orm.sync_in_async", "python-traceback",
    "https://doc.bccnsoft.com/docs/django-docs-3.0-en/topics/async.html", "docs",
    "Async-unsafe parts of Django (the ORM) raise SynchronousOnlyOperation when run from a thread with a running event loop, including when a queryset is evaluated inside an async function.",
    "An async list view builds a list comprehension over Article.objects.filter(...), which evaluates the queryset synchronously; runserver runs the coroutine in an event loop and logs SynchronousOnlyOperation.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


async def feed(request):
    articles = [{"slug": a.slug, "title": a.title} for a in Article.objects.filter(author__username="alice")]
    return JsonResponse({"articles": articles, "articlesCount": len(articles)})
''',
        "articles/urls.py": urls('path("articles/feed", views.feed)'),
    }, setup=shell(SEED), requests=[{"path": "/api/articles/feed"}]),
    r"django\.core\.exceptions\.SynchronousOnlyOperation",
))

# =============================================================================== data.schema.missing_table / missing_column

add(C(
    "sqlite-no-such-table-migrate-not-run", "data.schema.missing_table", "python-traceback",
    "https://fixdevs.pages.dev/blog/django-operationalerror-no-such-table", "blog",
    "The models exist and migration files were generated, but manage.py migrate was never run, so the tables are absent from the SQLite database.",
    "runserver even warns about unapplied migrations at startup; the first list request fails with OperationalError 'no such table: articles_article' raised from the project's view.",
    make({
        "articles/models.py": MODELS,
        "articles/migrations/0001_initial.py": None,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


def article_list(request):
    return JsonResponse({"articles": list(Article.objects.values("slug", "title"))})
''',
        "articles/urls.py": urls('path("articles", views.article_list)'),
    }, migrate_apps=None, setup=lambda ctx: ctx.run(["python", "manage.py", "makemigrations", "articles"]),
        requests=[{"path": "/api/articles"}]),
    r"OperationalError: no such table: articles_article",
))

add(C(
    "sqlite-empty-migrations-test-run", "data.schema.missing_table", "unittest",
    "https://mindfulchase.com/explore/troubleshooting-tips/troubleshooting-django-operationalerror-no-such-table.html", "blog",
    "makemigrations was never run for the app: its migrations package is empty, so Django treats the app as migrated with no operations and never creates its tables (here in the test database).",
    "articles/migrations holds only __init__.py; manage.py test builds the test database from migrations and the test's create() fails with OperationalError 'no such table: articles_article'.",
    make({
        "articles/models.py": MODELS,
        "articles/tests.py": '''from django.contrib.auth.models import User
from django.test import TestCase

from .models import Article


class ArticleModelTests(TestCase):
    def test_create_article(self):
        user = User.objects.create_user("alice", "alice@example.com", "pw")
        article = Article.objects.create(slug="hello", title="Hello", author=user)
        self.assertEqual(Article.objects.count(), 1)
        self.assertEqual(article.author, user)
''',
    }, mode="test", migrate_apps=None),
    r"no such table: articles_article",
))

add(C(
    "sqlite-no-such-table-django-session", "data.schema.missing_table", "django-debug-page",
    "https://fixdevs.pages.dev/blog/django-operationalerror-no-such-table", "blog",
    "Django's own tables (sessions, auth) come from the contrib apps' migrations; without migrate, the first request that saves a session fails on the missing django_session table.",
    "The login view stores the user id in request.session; with no migrations applied, Django's plain-text debug response (Accept: application/json) reports OperationalError 'no such table: django_session'.",
    make({
        "articles/models.py": "from django.db import models\n",
        "articles/views.py": '''import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def login(request):
    data = json.loads(request.body or b"{}")
    request.session["email"] = data.get("user", {}).get("email")
    return JsonResponse({"user": {"email": request.session["email"], "token": "x"}})
''',
        "articles/urls.py": urls('path("users/login", views.login)'),
    }, mode="page-plain", migrate_apps=None,
        requests=[{"method": "POST", "path": "/api/users/login", "json": {"user": {"email": "a@b.c", "password": "pw"}},
                   "headers": {"Accept": "application/json"}}]),
    r"no such table: django_session",
))

add(C(
    "pg-relation-does-not-exist", "data.schema.missing_table", "gunicorn",
    "https://djangokatya.com/2019/10/30/programming-error-relation-not-found-%F0%9F%A4%AF-and-some-other-migrations-errors/", "blog",
    "The app's migration was never applied to the PostgreSQL database, so the table the model maps to does not exist there.",
    "Under gunicorn against PostgreSQL with only contrib migrations applied, the list view fails with ProgrammingError 'relation \"articles_article\" does not exist' (psycopg UndefinedTable).",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


def article_list(request):
    rows = list(Article.objects.order_by("-created_at").values("slug", "title"))
    return JsonResponse({"articles": rows, "articlesCount": len(rows)})
''',
        "articles/urls.py": urls('path("articles", views.article_list)'),
    }, mode="gunicorn", pg=True, settings_kw={"database": "postgres"}, migrate_apps=None,
        setup=lambda ctx: ctx.run(["python", "manage.py", "migrate", "auth", "-v", "0"]),
        requests=[{"path": "/api/articles"}]),
    r'relation "articles_article" does not exist',
    database="postgres", libraries=("django", "psycopg"),
))


def _add_column_later(new_models: str):
    def step(ctx):
        (ctx.dir / "articles/models.py").write_text(new_models)
    return step


MODELS_PLUS_SUBTITLE = MODELS.replace(
    '    title = models.CharField(max_length=255)\n',
    '    title = models.CharField(max_length=255)\n    subtitle = models.CharField(max_length=255, default="")\n', 1)

add(C(
    "pg-column-does-not-exist", "data.schema.missing_column", "python-traceback",
    "https://errorfix.dev/errors/django-django-db-utils-programmingerror-column-x-does-not-exist.html", "blog",
    "A field was added to the model after the table was migrated, and no new migration was made and applied, so PostgreSQL lacks the column Django selects.",
    "The table was migrated before Article gained subtitle; every query now selects articles_article.subtitle and runserver logs ProgrammingError 'column articles_article.subtitle does not exist'.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


def article_detail(request, slug):
    a = Article.objects.get(slug=slug)
    return JsonResponse({"article": {"slug": a.slug, "title": a.title, "subtitle": a.subtitle}})
''',
        "articles/urls.py": urls('path("articles/<slug:slug>", views.article_detail)'),
    }, pg=True, settings_kw={"database": "postgres"}, setup=_add_column_later(MODELS_PLUS_SUBTITLE),
        requests=[{"path": "/api/articles/how-to-train"}]),
    r"column articles_article\.subtitle does not exist",
    database="postgres", libraries=("django", "psycopg"),
))

add(C(
    "sqlite-no-such-column-tests", "data.schema.missing_column", "unittest",
    "https://pythonguides.com/django-programming-error-column-does-not-exist/", "blog",
    "A model field was added without running makemigrations, so the migrations (and every database built from them) lack the column.",
    "manage.py test builds the test database from 0001_initial, which predates Article.subtitle; the test ERROR shows OperationalError 'table articles_article has no column named subtitle'.",
    make({
        "articles/models.py": MODELS,
        "articles/tests.py": '''from django.contrib.auth.models import User
from django.test import TestCase

from .models import Article


class SubtitleTests(TestCase):
    def test_subtitle_is_saved(self):
        user = User.objects.create_user("alice", "alice@example.com", "pw")
        Article.objects.create(slug="hello", title="Hello", subtitle="Hi", author=user)
        self.assertEqual(Article.objects.get(slug="hello").subtitle, "Hi")
''',
    }, mode="test", setup=_add_column_later(MODELS_PLUS_SUBTITLE)),
    r"has no column named subtitle",
))

# =============================================================================== data.schema.integrity

add(C(
    "unique-username-register", "data.schema.integrity", "python-traceback",
    "https://debugai.io/blog/fix-django-integrityerror", "blog",
    "A second row is inserted with a value already used in a UNIQUE column (auth_user.username) because the code does not check for or handle duplicates.",
    "The registration view calls User.objects.create_user for a username that exists; runserver logs IntegrityError 'UNIQUE constraint failed: auth_user.username' and the client gets a 500 instead of a validation error.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''import json

from django.contrib.auth.models import User
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def register(request):
    data = json.loads(request.body)["user"]
    user = User.objects.create_user(data["username"], data["email"], data["password"])
    return JsonResponse({"user": {"username": user.username, "email": user.email}}, status=201)
''',
        "articles/urls.py": urls('path("users", views.register)'),
    }, requests=[{"method": "POST", "path": "/api/users", "json": {"user": {"username": "alice", "email": "a@x.io", "password": "pw12345678"}}}] * 2),
    r"UNIQUE constraint failed: auth_user\.username",
))

add(C(
    "drf-not-null-author", "data.schema.integrity", "django-debug-page",
    "https://newbetuts.com/25964312-not-null-constraint-failed-after-adding-to-modelspy", "qa",
    "The row is saved without a value for a column declared NOT NULL (the article's author), so the database rejects the insert.",
    "The DRF create view calls serializer.save() without passing author=request.user; the text of the DEBUG technical 500 page shows IntegrityError 'NOT NULL constraint failed: articles_article.author_id'.",
    make({
        "articles/models.py": MODELS,
        "articles/serializers.py": '''from rest_framework import serializers
from .models import Article


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["slug", "title", "description", "body"]
''',
        "articles/views.py": '''from rest_framework import generics, permissions
from .models import Article
from .serializers import ArticleSerializer


class ArticleCreate(generics.CreateAPIView):
    queryset = Article.objects.all()
    serializer_class = ArticleSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
''',
        "articles/urls.py": urls('path("articles", views.ArticleCreate.as_view())'),
    }, mode="page-text", requests=[{"method": "POST", "path": "/api/articles", "json": {"slug": "s", "title": "T", "description": "d", "body": "b"}}]),
    r"NOT NULL constraint failed: articles_article\.author_id",
    libraries=DRF,
))

# =============================================================================== framework.wiring

add(C(
    "append-slash-post", "framework.wiring.trailing_slash", "python-traceback",
    "https://runebook.dev/en/articles/django/ref/settings/std:setting-APPEND_SLASH", "blog",
    "With APPEND_SLASH on, a request to a path without its trailing slash is redirected; for a POST the redirect would lose the body, so in DEBUG Django raises a RuntimeError instead.",
    "urls.py declares users/login/ with a slash while clients POST /api/users/login; CommonMiddleware raises RuntimeError 'You called this URL via POST, but the URL doesn't end in a slash'.",
    make({
        "articles/views.py": '''from django.http import JsonResponse


def login(request):
    return JsonResponse({"user": {"token": "t"}})
''',
        "articles/urls.py": urls('path("users/login/", views.login)'),
    }, migrate_apps=(), requests=[{"method": "POST", "path": "/api/users/login", "json": {"user": {"email": "a@b.c", "password": "x"}}}]),
    r"RuntimeError: You called this URL via POST, but the URL doesn't end in a slash",
))

add(C(
    "trailing-slash-redirect-get", "framework.wiring.trailing_slash", "status-line",
    "https://learndjango.com/tutorials/trailing-url-slashes-django", "blog",
    "Routes are declared with a trailing slash and APPEND_SLASH answers slash-less paths with a 301 redirect, so a client that calls the spec's path without the slash gets a redirect instead of data.",
    "The DRF router registers articles/ with the default trailing slash; a GET to /api/articles (no slash) comes back as 301 Moved Permanently, which the test client does not follow.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from rest_framework import serializers, viewsets
from .models import Article


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["slug", "title"]


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Article.objects.all()
    serializer_class = ArticleSerializer
''',
        "articles/urls.py": '''from rest_framework.routers import DefaultRouter
from . import views

router = DefaultRouter()
router.register("articles", views.ArticleViewSet)
urlpatterns = router.urls
''',
    }, requests=[{"path": "/api/articles"}, {"path": "/api/articles?limit=5"}]),
    r"GET /api/articles -> 301 Moved Permanently",
    libraries=DRF,
))

add(C(
    "csrf-cookie-not-set-json-post", "framework.wiring.app_config", "python-traceback",
    "https://fixdevs.com/blog/django-csrf-verification-failed/", "blog",
    "CsrfViewMiddleware checks every unsafe request; an API client posting JSON has no CSRF cookie or token, so the request is rejected with 403 before the view runs.",
    "A plain Django function view receives POST /api/articles from a token client; runserver logs 'Forbidden (CSRF cookie not set.)' and the client sees 403.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''import json

from django.http import JsonResponse


def create_article(request):
    if request.method != "POST":
        return JsonResponse({"errors": {"method": ["not allowed"]}}, status=405)
    data = json.loads(request.body)["article"]
    return JsonResponse({"article": {"title": data["title"]}}, status=201)
''',
        "articles/urls.py": urls('path("articles", views.create_article)'),
    }, requests=[{"method": "POST", "path": "/api/articles", "json": {"article": {"title": "T", "description": "d", "body": "b"}},
                  "headers": {"Authorization": "Token abc"}}]),
    r"Forbidden \(CSRF cookie not set\.\)",
))

add(C(
    "disallowed-host-gunicorn", "framework.wiring.app_config", "gunicorn",
    "https://django-deployment.com/fix-issues/fix-disallowedhost-django-production", "blog",
    "The Host header of incoming requests is not listed in ALLOWED_HOSTS, so Django rejects every request with 400 (DisallowedHost).",
    "settings.ALLOWED_HOSTS lists only the production domain; gunicorn serves requests addressed to 127.0.0.1 and Django logs 'Invalid HTTP_HOST header ... You may need to add ... to ALLOWED_HOSTS', answering 400.",
    make({
        "articles/views.py": '''from django.http import JsonResponse


def tags(request):
    return JsonResponse({"tags": []})
''',
        "articles/urls.py": urls('path("tags", views.tags)'),
    }, mode="gunicorn", migrate_apps=(), settings_kw={"allowed_hosts": ["api.conduit.example"]},
        requests=[{"path": "/api/tags"}]),
    r"Invalid HTTP_HOST header: '127\.0\.0\.1:\d+'\. You may need to add '127\.0\.0\.1' to ALLOWED_HOSTS",
))

add(C(
    "app-not-in-installed-apps", "framework.wiring.app_config", "python-traceback",
    "https://studygyaan.com/django/fixing-the-no-app-label-error-in-django-models", "blog",
    "The app that defines the models is missing from INSTALLED_APPS, so Django cannot attach the model class to an application when it is imported.",
    "INSTALLED_APPS lacks 'articles' while the root URLconf imports articles.views -> models; runserver's system check fails with RuntimeError 'Model class articles.models.Tag doesn't declare an explicit app_label' and the server never listens.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


def article_list(request):
    return JsonResponse({"articles": list(Article.objects.values("slug"))})
''',
        "articles/urls.py": urls('path("articles", views.article_list)'),
    }, apps=("rest_framework",), migrate_apps=None, requests=[{"path": "/api/articles"}]),
    r"RuntimeError: Model class articles\.models\.\w+ doesn't declare an explicit app_label and isn't in an application in INSTALLED_APPS",
))

add(C(
    "authtoken-not-installed", "framework.wiring.app_config", "unittest",
    "https://riptutorial.com/django-rest-framework/example/21705/using-basic-token-based-authentication", "blog",
    "DRF's token authentication is an app (rest_framework.authtoken) that must be in INSTALLED_APPS and migrated; importing its Token model without that fails.",
    "The login view uses rest_framework.authtoken.models.Token but INSTALLED_APPS has only rest_framework; DRF then leaves Token abstract, and the manage.py test ERROR shows AttributeError \"type object 'Token' has no attribute 'objects'\".",
    make({
        "articles/models.py": "from django.db import models\n",
        "articles/views.py": '''from django.contrib.auth import authenticate
from rest_framework.authtoken.models import Token
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response


@api_view(["POST"])
@permission_classes([AllowAny])
def login(request):
    data = request.data["user"]
    user = authenticate(username=data["email"], password=data["password"])
    token, _ = Token.objects.get_or_create(user=user)
    return Response({"user": {"email": user.email, "token": token.key}})
''',
        "articles/urls.py": urls('path("users/login", views.login)'),
        "articles/tests.py": '''from django.contrib.auth.models import User
from django.test import TestCase


class LoginTests(TestCase):
    def test_login_returns_token(self):
        User.objects.create_user("a@b.c", "a@b.c", "pw12345678")
        response = self.client.post("/api/users/login", {"user": {"email": "a@b.c", "password": "pw12345678"}},
                                    content_type="application/json")
        self.assertIn("token", response.json()["user"])
''',
    }, mode="test", migrate_apps=None),
    r"AttributeError: type object 'Token' has no attribute 'objects'",
    libraries=DRF,
))

# =============================================================================== auth.config

TOKEN_APPS = ("rest_framework", "rest_framework.authtoken", "articles")
TOKEN_SEED = '''from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
u = User.objects.create_user("alice", "alice@example.com", "secret123")
Token.objects.create(user=u, key="0123456789abcdef0123456789abcdef01234567")
'''
USER_VIEW = '''from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response


@api_view(["GET"])
@authentication_classes([TokenAuthentication])
@permission_classes([IsAuthenticated])
def current_user(request):
    return Response({"user": {"username": request.user.username, "email": request.user.email}})
'''

add(C(
    "drf-token-auth-bearer-header", "auth.config.token_scheme", "status-line",
    "https://riptutorial.com/django-rest-framework/example/21705/using-basic-token-based-authentication", "blog",
    "DRF's TokenAuthentication only reads headers of the form 'Token <key>'; a client that sends 'Bearer <key>' is treated as anonymous, and the keyword must be changed by subclassing.",
    "The key is valid, but the request carries 'Authorization: Bearer <key>'; the protected view answers 401 'Authentication credentials were not provided.'",
    make({
        "articles/views.py": USER_VIEW,
        "articles/urls.py": urls('path("user", views.current_user)'),
    }, apps=TOKEN_APPS, migrate_apps=(), setup=shell(TOKEN_SEED),
        requests=[{"path": "/api/user", "headers": {"Authorization": "Bearer 0123456789abcdef0123456789abcdef01234567"}}]),
    r"401 Unauthorized\n\{\"detail\":\"Authentication credentials were not provided\.\"\}",
    libraries=DRF,
))

add(C(
    "custom-bearer-auth-token-header", "auth.config.token_scheme", "python-traceback",
    "https://dev.to/moinulhaq/how-to-fix-authentication-credentials-were-not-provided-error-in-django-rest-framework-jwt-elo", "blog",
    "The server's authentication class accepts only one header prefix (Bearer) while the client sends another (Token), so the credentials are ignored and the request is unauthenticated.",
    "A hand-written DRF authentication class requires 'Bearer'; the spec's client sends 'Token <jwt>', and runserver logs 'Unauthorized: /api/user' for every authenticated call.",
    make({
        "articles/auth.py": '''from django.contrib.auth.models import User
from rest_framework import authentication, exceptions


class BearerAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        username = header.split(" ", 1)[1]
        try:
            return User.objects.get(username=username), None
        except User.DoesNotExist:
            raise exceptions.AuthenticationFailed("bad token")

    def authenticate_header(self, request):
        return "Bearer"
''',
        "articles/views.py": '''from rest_framework.decorators import api_view
from rest_framework.response import Response


@api_view(["GET"])
def current_user(request):
    return Response({"user": {"username": request.user.username}})
''',
        "articles/urls.py": urls('path("user", views.current_user)'),
    }, migrate_apps=(), setup=shell('from django.contrib.auth.models import User; User.objects.create_user("alice", "a@x.io", "pw")'),
        settings_kw={"rest": {"DEFAULT_AUTHENTICATION_CLASSES": ["articles.auth.BearerAuthentication"],
                              "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]}},
        requests=[{"path": "/api/user", "headers": {"Authorization": "Token alice"}}]),
    r"Unauthorized: /api/user",
    libraries=DRF,
))

add(C(
    "drf-global-isauthenticated-login", "auth.config.public_route", "status-line",
    "https://stackoverflow.com/questions/32653518/django-rest-framework-returning-403-response-on-post-put-delete-despite-allowa/32656498", "qa",
    "With DEFAULT_PERMISSION_CLASSES set to IsAuthenticated, every view requires a user unless it overrides the permission; anonymous requests are refused with 'Authentication credentials were not provided'.",
    "The global DRF setting requires authentication and the login/register views do not declare AllowAny, so POST /api/users/login (necessarily anonymous) is refused with 403.",
    make({
        "articles/views.py": '''from rest_framework.decorators import api_view
from rest_framework.response import Response


@api_view(["POST"])
def login(request):
    return Response({"user": {"email": request.data["user"]["email"], "token": "t"}})


@api_view(["POST"])
def register(request):
    return Response({"user": request.data["user"]}, status=201)
''',
        "articles/urls.py": urls('path("users/login", views.login)', 'path("users", views.register)'),
    }, migrate_apps=(), settings_kw={"rest": {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]}},
        requests=[{"method": "POST", "path": "/api/users", "json": {"user": {"username": "u", "email": "u@x.io", "password": "pw"}}},
                  {"method": "POST", "path": "/api/users/login", "json": {"user": {"email": "u@x.io", "password": "pw"}}}]),
    r"POST /api/users/login -> 403 Forbidden\n\{\"detail\":\"Authentication credentials were not provided\.\"\}",
    libraries=DRF,
))

# =============================================================================== contract.serialization / request_response

add(C(
    "json-dumps-datetime", "contract.serialization.json_encode", "python-traceback",
    "https://stackguides.com/questions/11875770/how-to-overcome-datetime-datetime-not-json-serializable", "qa",
    "The standard json module cannot encode datetime values; the response dict carries the model's DateTimeField values unconverted (Django's DjangoJSONEncoder would handle them).",
    "The view builds the article dict with created_at as a datetime and returns HttpResponse(json.dumps(...)); runserver logs TypeError 'Object of type datetime is not JSON serializable'.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''import json

from django.http import HttpResponse
from .models import Article


def article_detail(request, slug):
    a = Article.objects.get(slug=slug)
    payload = {"article": {"slug": a.slug, "title": a.title, "createdAt": a.created_at, "updatedAt": a.updated_at}}
    return HttpResponse(json.dumps(payload), content_type="application/json")
''',
        "articles/urls.py": urls('path("articles/<slug:slug>", views.article_detail)'),
    }, setup=shell(SEED), requests=[{"path": "/api/articles/how-to-train"}]),
    r"TypeError: Object of type datetime is not JSON serializable",
))

add(C(
    "jsonresponse-list-safe", "framework.wiring.request_response", "django-debug-page",
    "https://dev.to/sharmapacific/how-to-return-json-encoded-response-for-non-dict-object-2237", "blog",
    "JsonResponse accepts only a dict unless safe=False is passed; giving it a list raises TypeError.",
    "The tags view returns JsonResponse(list_of_names); Django's plain-text technical 500 (the client asked for JSON) shows TypeError 'In order to allow non-dict objects to be serialized set the safe parameter to False.'",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Tag


def tags(request):
    return JsonResponse(list(Tag.objects.values_list("name", flat=True)))
''',
        "articles/urls.py": urls('path("tags", views.tags)'),
    }, mode="page-plain", setup=shell(SEED), requests=[{"path": "/api/tags", "headers": {"Accept": "application/json"}}]),
    r"In order to allow non-dict objects to be serialized set the safe parameter to False",
))

add(C(
    "view-returned-none", "framework.wiring.request_response", "python-traceback",
    "http://www.kouhan.cn/en/article/00022819", "blog",
    "A Django view must return an HttpResponse; a code path that builds the response but never returns it gives None, which Django rejects.",
    "The follow view returns in its GET branch only; POST /api/profiles/bob/follow falls off the end and runserver logs ValueError 'didn't return an HttpResponse object. It returned None instead.'",
    make({
        "articles/views.py": '''from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def follow(request, username):
    profile = {"username": username, "following": request.method == "POST"}
    if request.method == "GET":
        return JsonResponse({"profile": profile})
    elif request.method == "POST":
        JsonResponse({"profile": profile})
''',
        "articles/urls.py": urls('path("profiles/<str:username>/follow", views.follow)'),
    }, migrate_apps=(), requests=[{"method": "POST", "path": "/api/profiles/bob/follow"}]),
    r"didn't return an HttpResponse object\. It returned None instead",
))

# =============================================================================== startup / xfile

add(C(
    "circular-import-models", "xfile.reference.circular_import", "python-traceback",
    "https://www.alpharithms.com/django-circular-imports-153910/", "blog",
    "Two apps' models modules import each other's classes at module level, so one of them is only partly initialised when the other asks for its name.",
    "accounts/models.py imports Article from articles.models and articles/models.py imports Profile from accounts.models; manage.py check stops with ImportError 'cannot import name ... from partially initialized module'.",
    make({
        "accounts/models.py": '''from django.conf import settings
from django.db import models

from articles.models import Article


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    bio = models.TextField(default="")
    bookmarks = models.ManyToManyField(Article, blank=True)
''',
        "articles/models.py": '''from django.db import models

from accounts.models import Profile


class Article(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=255)
    author = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="articles")
''',
    }, apps=("rest_framework", "accounts", "articles"), migrate_apps=None, mode="command",
        cmd=["python", "manage.py", "check"]),
    r"ImportError: cannot import name '(Article|Profile)' from partially initialized module",
))

add(C(
    "conf-urls-url-removed", "startup.dependency.incompatible", "python-traceback",
    "https://openillumi.com/en/en-django-4-0-url-import-error-repath-path-fix", "blog",
    "django.conf.urls.url() was deprecated in Django 3.0 and removed in 4.0; code written for older Django fails to import on current versions.",
    "articles/urls.py imports url from django.conf.urls (older-Django style) and the project runs Django 5.1; runserver's system check aborts with ImportError \"cannot import name 'url' from 'django.conf.urls'\".",
    make({
        "articles/views.py": '''from django.http import JsonResponse


def tags(request):
    return JsonResponse({"tags": []})
''',
        "articles/urls.py": '''from django.conf.urls import url
from . import views

urlpatterns = [
    url(r"^tags$", views.tags),
]
''',
    }, migrate_apps=None, requests=[{"path": "/api/tags"}]),
    r"ImportError: cannot import name 'url' from 'django\.conf\.urls'",
))

add(C(
    "hyperlinked-serializer-no-route", "framework.wiring.route_missing", "django-debug-page",
    "https://www.duoke360.com/post/45348", "blog",
    "A hyperlinked DRF field needs a URL pattern named '<model>-detail'; when that route was never registered, DRF cannot build the link and raises ImproperlyConfigured.",
    "ArticleSerializer is a HyperlinkedModelSerializer whose author link needs 'user-detail', but no users route exists; the technical 500 HTML shows ImproperlyConfigured 'Could not resolve URL for hyperlinked relationship using view name \"user-detail\"'.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from rest_framework import serializers, viewsets
from .models import Article


class ArticleSerializer(serializers.HyperlinkedModelSerializer):
    class Meta:
        model = Article
        fields = ["url", "slug", "title", "author"]


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Article.objects.all()
    serializer_class = ArticleSerializer
''',
        "articles/urls.py": '''from rest_framework.routers import DefaultRouter
from . import views

router = DefaultRouter(trailing_slash=False)
router.register("articles", views.ArticleViewSet)
urlpatterns = router.urls
''',
    }, mode="page-html", setup=shell(SEED), requests=[{"path": "/api/articles"}]),
    r"Could not resolve URL for hyperlinked relationship using view name (&quot;|\")user-detail",
    libraries=DRF,
))

# =============================================================================== data.query / data.orm (batch 2)

PYTEST_INI = "[pytest]\nDJANGO_SETTINGS_MODULE = config.settings\npython_files = tests.py test_*.py\n"

add(C(
    "distinct-on-sqlite", "data.query.dialect", "pytest",
    "https://taourl.com/read-3238366.html", "blog",
    "distinct(*fields) compiles to DISTINCT ON, which PostgreSQL supports and SQLite does not, so the same queryset fails on a SQLite backend.",
    "The 'latest article per author' query uses .distinct('author_id'); pytest-django runs it against SQLite and the test fails with NotSupportedError 'DISTINCT ON fields is not supported by this database backend'.",
    make({
        "articles/models.py": MODELS,
        "pytest.ini": PYTEST_INI,
        "articles/queries.py": '''from .models import Article


def latest_per_author():
    return list(Article.objects.order_by("author_id", "-created_at").distinct("author_id"))
''',
        "articles/test_queries.py": '''import pytest
from django.contrib.auth.models import User

from articles.models import Article
from articles.queries import latest_per_author


@pytest.mark.django_db
def test_latest_per_author():
    alice = User.objects.create_user("alice", "a@x.io", "pw")
    Article.objects.create(slug="one", title="One", author=alice)
    Article.objects.create(slug="two", title="Two", author=alice)
    assert [a.slug for a in latest_per_author()] == ["two"]
''',
    }, mode="pytest"),
    r"NotSupportedError: DISTINCT ON fields is not supported by this database backend",
    libraries=("django", "pytest-django"),
))

add(C(
    "pg-transaction-aborted-after-integrity", "data.orm.session_misuse", "python-traceback",
    "https://errorfix.dev/errors/django-django-db-utils-internalerror-current-transaction-is-aborted-commands-ignored-until-end-of-transaction-block.html", "blog",
    "An IntegrityError inside a transaction is caught and ignored, but PostgreSQL has marked the transaction aborted, so every later statement in it fails until it is rolled back.",
    "With ATOMIC_REQUESTS the tag view swallows IntegrityError from a duplicate Tag.create() and then queries again in the same transaction; Django refuses the query and runserver logs TransactionManagementError 'An error occurred in the current transaction. You can't execute queries until the end of the 'atomic' block.'",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''import json

from django.db import IntegrityError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from .models import Tag


@csrf_exempt
def add_tag(request):
    name = json.loads(request.body)["tag"]
    try:
        Tag.objects.create(name=name)
    except IntegrityError:
        pass  # already there
    tag = Tag.objects.get(name=name)
    return JsonResponse({"tag": tag.name})
''',
        "articles/urls.py": urls('path("tags", views.add_tag)'),
    }, pg=True, settings_kw={"database": "postgres", "extra": 'DATABASES["default"]["ATOMIC_REQUESTS"] = True\n'},
        setup=shell(SEED), requests=[{"method": "POST", "path": "/api/tags", "json": {"tag": "django"}}]),
    r"TransactionManagementError: An error occurred in the current transaction\. You can't execute queries until the end of the 'atomic' block",
    database="postgres", libraries=("django", "psycopg"),
))

add(C(
    "pg-duplicate-slug-pytest", "data.schema.integrity", "pytest",
    "https://debugai.io/blog/fix-django-integrityerror", "blog",
    "Two rows get the same value in a UNIQUE column because the slug is derived from the title without de-duplication; PostgreSQL rejects the second insert.",
    "The service slugifies the title and saves; a pytest-django test creating two articles titled alike against PostgreSQL fails with IntegrityError 'duplicate key value violates unique constraint \"articles_article_slug_key\"'.",
    make({
        "articles/models.py": MODELS,
        "pytest.ini": PYTEST_INI,
        "articles/services.py": '''from django.utils.text import slugify
from .models import Article


def create_article(author, title, body):
    return Article.objects.create(slug=slugify(title), title=title, body=body, author=author)
''',
        "articles/test_services.py": '''import pytest
from django.contrib.auth.models import User

from articles.services import create_article


@pytest.mark.django_db
def test_two_articles_with_same_title():
    alice = User.objects.create_user("alice", "a@x.io", "pw")
    bob = User.objects.create_user("bob", "b@x.io", "pw")
    first = create_article(alice, "How to train your dragon", "a")
    second = create_article(bob, "How to train your dragon", "b")
    assert first.slug != second.slug
''',
    }, mode="pytest", pg=True, settings_kw={"database": "postgres"}),
    r'duplicate key value violates unique constraint "articles_article_slug_key"',
    database="postgres", libraries=("django", "psycopg", "pytest-django"),
))

add(C(
    "count-two-joins-inflated", "data.query.derived_fields", "unittest",
    "https://www.theaicatchup.com/article/dont-make-the-mistake-of-evaluating-multiple-counts-that-involve-joins-without-using-distincttrue/", "blog",
    "Two Count() annotations over different multi-valued relations share one joined row set, so each count is multiplied by the other unless distinct=True is used.",
    "The list annotates favoritesCount=Count('favorited_by') and commentsCount=Count('comments'); with 2 favourites and 3 comments manage.py test reports FAIL: 6 != 2 for favoritesCount.",
    make({
        "articles/models.py": MODELS,
        "articles/queries.py": '''from django.db.models import Count
from .models import Article


def articles_with_counts():
    return Article.objects.annotate(favoritesCount=Count("favorited_by"), commentsCount=Count("comments"))
''',
        "articles/tests.py": '''from django.contrib.auth.models import User
from django.test import TestCase

from .models import Article, Comment
from .queries import articles_with_counts


class CountTests(TestCase):
    def test_favorites_count(self):
        alice = User.objects.create_user("alice", "a@x.io", "pw")
        bob = User.objects.create_user("bob", "b@x.io", "pw")
        article = Article.objects.create(slug="a", title="A", author=alice)
        article.favorited_by.add(alice, bob)
        for i in range(3):
            Comment.objects.create(article=article, author=bob, body=f"c{i}")
        row = articles_with_counts().get(pk=article.pk)
        self.assertEqual(row.favoritesCount, 2)
        self.assertEqual(row.commentsCount, 3)
''',
    }, mode="test"),
    r"AssertionError: 6 != 2",
))

add(C(
    "fk-assigned-raw-id", "data.orm.driver_type", "gunicorn",
    "https://taourl.com/read-2273681.html", "blog",
    "A ForeignKey attribute is given a raw primary key instead of a model instance; Django requires an instance there (or the id via the <field>_id attribute).",
    "The comment view passes article=article_id (an int) to Comment.objects.create; gunicorn's log shows ValueError 'Cannot assign \"...\": \"Comment.article\" must be a \"Article\" instance.'",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''import json

from django.contrib.auth.models import User
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from .models import Article, Comment


@csrf_exempt
def add_comment(request, slug):
    article_id = Article.objects.values_list("id", flat=True).get(slug=slug)
    author = User.objects.get(username="bob")
    body = json.loads(request.body)["comment"]["body"]
    comment = Comment.objects.create(article=article_id, author=author, body=body)
    return JsonResponse({"comment": {"id": comment.id, "body": comment.body}}, status=201)
''',
        "articles/urls.py": urls('path("articles/<slug:slug>/comments", views.add_comment)'),
    }, mode="gunicorn", settings_kw={"extra": "LOGGING = {'version': 1, 'disable_existing_loggers': False, 'handlers': {'console': {'class': 'logging.StreamHandler'}}, 'loggers': {'django.request': {'handlers': ['console'], 'level': 'ERROR'}}}\n"},
        setup=shell(SEED), requests=[{"method": "POST", "path": "/api/articles/how-to-train/comments", "json": {"comment": {"body": "nice"}}}]),
    r'ValueError: Cannot assign "\d+": "Comment\.article" must be a "Article" instance',
))

add(C(
    "pk-lookup-with-slug", "data.query.bad_parameter", "compose-prefix",
    "https://taourl.com/read-2567234.html", "blog",
    "The lookup binds a non-numeric string to the integer primary key, so Django cannot convert the value and raises ValueError before querying.",
    "The article route passes the slug from /api/articles/<slug> into Article.objects.get(pk=slug); honcho-prefixed runserver output shows ValueError \"Field 'id' expected a number but got 'how-to-train'\".",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


def article_detail(request, slug):
    article = Article.objects.get(pk=slug)
    return JsonResponse({"article": {"slug": article.slug, "title": article.title}})
''',
        "articles/urls.py": urls('path("articles/<str:slug>", views.article_detail)'),
    }, mode="honcho", setup=shell(SEED), requests=[{"path": "/api/articles/how-to-train"}]),
    r"Field 'id' expected a number but got 'how-to-train'",
))

add(C(
    "m2m-direct-assignment-create", "data.orm.api_misuse", "django-debug-page",
    "https://openillumi.com/en/en-django-manytomany-direct-assignment-fix", "blog",
    "A many-to-many field cannot be passed to the model constructor or create(); the row must be saved first and the relation filled with .set() or .add().",
    "The DRF create view calls Article.objects.create(..., tags=tag_objects); the rendered text of the DEBUG technical 500 page shows TypeError 'Direct assignment to the forward side of a many-to-many set is prohibited. Use tags.set() instead.'",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.contrib.auth.models import User
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response
from .models import Article, Tag


@api_view(["POST"])
@authentication_classes([])
@permission_classes([])
def create_article(request):
    data = request.data["article"]
    tags = [Tag.objects.get_or_create(name=n)[0] for n in data.get("tagList", [])]
    article = Article.objects.create(slug=data["title"].lower().replace(" ", "-"), title=data["title"],
                                     body=data["body"], author=User.objects.first(), tags=tags)
    return Response({"article": {"slug": article.slug}}, status=201)
''',
        "articles/urls.py": urls('path("articles", views.create_article)'),
    }, mode="page-text", setup=shell(SEED),
        requests=[{"method": "POST", "path": "/api/articles", "json": {"article": {"title": "New one", "description": "d", "body": "b", "tagList": ["x", "y"]}}}]),
    r"Direct assignment to the forward side of a many-to-many set is prohibited\. Use tags\.set\(\) instead",
    libraries=DRF,
))

add(C(
    "doesnotexist-500-instead-of-404", "logic.business.status_code", "status-line",
    "https://www.django-antipatterns.com/antipattern/use-get-to-retrieve-the-object-in-a-view.html", "blog",
    "The view looks the object up with .get() and does not handle DoesNotExist, so a missing resource becomes an HTTP 500 instead of a 404.",
    "GET /api/articles/no-such-slug is answered 500 (client sees the 'DoesNotExist at ...' page title) where the spec expects 404; the handler should use get_object_or_404.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


def article_detail(request, slug):
    article = Article.objects.get(slug=slug)
    return JsonResponse({"article": {"slug": article.slug, "title": article.title}})
''',
        "articles/urls.py": urls('path("articles/<slug:slug>", views.article_detail)'),
    }, setup=shell(SEED), requests=[{"path": "/api/articles/how-to-train"}, {"path": "/api/articles/no-such-slug"}]),
    r"GET /api/articles/no-such-slug -> 500 Internal Server Error\nDoesNotExist at /api/articles/no-such-slug",
))

add(C(
    "annotate-mixed-types-output-field", "data.orm.api_misuse", "python-traceback",
    "https://w10schools.com/posts/169153_db%252Emodels%252EAggregate", "docs",
    "An expression that combines fields of different types (an integer count and a float factor) needs an explicit output_field; without it Django cannot decide the result type.",
    "The trending endpoint annotates score=Coalesce(Count('favorited_by'), Value(0.0)); runserver logs FieldError 'Expression contains mixed types: IntegerField, FloatField. You must set output_field.'",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.db.models import Count, Value
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from .models import Article


def trending(request):
    qs = Article.objects.annotate(score=Coalesce(Count("favorited_by"), Value(0.0))).order_by("-score")
    return JsonResponse({"articles": [{"slug": a.slug, "score": a.score} for a in qs]})
''',
        "articles/urls.py": urls('path("articles/trending", views.trending)'),
    }, setup=shell(SEED), requests=[{"path": "/api/articles/trending"}]),
    r"FieldError: Expression contains mixed types: IntegerField, FloatField\. You must set output_field\.",
))

# =============================================================================== framework.wiring (batch 2)

add(C(
    "drf-apiview-post-not-allowed", "framework.wiring.method_not_allowed", "status-line",
    "https://runebook.dev/en/articles/django_rest_framework/api-guide/exceptions/index/methodnotallowed", "blog",
    "A DRF view only answers the HTTP methods it defines; the endpoint was routed to a view without a post() handler, so POST gets 405.",
    "/api/articles/<slug>/comments is mapped to an APIView that only defines get(); the client's POST to add a comment is answered 405 'Method \"POST\" not allowed.'",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from .models import Comment


class CommentList(APIView):
    permission_classes = [AllowAny]

    def get(self, request, slug):
        rows = Comment.objects.filter(article__slug=slug).values("id", "body")
        return Response({"comments": list(rows)})
''',
        "articles/urls.py": urls('path("articles/<slug:slug>/comments", views.CommentList.as_view())'),
    }, setup=shell(SEED), requests=[{"path": "/api/articles/how-to-train/comments"},
                                    {"method": "POST", "path": "/api/articles/how-to-train/comments", "json": {"comment": {"body": "hi"}}}]),
    r'POST /api/articles/how-to-train/comments -> 405 Method Not Allowed\n\{"detail":"Method \\"POST\\" not allowed\."\}',
    libraries=DRF,
))

add(C(
    "require-http-methods-delete", "framework.wiring.method_not_allowed", "python-traceback",
    "https://codegive.com/blog/405_error_method_is_not_allowed_python_django.php", "blog",
    "A function view guarded by require_http_methods/require_GET refuses every method not in its list with 405, so a second method on the same path never reaches any code.",
    "The article detail view is decorated with @require_GET and no other view handles DELETE on that path; runserver logs 'Method Not Allowed (DELETE): /api/articles/how-to-train'.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from .models import Article


@csrf_exempt
@require_GET
def article_detail(request, slug):
    a = Article.objects.get(slug=slug)
    return JsonResponse({"article": {"slug": a.slug, "title": a.title}})
''',
        "articles/urls.py": urls('path("articles/<slug:slug>", views.article_detail)'),
    }, setup=shell(SEED), requests=[{"method": "DELETE", "path": "/api/articles/how-to-train", "headers": {"Authorization": "Token x"}}]),
    r"Method Not Allowed \(DELETE\): /api/articles/how-to-train",
))

add(C(
    "request-post-empty-for-json", "framework.wiring.body_parsing", "python-traceback",
    "https://augustomen.substack.com/p/how-to-obtain-the-request-json-data-in-django-e1d3b6bc712e", "blog",
    "request.POST is only filled for form-encoded or multipart bodies; for an application/json body it is empty, so reading fields from it fails.",
    "The register view reads request.POST['user'] while the client sends JSON; runserver logs MultiValueDictKeyError 'user'.",
    make({
        "articles/views.py": '''from django.contrib.auth.models import User
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def register(request):
    data = request.POST["user"]
    user = User.objects.create_user(data["username"], data["email"], data["password"])
    return JsonResponse({"user": {"username": user.username}}, status=201)
''',
        "articles/urls.py": urls('path("users", views.register)'),
    }, migrate_apps=(), requests=[{"method": "POST", "path": "/api/users", "json": {"user": {"username": "u", "email": "u@x.io", "password": "pw"}}}]),
    r"django\.utils\.datastructures\.MultiValueDictKeyError: 'user'",
))

add(C(
    "app-urls-not-included-404", "framework.wiring.route_missing", "django-debug-page",
    "http://www.kouhan.cn/en/article/00046235", "blog",
    "The app's URLconf exists but the project's root urls.py never includes it, so Django's resolver has no pattern for the API paths and answers 404.",
    "config/urls.py lists only admin/, not include('articles.urls'); the DEBUG 404 page (HTML) says 'Using the URLconf defined in config.urls, Django tried these URL patterns' and the articles route is absent.",
    make({
        "config/urls.py": 'from django.contrib import admin\nfrom django.urls import path\n\nurlpatterns = [path("admin/", admin.site.urls)]\n',
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


def article_list(request):
    return JsonResponse({"articles": list(Article.objects.values("slug"))})
''',
        "articles/urls.py": urls('path("articles", views.article_list)'),
    }, mode="page-html", requests=[{"path": "/api/articles"}]),
    r"Using the URLconf defined in <code>config\.urls</code>",
))

# =============================================================================== startup (batch 3)

BROKEN_SETTINGS_TAIL = '''
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly",
EOF
'''


def _break_settings(ctx):
    path = ctx.dir / "config/settings.py"
    path.write_text(path.read_text() + BROKEN_SETTINGS_TAIL)


def _drop_comma(ctx):
    path = ctx.dir / "config/settings.py"
    path.write_text(path.read_text().replace("'rest_framework', 'articles'", "'rest_framework'\n    'articles'"))


TAGS_VIEW = "from django.http import JsonResponse\n\n\ndef tags(request):\n    return JsonResponse({'tags': []})\n"

add(C(
    "settings-syntax-error-heredoc", "startup.syntax", "python-traceback",
    "https://shahin.page/article/understanding-django-settings-configuration-environment-management-and-best-practices", "blog",
    "The settings file is an ordinary Python module, so a syntax error in it (here a dict left unclosed and a stray shell heredoc terminator) stops every Django command before anything runs.",
    "settings.py ends with an unclosed REST_FRAMEWORK dict followed by a leftover 'EOF' line from a shell heredoc; manage.py runserver aborts with SyntaxError pointing into config/settings.py and the server never listens.",
    make({
        "articles/views.py": TAGS_VIEW,
        "articles/urls.py": urls('path("tags", views.tags)'),
    }, migrate_apps=None, setup=_break_settings, requests=[{"path": "/api/tags"}]),
    r'File "/srv/app/config/settings\.py", line \d+[\s\S]{0,400}SyntaxError',
))

add(C(
    "corsheaders-not-installed-gunicorn", "startup.dependency.missing_package", "gunicorn",
    "https://pypi.org/project/django-cors-headers/", "docs",
    "django-cors-headers must be installed with pip before 'corsheaders' is added to INSTALLED_APPS; listing an app whose package is absent makes Django's app loading fail.",
    "settings add 'corsheaders' to INSTALLED_APPS and its middleware, but the package is not in the environment; gunicorn's worker fails to boot with ModuleNotFoundError \"No module named 'corsheaders'\".",
    make({
        "articles/views.py": TAGS_VIEW,
        "articles/urls.py": urls('path("tags", views.tags)'),
    }, mode="gunicorn", migrate_apps=None, apps=("corsheaders", "rest_framework", "articles"),
        settings_kw={"middleware": ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"],
                     "extra": "CORS_ALLOW_ALL_ORIGINS = True\n"},
        requests=[{"path": "/api/tags"}]),
    r"ModuleNotFoundError: No module named 'corsheaders(\.middleware)?'",
))

add(C(
    "installed-apps-missing-comma", "startup.init_error", "python-traceback",
    "https://adamj.eu/tech/2020/06/29/why-does-python-raise-modulenotfounderror-when-modifying-installed-apps/", "blog",
    "A missing comma between two INSTALLED_APPS strings makes Python concatenate them into one module name, which Django then fails to import at startup.",
    "INSTALLED_APPS has 'rest_framework' 'articles' with no comma between them; runserver fails while populating the app registry with ModuleNotFoundError \"No module named 'rest_frameworkarticles'\".",
    make({
        "articles/views.py": TAGS_VIEW,
        "articles/urls.py": urls('path("tags", views.tags)'),
    }, migrate_apps=None, setup=_drop_comma, requests=[{"path": "/api/tags"}]),
    r"ModuleNotFoundError: No module named 'rest_frameworkarticles'",
))

add(C(
    "wsgi-wrong-settings-module", "startup.entrypoint.app_object", "gunicorn",
    "http://www.kouhan.cn/en/article/00012628", "blog",
    "DJANGO_SETTINGS_MODULE must be the import path of the project's settings module; pointing it at a package that does not exist stops the WSGI application from loading.",
    "wsgi.py sets DJANGO_SETTINGS_MODULE to 'conduit.settings' but the project package is 'config'; gunicorn's worker fails to boot with ModuleNotFoundError \"No module named 'conduit'\".",
    make({
        "config/wsgi.py": 'import os\nfrom django.core.wsgi import get_wsgi_application\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "conduit.settings")\napplication = get_wsgi_application()\n',
        "articles/views.py": TAGS_VIEW,
        "articles/urls.py": urls('path("tags", views.tags)'),
    }, mode="gunicorn", migrate_apps=None, requests=[{"path": "/api/tags"}]),
    r"ModuleNotFoundError: No module named 'conduit'",
))

add(C(
    "seed-script-settings-not-configured", "startup.entrypoint.app_object", "python-traceback",
    "https://translatebot.dev/en/blog/django-import-settings/", "blog",
    "A standalone script imports Django models without selecting a settings module or calling django.setup(), so Django has no configuration when the models load.",
    "run.sh seeds data with 'python seed.py', which imports articles.models directly; the script dies with ImproperlyConfigured 'Requested setting INSTALLED_APPS, but settings are not configured' before the server is started.",
    make({
        "articles/models.py": MODELS,
        "seed.py": '''from articles.models import Tag

for name in ["django", "dragons", "training"]:
    Tag.objects.get_or_create(name=name)
print("seeded")
''',
        "run.sh": "#!/bin/sh\nset -e\npython manage.py migrate -v 0\npython seed.py\nexec python manage.py runserver 0.0.0.0:8000\n",
    }, mode="command", migrate_apps=None, cmd="sh run.sh"),
    r"ImproperlyConfigured: Requested setting INSTALLED_APPS, but settings are not configured",
))

add(C(
    "app-init-imports-models", "startup.init_error", "python-traceback",
    "http://www.kouhan.cn/en/article/00025261", "blog",
    "An app package's __init__.py imports its models, which Django cannot load until the app registry is populated, so startup fails with AppRegistryNotReady.",
    "articles/__init__.py re-exports Article from .models for convenience; manage.py check stops while importing INSTALLED_APPS with AppRegistryNotReady \"Apps aren't loaded yet.\"",
    make({
        "articles/__init__.py": "from .models import Article, Tag  # noqa: F401  (convenience re-export)\n",
        "articles/models.py": MODELS,
    }, mode="command", migrate_apps=None, cmd=["python", "manage.py", "check"]),
    r"django\.core\.exceptions\.AppRegistryNotReady: Apps aren't loaded yet\.",
))

add(C(
    "reverse-accessor-clash-check", "startup.init_error", "ci-timestamp",
    "https://stackoverflow.com/questions/1142378/django-why-do-some-model-fields-clash-with-each-other", "qa",
    "Two foreign keys from one model to the same model without distinct related_name values would create the same reverse accessor, which Django's system checks reject.",
    "Comment gains author and reviewer ForeignKeys to User, both without related_name; in a CI step (timestamped lines) manage.py check reports fields.E304 reverse accessor clashes and SystemCheckError.",
    make({
        "articles/models.py": MODELS.replace(
            '    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")\n',
            '    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)\n'
            '    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)\n'),
    }, mode="ci", migrate_apps=None, cmd="python manage.py check"),
    r"\(fields\.E304\) Reverse accessor 'User\.comment_set' for 'articles\.Comment\.\w+' clashes",
))

# =============================================================================== framework.wiring (batch 3)

add(C(
    "route-kwarg-name-mismatch", "framework.wiring.route_params", "python-traceback",
    "https://chansman.tistory.com/1130", "blog",
    "The URL pattern captures the parameter under one name (pk) while the view's signature expects another (id), so Django's call to the view fails with an unexpected keyword argument.",
    "urls.py routes articles/<int:pk>/favorite while the view is def favorite(request, id); runserver logs TypeError \"favorite() got an unexpected keyword argument 'pk'\".",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from .models import Article


@csrf_exempt
def favorite(request, id):
    article = Article.objects.get(id=id)
    return JsonResponse({"article": {"slug": article.slug, "favorited": True}})
''',
        "articles/urls.py": urls('path("articles/<int:pk>/favorite", views.favorite)'),
    }, setup=shell(SEED), requests=[{"method": "POST", "path": "/api/articles/1/favorite"}]),
    r"TypeError: favorite\(\) got an unexpected keyword argument 'pk'",
))

add(C(
    "template-does-not-exist", "framework.wiring.app_config", "django-debug-page",
    "https://codemia.io/knowledge-hub/path/django_templatedoesnotexist", "blog",
    "The view renders a template path that none of the configured template loaders can find (no such file under an app's templates/ directory or TEMPLATES DIRS).",
    "The article list view calls render(request, 'articles/list.html') but the app has no templates directory; the DEBUG technical 500 HTML is titled TemplateDoesNotExist and lists the loader's searched paths.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.shortcuts import render
from .models import Article


def article_list(request):
    return render(request, "articles/list.html", {"articles": Article.objects.all()})
''',
        "articles/urls.py": urls('path("articles", views.article_list)'),
    }, mode="page-html", setup=shell(SEED), requests=[{"path": "/api/articles"}]),
    r"<title>TemplateDoesNotExist\s+at /api/articles</title>",
))

add(C(
    "sync-view-calls-async-helper", "framework.wiring.async_misuse", "python-traceback",
    "https://napuzba.com/call-async-functions-in-sequential-code/", "blog",
    "Calling an async function from a synchronous view returns a coroutine object instead of its result; the coroutine is never awaited and its value is used as if it were data.",
    "The sync profile view calls the async fetch_profile() helper without awaiting it and puts the coroutine into JsonResponse; runserver logs TypeError 'Object of type coroutine is not JSON serializable' and a 'coroutine ... was never awaited' RuntimeWarning.",
    make({
        "articles/services.py": '''import asyncio


async def fetch_profile(username):
    await asyncio.sleep(0)
    return {"username": username, "bio": "", "image": None, "following": False}
''',
        "articles/views.py": '''from django.http import JsonResponse
from .services import fetch_profile


def profile(request, username):
    return JsonResponse({"profile": fetch_profile(username)})
''',
        "articles/urls.py": urls('path("profiles/<str:username>", views.profile)'),
    }, migrate_apps=(), requests=[{"path": "/api/profiles/alice"}]),
    r"TypeError: Object of type coroutine is not JSON serializable",
))

add(C(
    "async-view-missing-await-response", "framework.wiring.async_misuse", "uvicorn",
    "https://forum.djangoproject.com/t/how-can-i-make-my-view-asynchronous/18785", "qa",
    "A view returns the coroutine of another async function without awaiting it, so Django receives a coroutine where it needs an HttpResponse and refuses it.",
    "The async article view ends with 'return build_response(article)' where build_response is async; under uvicorn Django raises ValueError \"didn't return an HttpResponse object. It returned an unawaited coroutine instead.\"",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


async def build_response(article):
    return JsonResponse({"article": {"slug": article.slug, "title": article.title}})


async def article_detail(request, slug):
    article = await Article.objects.aget(slug=slug)
    return build_response(article)
''',
        "articles/urls.py": urls('path("articles/<slug:slug>", views.article_detail)'),
    }, mode="uvicorn", setup=shell(SEED), requests=[{"path": "/api/articles/how-to-train"}]),
    r"It returned an unawaited coroutine instead\. You may need to add an 'await' into your view",
))

add(C(
    "drf-async-api-view", "framework.wiring.async_misuse", "python-traceback",
    "https://stackoverflow.com/questions/65873039/how-to-use-async-function-based-views-in-drf", "qa",
    "DRF 3.15's api_view does not run coroutine views; an async def view wrapped with @api_view hands DRF a coroutine instead of a Response.",
    "The tags endpoint is 'async def' under @api_view(['GET']); runserver logs DRF's AssertionError 'Expected a Response, HttpResponse or StreamingHttpResponse to be returned from the view, but received a <class 'coroutine'>'.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from .models import Tag


@api_view(["GET"])
@permission_classes([AllowAny])
async def tags(request):
    names = [t.name async for t in Tag.objects.all()]
    return Response({"tags": names})
''',
        "articles/urls.py": urls('path("tags", views.tags)'),
    }, setup=shell(SEED), requests=[{"path": "/api/tags", "headers": {"Accept": "application/json"}}]),
    r"AssertionError: Expected a `Response`, `HttpResponse` or `StreamingHttpResponse` to be returned from the view, but received a `<class 'coroutine'>`",
    libraries=DRF,
))

# =============================================================================== contract / auth (batch 3)

add(C(
    "jsonresponse-queryset-json-log", "contract.serialization.json_encode", "json-log",
    "https://terramagnetica.com/object-of-type-queryset-is-not-json-serializable-django", "blog",
    "A QuerySet is a lazy query object, not a list; JSON encoders cannot serialize it until it is turned into a list (of dicts).",
    "The tags view puts Tag.objects.values_list(...) straight into JsonResponse; the app logs through python-json-logger and the error record carries TypeError 'Object of type QuerySet is not JSON serializable'.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Tag


def tags(request):
    return JsonResponse({"tags": Tag.objects.values_list("name", flat=True)})
''',
        "articles/urls.py": urls('path("tags", views.tags)'),
    }, settings_kw={"extra": JSON_LOGGING}, setup=shell(SEED), requests=[{"path": "/api/tags"}]),
    r"Object of type QuerySet is not JSON serializable",
))

add(C(
    "drf-response-model-instance-structlog", "contract.serialization.json_encode", "structlog-json",
    "https://e-com-net.com/article/1594458436689567744.htm", "blog",
    "A model instance is handed to the JSON renderer as-is; it has to go through a serializer or be converted to plain data first.",
    "The DRF profile view returns Response({'profile': user}) with the User instance itself; the structlog JSON log line for the 500 holds TypeError 'Object of type User is not JSON serializable'.",
    make({
        "articles/views.py": '''from django.contrib.auth.models import User
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response


@api_view(["GET"])
@permission_classes([AllowAny])
def profile(request, username):
    user = User.objects.get(username=username)
    return Response({"profile": user})
''',
        "articles/urls.py": urls('path("profiles/<str:username>", views.profile)'),
    }, migrate_apps=(), settings_kw={"extra": STRUCTLOG_LOGGING},
        setup=shell('from django.contrib.auth.models import User; User.objects.create_user("alice", "a@x.io", "pw")'),
        requests=[{"path": "/api/profiles/alice", "headers": {"Accept": "application/json"}}]),
    r"Object of type User is not JSON serializable",
    libraries=("django", "djangorestframework", "structlog"),
))

add(C(
    "drf-serializer-snake-case-fields", "contract.shape.missing_field", "unittest",
    "http://wsvincent.com/django-rest-framework-changing-field-names/", "blog",
    "A ModelSerializer emits fields under the model's attribute names; when the API contract uses other names (camelCase), the serializer must map them with source=, otherwise those keys are missing.",
    "ArticleSerializer lists created_at/updated_at; the contract test looks for createdAt and manage.py test reports FAIL: 'createdAt' not found in the returned article.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from rest_framework import generics, permissions, serializers
from .models import Article


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["slug", "title", "description", "body", "created_at", "updated_at"]


class ArticleDetail(generics.RetrieveAPIView):
    queryset = Article.objects.all()
    serializer_class = ArticleSerializer
    lookup_field = "slug"
    permission_classes = [permissions.AllowAny]
''',
        "articles/urls.py": urls('path("articles/<slug:slug>", views.ArticleDetail.as_view())'),
        "articles/tests.py": '''from django.contrib.auth.models import User
from django.test import TestCase

from .models import Article


class ArticleContractTests(TestCase):
    def test_article_has_contract_fields(self):
        alice = User.objects.create_user("alice", "a@x.io", "pw")
        Article.objects.create(slug="hello", title="Hello", author=alice)
        body = self.client.get("/api/articles/hello").json()
        for key in ("slug", "title", "createdAt", "updatedAt"):
            self.assertIn(key, body)
''',
    }, mode="test"),
    r"AssertionError: 'createdAt' not found in \{",
    libraries=DRF,
))

add(C(
    "password-stored-unhashed", "auth.config.password", "unittest",
    "http://cheng.logdown.com/posts/2016/01/06/django-create-and-login-user-manually/", "blog",
    "Creating a user with User.objects.create(password=raw) stores the raw string instead of a hash, so authenticate() can never match it and every login fails.",
    "register uses User.objects.create(username=..., password=raw); the login view's authenticate() returns None and manage.py test reports FAIL: 400 != 200 on the login step.",
    make({
        "articles/views.py": '''import json

from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def register(request):
    data = json.loads(request.body)["user"]
    user = User.objects.create(username=data["username"], email=data["email"], password=data["password"])
    return JsonResponse({"user": {"username": user.username, "email": user.email}}, status=201)


@csrf_exempt
def login(request):
    data = json.loads(request.body)["user"]
    user = authenticate(username=data["username"], password=data["password"])
    if user is None:
        return JsonResponse({"errors": {"credentials": ["invalid"]}}, status=400)
    return JsonResponse({"user": {"username": user.username, "token": "t"}})
''',
        "articles/urls.py": urls('path("users", views.register)', 'path("users/login", views.login)'),
        "articles/tests.py": '''from django.test import TestCase


class AuthFlowTests(TestCase):
    def test_register_then_login(self):
        user = {"username": "alice", "email": "a@x.io", "password": "s3cret-pass"}
        r = self.client.post("/api/users", {"user": user}, content_type="application/json")
        self.assertEqual(r.status_code, 201)
        r = self.client.post("/api/users/login", {"user": user}, content_type="application/json")
        self.assertEqual(r.status_code, 200)
''',
    }, mode="test", migrate_apps=()),
    r"AssertionError: 400 != 200",
))

add(C(
    "anonymous-user-assigned-as-author", "auth.config", "python-traceback",
    "https://errorhandle.ai/where-in-django-does-a-user-become-an-anonymoususer", "blog",
    "When no configured authentication recognises the request, request.user is AnonymousUser; code that stores it as the owner of a row fails because it is not a User instance.",
    "The article create view reads request.user but only Basic authentication is configured, so the client's 'Token ...' header is ignored; runserver logs ValueError 'Cannot assign \"<...AnonymousUser...>\": \"Article.author\" must be a \"User\" instance.'",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from .models import Article


@api_view(["POST"])
@permission_classes([AllowAny])
def create_article(request):
    data = request.data["article"]
    article = Article.objects.create(slug=data["title"].lower().replace(" ", "-"), title=data["title"],
                                     body=data["body"], author=request.user)
    return Response({"article": {"slug": article.slug}}, status=201)
''',
        "articles/urls.py": urls('path("articles", views.create_article)'),
    }, settings_kw={"rest": {"DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.BasicAuthentication"]}},
        setup=shell(SEED), requests=[{"method": "POST", "path": "/api/articles", "headers": {"Authorization": "Token 0123456789abcdef"},
                                      "json": {"article": {"title": "My post", "description": "d", "body": "b"}}}]),
    r'ValueError: Cannot assign "<django\.contrib\.auth\.models\.AnonymousUser object at 0x[0-9a-f]+>": "Article\.author" must be a "User" instance',
    libraries=DRF,
))

# =============================================================================== batch 4

add(C(
    "pg-connection-refused-honcho", "startup.database", "compose-prefix",
    "https://bugstack.ai/errors/database-connection-django.html", "blog",
    "The settings point Django at a PostgreSQL host/port where no server is listening, so the first database connection (here the release-time migrate) is refused.",
    "The Procfile runs 'manage.py migrate' before runserver; DATABASE_URL names 127.0.0.1 on a port with no PostgreSQL, so honcho-prefixed output shows OperationalError 'connection failed ... Connection refused' and the web process exits before listening.",
    make({
        "articles/models.py": MODELS,
    }, mode="honcho", migrate_apps=None, settings_kw={"database": "postgres"},
        env={"DATABASE_URL": "postgresql://postgres@127.0.0.1:5499/conduit"},
        cmd="web: python manage.py migrate && exec python manage.py runserver 127.0.0.1:$PORT --noreload\n",
        requests=[{"path": "/api/articles"}]),
    r"OperationalError: connection failed: connection to server at \"127\.0\.0\.1\", port 5499 failed: Connection refused",
    database="postgres", libraries=("django", "psycopg", "honcho"),
))

add(C(
    "drf-serializer-data-before-is-valid", "framework.wiring.request_response", "pytest",
    "https://thecoderscamp.com/what-are-the-differences-between-data-and-validated-datadjango", "qa",
    "A DRF serializer built from request data must be validated before .data is read; reading .data first raises an AssertionError.",
    "The register view builds UserSerializer(data=request.data) and returns serializer.data without calling is_valid(); the pytest-django test using APIClient fails with AssertionError 'you must call `.is_valid()` before attempting to access the serialized `.data`'.",
    make({
        "pytest.ini": PYTEST_INI,
        "articles/views.py": '''from django.contrib.auth.models import User
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["username", "email", "password"]
        extra_kwargs = {"password": {"write_only": True}}


@api_view(["POST"])
@permission_classes([AllowAny])
def register(request):
    serializer = UserSerializer(data=request.data["user"])
    return Response({"user": serializer.data}, status=201)
''',
        "articles/urls.py": urls('path("users", views.register)'),
        "articles/test_users.py": '''import pytest
from rest_framework.test import APIClient


@pytest.mark.django_db
def test_register_returns_user():
    client = APIClient()
    r = client.post("/api/users", {"user": {"username": "u", "email": "u@x.io", "password": "pw123456"}}, format="json")
    assert r.status_code == 201
    assert r.json()["user"]["username"] == "u"
''',
    }, mode="pytest", migrate_apps=None),
    r"AssertionError: When a serializer is passed a `data` keyword argument you must call `\.is_valid\(\)` before attempting to access the serialized `\.data` representation",
    libraries=("django", "djangorestframework", "pytest-django"),
))

add(C(
    "favorite-view-not-implemented", "incomplete.endpoint.stub", "python-traceback",
    "https://errorhandle.ai/class-based-views-and-raise-notimplementederror", "blog",
    "A handler was left as a placeholder that raises NotImplementedError, so the route exists but every request to it fails.",
    "POST /api/articles/<slug>/favorite is routed to a view whose body is 'raise NotImplementedError(\"favorite articles\")'; runserver logs the NotImplementedError and the client gets 500.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from .models import Article


def article_detail(request, slug):
    a = Article.objects.get(slug=slug)
    return JsonResponse({"article": {"slug": a.slug, "title": a.title}})


@csrf_exempt
def favorite(request, slug):
    # TODO: favourite / unfavourite
    raise NotImplementedError("favorite articles")
''',
        "articles/urls.py": urls('path("articles/<slug:slug>", views.article_detail)',
                                 'path("articles/<slug:slug>/favorite", views.favorite)'),
    }, setup=shell(SEED), requests=[{"path": "/api/articles/how-to-train"},
                                    {"method": "POST", "path": "/api/articles/how-to-train/favorite"}]),
    r"NotImplementedError: favorite articles",
))

add(C(
    "profiles-endpoint-missing-404", "incomplete.endpoint.missing", "status-line",
    "https://www.vskills.in/certification/tutorial/web-development/django-web-development/404-errors/", "blog",
    "Django answers 404 for any URL that matches no pattern in the URLconf; endpoints that were never written (no view, no route) all end up there.",
    "Only the articles endpoints exist; with DEBUG off the client's profile and follow calls all come back '404 Not Found' from Django's default handler.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


def article_list(request):
    return JsonResponse({"articles": list(Article.objects.values("slug", "title"))})
''',
        "articles/urls.py": urls('path("articles", views.article_list)'),
    }, settings_kw={"debug": False}, setup=shell(SEED),
        requests=[{"path": "/api/articles"}, {"path": "/api/profiles/alice"},
                  {"method": "POST", "path": "/api/profiles/alice/follow"}]),
    r"GET /api/profiles/alice -> 404 Not Found",
))

add(C(
    "limit-offset-query-strings", "data.query.pagination", "gunicorn",
    "https://thetldr.tech/how-to-implement-pagination-in-django-using-limit-and-offset/", "blog",
    "Limit/offset paging slices the queryset as qs[offset:offset+limit]; the bounds must be integers, but query-string values are strings until converted.",
    "The list view slices Article.objects.all()[offset:offset + limit] with the raw request.GET strings; gunicorn's log shows a TypeError from the queryset slicing and every paged request fails with 500.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


def article_list(request):
    limit = request.GET.get("limit", 20)
    offset = request.GET.get("offset", 0)
    qs = Article.objects.order_by("-created_at")
    page = qs[offset:offset + limit]
    return JsonResponse({"articles": [a.slug for a in page], "articlesCount": qs.count()})
''',
        "articles/urls.py": urls('path("articles", views.article_list)'),
    }, mode="gunicorn", settings_kw={"extra": "LOGGING = {'version': 1, 'disable_existing_loggers': False, 'handlers': {'console': {'class': 'logging.StreamHandler'}}, 'loggers': {'django.request': {'handlers': ['console'], 'level': 'ERROR'}}}\n"},
        setup=shell(SEED), requests=[{"path": "/api/articles"}, {"path": "/api/articles?limit=2&offset=1"}]),
    r"TypeError: [^\n]{0,200}'str'",
))

add(C(
    "get-object-or-404-not-imported", "xfile.reference.undefined_name", "python-traceback",
    "https://errorhandle.ai/django-mvc-philosophy-and-using-get-object-404-instead-of-raise404", "blog",
    "get_object_or_404 is a helper from django.shortcuts; a module that calls it without importing it fails with NameError when that line first runs.",
    "views.py calls get_object_or_404(Article, slug=slug) but only imports JsonResponse; the module loads fine and runserver logs NameError \"name 'get_object_or_404' is not defined\" on the first detail request.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Article


def article_detail(request, slug):
    article = get_object_or_404(Article, slug=slug)
    return JsonResponse({"article": {"slug": article.slug, "title": article.title}})
''',
        "articles/urls.py": urls('path("articles/<slug:slug>", views.article_detail)'),
    }, setup=shell(SEED), requests=[{"path": "/api/articles/how-to-train"}]),
    r"NameError: name 'get_object_or_404' is not defined",
))

add(C(
    "drf-session-auth-first-403", "auth.config", "status-line",
    "https://zenn.dev/tell_k/articles/4aabc58ebbf9ad", "blog",
    "DRF decides between 401 and 403 for unauthenticated requests from the first authentication class; with SessionAuthentication first (no WWW-Authenticate header) anonymous requests get 403 instead of 401.",
    "DEFAULT_AUTHENTICATION_CLASSES lists SessionAuthentication before TokenAuthentication; a request without a token to the protected /api/user is answered 403 Forbidden where the client expects 401.",
    make({
        "articles/views.py": '''from rest_framework.decorators import api_view
from rest_framework.response import Response


@api_view(["GET"])
def current_user(request):
    return Response({"user": {"username": request.user.username}})
''',
        "articles/urls.py": urls('path("user", views.current_user)'),
    }, apps=TOKEN_APPS, migrate_apps=(),
        settings_kw={"rest": {"DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication",
                                                                 "rest_framework.authentication.TokenAuthentication"],
                              "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]}},
        requests=[{"path": "/api/user"}]),
    r"GET /api/user -> 403 Forbidden\n\{\"detail\":\"Authentication credentials were not provided\.\"\}",
    libraries=DRF,
))

# =============================================================================== batch 5

CONDUIT_POSTMAN = "https://raw.githubusercontent.com/gothinkster/realworld/master/api/Conduit.postman_collection.json"

add(C(
    "f-expression-left-on-instance", "data.orm.api_misuse", "python-traceback",
    "https://simpleisbetterthancomplex.com/tips/2016/08/23/django-tip-13-f-expressions.html", "blog",
    "After instance.field = F('field') + 1 and save(), the attribute still holds the expression object (CombinedExpression), not the new number, until the instance is reloaded.",
    "The favourite view increments views_count with F() and then serializes the same instance; runserver logs TypeError 'Object of type CombinedExpression is not JSON serializable' because refresh_from_db() was never called.",
    make({
        "articles/models.py": MODELS.replace(
            '    created_at = models.DateTimeField(auto_now_add=True)\n    updated_at',
            '    views_count = models.IntegerField(default=0)\n    created_at = models.DateTimeField(auto_now_add=True)\n    updated_at', 1),
        "articles/views.py": '''from django.db.models import F
from django.http import JsonResponse
from .models import Article


def article_detail(request, slug):
    article = Article.objects.get(slug=slug)
    article.views_count = F("views_count") + 1
    article.save(update_fields=["views_count"])
    return JsonResponse({"article": {"slug": article.slug, "viewsCount": article.views_count}})
''',
        "articles/urls.py": urls('path("articles/<slug:slug>", views.article_detail)'),
    }, setup=shell(SEED), requests=[{"path": "/api/articles/how-to-train"}]),
    r"TypeError: Object of type CombinedExpression is not JSON serializable",
))

add(C(
    "user-response-not-wrapped", "contract.shape.wrapping", "unittest",
    CONDUIT_POSTMAN, "docs",
    "The API contract wraps each resource in an envelope ({\"user\": {...}}); the collection's tests check for the 'user' property, so a flat user object fails them.",
    "The registration view returns the serializer's flat dict; manage.py test (mirroring the contract check) reports FAIL: 'user' not found in the response body, which starts directly with username/email.",
    make({
        "articles/views.py": '''from django.contrib.auth.models import User
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["username", "email", "password"]
        extra_kwargs = {"password": {"write_only": True}}

    def create(self, validated_data):
        return User.objects.create_user(**validated_data)


@api_view(["POST"])
@authentication_classes([])
@permission_classes([])
def register(request):
    serializer = UserSerializer(data=request.data["user"])
    serializer.is_valid(raise_exception=True)
    serializer.save()
    return Response(serializer.data, status=201)
''',
        "articles/urls.py": urls('path("users", views.register)'),
        "articles/tests.py": '''from django.test import TestCase


class RegisterContractTests(TestCase):
    def test_register_wraps_user(self):
        r = self.client.post("/api/users", {"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}},
                             content_type="application/json")
        self.assertEqual(r.status_code, 201)
        self.assertIn("user", r.json())
''',
    }, mode="test", migrate_apps=()),
    r"AssertionError: 'user' not found in \{'username': 'jake', 'email': 'jake@jake\.jake'\}",
    libraries=DRF,
))

add(C(
    "taglist-serialized-as-string", "contract.shape.type", "pytest",
    CONDUIT_POSTMAN, "docs",
    "The contract's tagList is a JSON array of strings; a serializer that emits the tags as one joined string gives the field the wrong type.",
    "ArticleSerializer exposes tagList through a SerializerMethodField returning ', '.join(names); the pytest-django contract test fails on isinstance(tagList, list) with the string 'django, dragons' in the assertion output.",
    make({
        "articles/models.py": MODELS,
        "pytest.ini": PYTEST_INI,
        "articles/views.py": '''from rest_framework import generics, permissions, serializers
from .models import Article


class ArticleSerializer(serializers.ModelSerializer):
    tagList = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["slug", "title", "tagList"]

    def get_tagList(self, obj):
        return ", ".join(sorted(t.name for t in obj.tags.all()))


class ArticleDetail(generics.RetrieveAPIView):
    queryset = Article.objects.all()
    serializer_class = ArticleSerializer
    lookup_field = "slug"
    permission_classes = [permissions.AllowAny]
''',
        "articles/urls.py": urls('path("articles/<slug:slug>", views.ArticleDetail.as_view())'),
        "articles/test_contract.py": '''import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from articles.models import Article, Tag


@pytest.mark.django_db
def test_taglist_is_an_array():
    alice = User.objects.create_user("alice", "a@x.io", "pw")
    article = Article.objects.create(slug="dragons", title="Dragons", author=alice)
    article.tags.add(Tag.objects.create(name="django"), Tag.objects.create(name="dragons"))
    body = APIClient().get("/api/articles/dragons").json()
    assert isinstance(body["tagList"], list), body
''',
    }, mode="pytest"),
    r"where False = isinstance\('django, dragons', list\)",
    libraries=("django", "djangorestframework", "pytest-django"),
))

# =============================================================================== batch 6

SESSION_SEED = '''from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
u = User.objects.create_user("alice", "alice@example.com", "secret123")
s = SessionStore()
s[SESSION_KEY] = str(u.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = u.get_session_auth_hash()
s.create()
open(".sessionid", "w").write(s.session_key)
'''


def _session_requests(ctx):
    sid = (ctx.dir / ".sessionid").read_text().strip()
    cookie = {"Cookie": f"sessionid={sid}"}
    return [{"path": "/api/user", "headers": cookie},
            {"method": "POST", "path": "/api/articles", "headers": cookie,
             "json": {"article": {"title": "T", "description": "d", "body": "b"}}}]


add(C(
    "drf-session-auth-csrf-failed", "framework.wiring.app_config", "status-line",
    "https://stackoverflow.com/questions/32653518/django-rest-framework-returning-403-response-on-post-put-delete-despite-allowa/32656498", "qa",
    "With DRF's SessionAuthentication, a request authenticated by the session cookie must also carry a valid CSRF token on unsafe methods; without it DRF answers 403 'CSRF Failed'.",
    "The API relies on DRF's default SessionAuthentication; the client holds a valid session cookie (GET /api/user works) but its POST has no CSRF cookie/header, so it is refused with 403 'CSRF Failed: CSRF cookie not set.'",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from .models import Article


@api_view(["GET"])
@permission_classes([IsAuthenticated])
def current_user(request):
    return Response({"user": {"username": request.user.username}})


@api_view(["POST"])
@permission_classes([IsAuthenticated])
def create_article(request):
    data = request.data["article"]
    a = Article.objects.create(slug=data["title"].lower(), title=data["title"], body=data["body"], author=request.user)
    return Response({"article": {"slug": a.slug}}, status=201)
''',
        "articles/urls.py": urls('path("user", views.current_user)', 'path("articles", views.create_article)'),
    }, setup=shell(SESSION_SEED), requests=_session_requests),
    r'POST /api/articles -> 403 Forbidden\n\{"detail":"CSRF Failed: CSRF cookie not set\."\}',
    libraries=DRF,
))

add(C(
    "circular-import-views-serializers", "xfile.reference.circular_import", "gunicorn",
    "https://implera.ai/blog/how-to-fix-circular-imports-in-python", "blog",
    "Two project modules import names from each other at module level; whichever is imported first is only partly initialised when the other asks for its name.",
    "articles/views.py imports ArticleSerializer from serializers.py, which imports the current_profile helper back from views.py; gunicorn boots, and the first request's URLconf import fails with ImportError 'cannot import name ... from partially initialized module'.",
    make({
        "articles/models.py": MODELS,
        "articles/serializers.py": '''from rest_framework import serializers

from .models import Article
from .views import current_profile


class ArticleSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["slug", "title", "author"]

    def get_author(self, obj):
        return current_profile(obj.author)
''',
        "articles/views.py": '''from rest_framework import generics, permissions

from .models import Article
from .serializers import ArticleSerializer


def current_profile(user):
    return {"username": user.username, "bio": "", "image": None, "following": False}


class ArticleList(generics.ListAPIView):
    queryset = Article.objects.all()
    serializer_class = ArticleSerializer
    permission_classes = [permissions.AllowAny]
''',
        "articles/urls.py": urls('path("articles", views.ArticleList.as_view())'),
    }, mode="gunicorn", setup=shell(SEED), requests=[{"path": "/api/articles"}]),
    r"ImportError: cannot import name '(current_profile|ArticleSerializer)' from partially initialized module",
    libraries=DRF,
))

add(C(
    "pg-host-compose-service-name", "startup.database", "gunicorn",
    "https://django-deployment.com/fix-issues/fix-django-database-connection-errors-production", "blog",
    "The database host in the settings is a name that does not resolve where the app runs (a docker-compose service name such as 'db' used outside the compose network), so every connection attempt fails at DNS resolution.",
    "DATABASE_URL points at host 'db' but the app runs outside the compose network; gunicorn serves requests and each one fails with django.db.utils.OperationalError '[Errno -2] Name or service not known'.",
    make({
        "articles/models.py": MODELS,
        "articles/views.py": '''from django.http import JsonResponse
from .models import Tag


def tags(request):
    return JsonResponse({"tags": list(Tag.objects.values_list("name", flat=True))})
''',
        "articles/urls.py": urls('path("tags", views.tags)'),
    }, mode="gunicorn", migrate_apps=None, settings_kw={"database": "postgres"},
        env={"DATABASE_URL": "postgresql://postgres@db:5432/conduit"}, requests=[{"path": "/api/tags"}]),
    r"django\.db\.utils\.OperationalError: \[Errno -2\] Name or service not known",
    database="postgres", libraries=("django", "psycopg"),
))
