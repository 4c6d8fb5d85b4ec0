"""pyspec: framework.wiring situations (body parsing, trailing slashes, route order, converters, methods)."""

from __future__ import annotations

from _pyspec_kit import DJANGO_SINGLE, FLASK, HARNESS_PY, PYTEST, TS_FILES, UVICORN, case, d, django_single, run, serve, ts, with_server

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-fastapi-oauth2-form-for-json-login",
    label="framework.wiring.body_parsing",
    shape="harness-lines",
    source="https://fastapi.tiangolo.com/tutorial/security/simple-oauth2/",
    source_kind="docs",
    cause="OAuth2PasswordRequestForm reads username and password from form fields (application/x-www-form-urlencoded); "
          "a client that posts the credentials as a JSON body leaves the form empty and gets 422.",
    rationale="The spec's login takes JSON {\"user\": {\"email\", \"password\"}}; main.py depends on "
              "OAuth2PasswordRequestForm, so uvicorn logs 422 and the harness prints 'Expected 200 but got 422' "
              "with loc ['body','username'] missing.",
    make=with_server({
        "main.py": d('''
            from fastapi import Depends, FastAPI, HTTPException
            from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm

            app = FastAPI()
            oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/users/login")
            USERS = {"jake@jake.jake": {"username": "jake", "password": "jakejake"}}


            @app.post("/api/users/login")
            def login(form: OAuth2PasswordRequestForm = Depends()):
                user = USERS.get(form.username)
                if user is None or user["password"] != form.password:
                    raise HTTPException(status_code=401, detail="Incorrect email or password")
                return {"user": {"email": form.username, "username": user["username"], "token": "jwt-" + user["username"]}}


            @app.get("/api/user")
            def current_user(token: str = Depends(oauth2_scheme)):
                return {"user": {"token": token}}
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_status, main, test, url


            @test
            def login_with_json_credentials():
                r = requests.post(url("/api/users/login"), json={"user": {"email": "jake@jake.jake", "password": "jakejake"}})
                expect_status(r, 200, "POST /api/users/login")

            main()
        '''),
    }, UVICORN, "python test_api.py"),
    libraries=("fastapi", "python-multipart", "uvicorn"), framework="fastapi",
    expect=r"Expected 200 but got 422 for POST /api/users/login", code=("main.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-fastapi-body-fields-as-query-params",
    label="framework.wiring.body_parsing",
    shape="ci-timestamp",
    source="https://sqlpey.com/javascript/fastapi-422-unprocessable-entity-post",
    source_kind="blog",
    cause="FastAPI reads plain scalar parameters (str, int, ...) of a path operation from the query string; only "
          "Pydantic models or Body(...) parameters come from the JSON body.",
    rationale="create_comment in main.py declares body: str and author: str as plain parameters, so the JSON body "
              "is ignored and the spec test gets 422 'query' missing; the CI log shows 'assert 422 == 201'.",
    make=run({
        **TS_FILES,
        "main.py": d('''
            from fastapi import FastAPI

            app = FastAPI()
            COMMENTS: dict[str, list] = {}


            @app.post("/api/articles/{slug}/comments", status_code=201)
            def create_comment(slug: str, body: str, author: str):
                comment = {"id": len(COMMENTS.get(slug, [])) + 1, "body": body, "author": {"username": author}}
                COMMENTS.setdefault(slug, []).append(comment)
                return {"comment": comment}
        '''),
        "test_comments.py": d('''
            from fastapi.testclient import TestClient
            from main import app

            client = TestClient(app)


            def test_add_comment():
                r = client.post("/api/articles/dragons/comments", json={"body": "Thank you so much!", "author": "jake"})
                assert r.status_code == 201, r.json()
        '''),
    }, ts("env " + PYTEST)),
    libraries=("fastapi", "pytest"), framework="fastapi",
    expect=r"assert 422 == 201", code=("main.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-flask-request-form-for-json-body",
    label="framework.wiring.body_parsing",
    shape="werkzeug",
    source="https://sentry.io/answers/flask-getting-post-data/",
    source_kind="blog",
    cause="Flask fills request.form only from form-encoded or multipart bodies; a JSON body lands in request.json / "
          "get_json(), so indexing request.form raises a KeyError that Flask turns into 400 Bad Request.",
    rationale="create_article reads request.form['title'] while the spec client posts application/json; werkzeug "
              "logs the 400 and the client's status line shows 400 BAD REQUEST for POST /api/articles.",
    make=serve({
        "app.py": d('''
            from flask import Flask, jsonify, request

            app = Flask(__name__)
            ARTICLES = {}


            @app.post("/api/articles")
            def create_article():
                title = request.form["title"]
                body = request.form.get("body", "")
                slug = title.lower().replace(" ", "-")
                ARTICLES[slug] = {"slug": slug, "title": title, "body": body}
                return jsonify(article=ARTICLES[slug]), 201
        '''),
    }, FLASK, [{"method": "POST", "path": "/api/articles", "json": {"title": "How to train your dragon", "body": "Very carefully."}}]),
    libraries=("flask",), framework="flask",
    expect=r"POST /api/articles -> 400", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-fastapi-text-plain-json-body-422",
    label="framework.wiring.body_parsing",
    shape="status-line",
    source="https://tooldock.org/content-type-application-json-error",
    source_kind="blog",
    cause="A JSON body is only parsed as JSON when the request says Content-Type: application/json; a browser fetch "
          "with a string body sends text/plain, and the server then sees raw text instead of an object.",
    rationale="The spec's front end posts JSON.stringify(...) without a content type (text/plain;charset=UTF-8); "
              "FastAPI keeps the body as bytes and answers 422 'model_attributes_type' for the Pydantic body, as the "
              "status line and uvicorn's access log show.",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()


            class NewArticle(BaseModel):
                title: str
                body: str


            class ArticleBody(BaseModel):
                article: NewArticle


            @app.post("/api/articles", status_code=201)
            def create_article(payload: ArticleBody):
                slug = payload.article.title.lower().replace(" ", "-")
                return {"article": {"slug": slug, **payload.article.model_dump()}}
        '''),
    }, UVICORN, [{"method": "POST", "path": "/api/articles", "body": '{"article": {"title": "Dragons", "body": "..."}}',
                  "headers": {"Content-Type": "text/plain;charset=UTF-8"}}]),
    libraries=("fastapi", "uvicorn"), framework="fastapi",
    expect=r"POST /api/articles -> 422", code=("main.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-django-append-slash-301-post-becomes-get",
    label="framework.wiring.trailing_slash",
    shape="gunicorn",
    source="https://docs.djangoproject.com/en/5.1/ref/settings/#append-slash",
    source_kind="docs",
    cause="With APPEND_SLASH, CommonMiddleware answers a slash-less URL with a 301 to the slashed one; outside DEBUG "
          "a POST is redirected too, and clients re-send it as a GET without the body.",
    rationale="app.py routes 'api/articles/' and the spec posts to /api/articles; gunicorn's access log shows POST "
              "301 followed by GET 200, so the create never happens and the harness prints 'Expected 201 but got 200'.",
    make=with_server({
        "app.py": django_single('''
            import json  # noqa: E402

            from django.http import JsonResponse  # noqa: E402
            from django.urls import path  # noqa: E402
            from django.views.decorators.csrf import csrf_exempt  # noqa: E402

            ARTICLES = []


            @csrf_exempt
            def articles(request):
                if request.method == "POST":
                    article = json.loads(request.body)["article"]
                    ARTICLES.append(article)
                    return JsonResponse({"article": article}, status=201)
                return JsonResponse({"articles": ARTICLES, "articlesCount": len(ARTICLES)})


            urlpatterns = [path("api/articles/", articles)]
        ''', debug=False),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_status, main, test, url


            @test
            def create_article():
                r = requests.post(url("/api/articles"), json={"article": {"title": "Dragons", "body": "..."}})
                expect_status(r, 201, "POST /api/articles")

            main()
        '''),
    }, "exec gunicorn app:application --bind 127.0.0.1:$PORT --workers 1 --access-logfile -", "python test_api.py"),
    libraries=("django", "gunicorn", "requests"), framework="django",
    expect=r'"POST /api/articles HTTP/1\.1" 301', code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-django-users-me-shadowed-by-username-route",
    label="framework.wiring.route_order",
    shape="python-traceback",
    source="https://www.safaribooksonline.com/library/view/django-design-patterns/9781788831345/24721d92-e691-4cb8-a280-bde11ee05d47.xhtml",
    source_kind="docs",
    cause="Django tries urlpatterns top-down and stops at the first match; a general pattern such as "
          "users/<str:username> listed before the special case users/me swallows it.",
    rationale="app.py lists 'api/users/<str:username>' before 'api/users/me', so the spec's GET /api/users/me reaches "
              "get_user with username='me'; the USERS lookup raises KeyError: 'me' and runserver logs 'Internal "
              "Server Error: /api/users/me' with the traceback.",
    make=serve({
        "app.py": django_single('''
            from django.http import JsonResponse  # noqa: E402
            from django.urls import path  # noqa: E402

            USERS = {"jake": {"username": "jake", "email": "jake@jake.jake", "bio": "I work at statefarm"}}
            TOKENS = {"jwt-jake": "jake"}


            def get_user(request, username):
                return JsonResponse({"user": USERS[username]})


            def get_me(request):
                username = TOKENS.get(request.headers.get("Authorization", "").removeprefix("Token "))
                if username is None:
                    return JsonResponse({"errors": {"body": ["unauthorized"]}}, status=401)
                return JsonResponse({"user": USERS[username]})


            urlpatterns = [
                path("api/users/<str:username>", get_user),
                path("api/users/me", get_me),
            ]
        ''', debug=False, extra="""
            LOGGING={"version": 1, "handlers": {"console": {"class": "logging.StreamHandler"}},
                     "loggers": {"django": {"handlers": ["console"], "level": "INFO"}}},""".rstrip()),
    }, DJANGO_SINGLE, [{"path": "/api/users/jake"}, {"path": "/api/users/me", "headers": {"Authorization": "Token jwt-jake"}}]),
    libraries=("django",), framework="django",
    expect=r"KeyError: 'me'", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-django-int-converter-uuid-ids-404",
    label="framework.wiring.route_params",
    shape="status-line",
    source="https://leyaa.ai/codefly/learn/django/part-1/django-url-parameter-type-converters",
    source_kind="blog",
    cause="A Django path converter only matches values of its type; with <int:pk> a UUID in the URL matches no "
          "pattern and Django answers 404 before any view runs.",
    rationale="Articles are keyed by UUID (the spec returns them as ids) but app.py routes 'api/articles/<int:pk>', "
              "so GET /api/articles/<uuid> answers 404 Not Found, shown by the status line and runserver's "
              "'Not Found' warning.",
    make=serve({
        "app.py": django_single('''
            from django.http import Http404, JsonResponse  # noqa: E402
            from django.urls import path  # noqa: E402

            ARTICLES = {"7f1d3c2a-5b1e-4c8e-9f62-2d0a9e4b8c11": {"id": "7f1d3c2a-5b1e-4c8e-9f62-2d0a9e4b8c11", "title": "Dragons"}}


            def list_articles(request):
                return JsonResponse({"articles": list(ARTICLES.values())})


            def get_article(request, pk):
                article = ARTICLES.get(str(pk))
                if article is None:
                    raise Http404("no such article")
                return JsonResponse({"article": article})


            urlpatterns = [path("api/articles", list_articles), path("api/articles/<int:pk>", get_article)]
        ''', debug=False),
    }, DJANGO_SINGLE, [{"path": "/api/articles"}, {"path": "/api/articles/7f1d3c2a-5b1e-4c8e-9f62-2d0a9e4b8c11"}]),
    libraries=("django",), framework="django",
    expect=r"GET /api/articles/7f1d3c2a-5b1e-4c8e-9f62-2d0a9e4b8c11 -> 404", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-fastapi-put-declared-spec-uses-patch",
    label="framework.wiring.method_not_allowed",
    shape="uvicorn",
    source="https://adeautomobile.co.uk/post/fast-api-returns-405-method-not-allowed-error-when-sending",
    source_kind="blog",
    cause="FastAPI only routes the HTTP methods a path operation is declared with; a request with another method on "
          "an existing path gets 405 Method Not Allowed.",
    rationale="The spec updates articles with PATCH /api/articles/{slug}; main.py declares @app.put for that path, "
              "so uvicorn logs 'PATCH /api/articles/dragons HTTP/1.1\" 405' and the client sees 405.",
    make=serve({
        "main.py": d('''
            from typing import Optional

            from fastapi import FastAPI, HTTPException
            from pydantic import BaseModel

            app = FastAPI()
            ARTICLES = {"dragons": {"slug": "dragons", "title": "Dragons", "body": "..."}}


            class ArticleUpdate(BaseModel):
                title: Optional[str] = None
                body: Optional[str] = None


            class UpdateBody(BaseModel):
                article: ArticleUpdate


            @app.get("/api/articles/{slug}")
            def get_article(slug: str):
                if slug not in ARTICLES:
                    raise HTTPException(status_code=404, detail="article not found")
                return {"article": ARTICLES[slug]}


            @app.put("/api/articles/{slug}")
            def update_article(slug: str, payload: UpdateBody):
                if slug not in ARTICLES:
                    raise HTTPException(status_code=404, detail="article not found")
                ARTICLES[slug].update(payload.article.model_dump(exclude_unset=True))
                return {"article": ARTICLES[slug]}
        '''),
    }, UVICORN, [{"method": "PATCH", "path": "/api/articles/dragons", "json": {"article": {"body": "Updated"}}}]),
    libraries=("fastapi", "uvicorn"), framework="fastapi",
    expect=r'"PATCH /api/articles/dragons HTTP/1\.1" 405', code=("main.py",),
)
