"""pyspec: data.query situations (list bound to IN, substring tag match, pagination, order, filters, case)."""

from __future__ import annotations

from _pyspec_kit import (
                         AIOHTTP,
                         DJANGO_PROJECT_RUN,
                         DJANGO_SEED_HEAD,
                         HARNESS_PY,
                         PYTEST,
                         STRUCTLOG_SETUP,
                         UVICORN,
                         case,
                         d,
                         django_project,
                         pg,
                         run,
                         serve,
                         with_server,
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-aiohttp-asyncpg-list-in-single-placeholder",
    label="data.query.bad_parameter",
    shape="aiohttp",
    source="https://errorhandle.ai/binding-parameter-as-postgresql-array",
    source_kind="blog",
    cause="A Python list binds to PostgreSQL as one array value; 'IN ($1)' expects a single scalar there, so the "
          "list must be matched with '= ANY($1)' instead.",
    rationale="app.py runs 'SELECT ... WHERE id IN ($1)' with a list of ids through asyncpg; aiohttp logs 'Error "
              "handling request' with asyncpg's DataError for argument $1 and the client gets 500.",
    make=pg(serve({
        "app.py": d('''
            import logging
            import os

            import asyncpg
            from aiohttp import web

            logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")


            async def on_startup(app):
                app["pool"] = await asyncpg.create_pool(os.environ["DATABASE_URL"])
                async with app["pool"].acquire() as conn:
                    await conn.execute("CREATE TABLE IF NOT EXISTS articles (id serial PRIMARY KEY, title text NOT NULL)")
                    if await conn.fetchval("SELECT count(*) FROM articles") == 0:
                        await conn.executemany("INSERT INTO articles (title) VALUES ($1)", [("Dragons",), ("Training",), ("Welcome",)])


            async def on_cleanup(app):
                await app["pool"].close()


            async def list_articles(request):
                ids = [int(i) for i in request.query.get("ids", "").split(",") if i]
                async with request.app["pool"].acquire() as conn:
                    rows = await conn.fetch("SELECT id, title FROM articles WHERE id IN ($1) ORDER BY id", ids)
                return web.json_response({"articles": [dict(r) for r in rows], "articlesCount": len(rows)})


            app = web.Application()
            app.on_startup.append(on_startup)
            app.on_cleanup.append(on_cleanup)
            app.router.add_get("/api/articles", list_articles)

            if __name__ == "__main__":
                web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
    }, AIOHTTP, [{"path": "/api/articles?ids=1,3"}])),
    libraries=("aiohttp", "asyncpg"), framework="aiohttp", database="postgres",
    expect=r"DataError", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
TAG_MODELS = '''
    from django.db import models


    class Article(models.Model):
        title = models.CharField(max_length=200)
        tags = models.CharField(max_length=200, blank=True)  # comma separated, e.g. "dragons,training"
'''

case(
    id="pyspec-django-pg-tags-contains-substring",
    label="data.query.filter",
    shape="harness-lines",
    source="https://gregkaleka.com/blog/splitting-strings-postgres-django",
    source_kind="blog",
    cause="Filtering a delimiter-joined tag string with __contains is a substring match (LIKE '%tag%'), so a short "
          "tag also matches every article whose tags merely contain those letters.",
    rationale="blog/views.py filters Article.tags__contains=tag on PostgreSQL; ?tag=go also returns the 'golang' and "
              "'django' articles, and the harness prints 'Expected articlesCount to be 1 but got 3'.",
    make=pg(with_server({
        **django_project(models=TAG_MODELS, database="postgres", views='''
            from django.http import JsonResponse

            from .models import Article


            def list_articles(request):
                qs = Article.objects.order_by("id")
                tag = request.GET.get("tag")
                if tag:
                    qs = qs.filter(tags__contains=tag)
                articles = [{"title": a.title, "tagList": a.tags.split(",")} for a in qs]
                return JsonResponse({"articles": articles, "articlesCount": len(articles)})
        ''', urls='''
            from django.urls import path

            from blog.views import list_articles

            urlpatterns = [path("api/articles", list_articles)]
        '''),
        "seed.py": DJANGO_SEED_HEAD + d('''
            from blog.models import Article

            if not Article.objects.exists():
                Article.objects.create(title="Concurrency in Go", tags="go,concurrency")
                Article.objects.create(title="Golang generics", tags="golang,generics")
                Article.objects.create(title="Django tips", tags="django,python")
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_equal, expect_status, main, test, url


            @test
            def filter_by_tag_go():
                r = requests.get(url("/api/articles"), params={"tag": "go"})
                expect_status(r, 200, "GET /api/articles?tag=go")
                expect_equal(r.json()["articlesCount"], 1, "articlesCount")

            main()
        '''),
    }, DJANGO_PROJECT_RUN, "python test_api.py")),
    libraries=("django", "psycopg"), framework="django", database="postgres",
    expect=r"Expected articlesCount to be 1 but got 3", code=("blog/models.py", "blog/views.py"),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-fastapi-offset-used-as-page-number",
    label="data.query.pagination",
    shape="pytest",
    source="https://developer.box.com/guides/api-calls/pagination/offset-based/",
    source_kind="docs",
    cause="In limit/offset pagination the offset counts items to skip (next page = offset + limit); treating it as "
          "a page number and multiplying by the limit skips whole pages.",
    rationale="list_articles in main.py applies .offset(offset * limit); the spec's second page (limit=2&offset=2) "
              "returns Article 5 and 6 instead of 3 and 4, and pytest shows the list difference.",
    make=run({
        "main.py": d('''
            from fastapi import FastAPI
            from sqlmodel import Field, Session, SQLModel, create_engine, select

            engine = create_engine("sqlite:///./app.db")


            class Article(SQLModel, table=True):
                id: int | None = Field(default=None, primary_key=True)
                title: str


            SQLModel.metadata.create_all(engine)
            with Session(engine) as s:
                if not s.exec(select(Article)).first():
                    s.add_all([Article(title=f"Article {i}") for i in range(1, 7)])
                    s.commit()

            app = FastAPI()


            @app.get("/api/articles")
            def list_articles(limit: int = 20, offset: int = 0):
                with Session(engine) as session:
                    stmt = select(Article).order_by(Article.id).offset(offset * limit).limit(limit)
                    articles = [{"title": a.title} for a in session.exec(stmt)]
                return {"articles": articles, "articlesCount": len(articles)}
        '''),
        "test_pagination.py": d('''
            from fastapi.testclient import TestClient
            from main import app

            client = TestClient(app)


            def test_second_page():
                body = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()
                assert [a["title"] for a in body["articles"]] == ["Article 3", "Article 4"]
        '''),
    }, PYTEST),
    libraries=("fastapi", "sqlmodel", "pytest"), framework="fastapi", database="sqlite",
    expect=r"Article 5", code=("main.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-flask-latest-article-without-order-by",
    label="data.query.sql_text",
    shape="unittest",
    source="https://makandracards.com/makandra/33261-databases-don-t-order-rows-unless-you-tell-them-so/read",
    source_kind="blog",
    cause="Without ORDER BY a database returns rows in whatever order is cheapest (often insertion order), so "
          "'LIMIT 1' gives an arbitrary row, not the newest one.",
    rationale="GET /api/articles/latest in app.py runs 'SELECT ... FROM articles LIMIT 1' with no ORDER BY; SQLite "
              "hands back the first inserted row and unittest fails with \"'First post' != 'Third post'\".",
    make=run({
        "app.py": d('''
            import sqlite3

            from flask import Flask, jsonify

            app = Flask(__name__)
            DB = "app.db"


            def init_db():
                with sqlite3.connect(DB) as conn:
                    conn.execute("CREATE TABLE IF NOT EXISTS articles (id INTEGER PRIMARY KEY, title TEXT, created_at TEXT)")
                    if conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0:
                        conn.executemany("INSERT INTO articles (title, created_at) VALUES (?, ?)", [
                            ("First post", "2024-01-01T09:00:00Z"),
                            ("Second post", "2024-02-01T09:00:00Z"),
                            ("Third post", "2024-03-01T09:00:00Z"),
                        ])


            init_db()


            @app.get("/api/articles/latest")
            def latest_article():
                with sqlite3.connect(DB) as conn:
                    row = conn.execute("SELECT title, created_at FROM articles LIMIT 1").fetchone()
                return jsonify(article={"title": row[0], "createdAt": row[1]})
        '''),
        "test_latest.py": d('''
            import unittest

            from app import app


            class LatestArticleTest(unittest.TestCase):
                def test_latest_is_newest(self):
                    article = app.test_client().get("/api/articles/latest").get_json()["article"]
                    self.assertEqual(article["title"], "Third post")


            if __name__ == "__main__":
                unittest.main()
        '''),
    }, "python -m unittest -v test_latest"),
    libraries=("flask", "sqlite3"), framework="flask", database="sqlite",
    expect=r"'First post' != 'Third post'", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
M2M_MODELS = '''
    from django.db import models


    class Tag(models.Model):
        name = models.CharField(max_length=50, unique=True)


    class Article(models.Model):
        title = models.CharField(max_length=200)
        tags = models.ManyToManyField(Tag)
'''

case(
    id="pyspec-django-tags-in-matches-any-not-all",
    label="data.query.filter",
    shape="pytest",
    source="https://stackoverflow.com/questions/8618068/django-filter-queryset-in-for-every-item-in-list/41592379",
    source_kind="qa",
    cause="A __in lookup across a many-to-many relation matches rows having any of the values; requiring all of "
          "them needs one filter per value (or a count annotation).",
    rationale="The spec's ?tag=dragons&tag=training returns articles carrying both tags; blog/views.py uses "
              "filter(tags__name__in=tags).distinct(), so pytest (against runserver) gets 3 articles instead of 1.",
    make=with_server({
        **django_project(models=M2M_MODELS, views='''
            from django.http import JsonResponse

            from .models import Article


            def list_articles(request):
                qs = Article.objects.order_by("id")
                tags = request.GET.getlist("tag")
                if tags:
                    qs = qs.filter(tags__name__in=tags).distinct()
                articles = [{"title": a.title, "tagList": sorted(t.name for t in a.tags.all())} for a in qs]
                return JsonResponse({"articles": articles, "articlesCount": len(articles)})
        ''', urls='''
            from django.urls import path

            from blog.views import list_articles

            urlpatterns = [path("api/articles", list_articles)]
        '''),
        "seed.py": DJANGO_SEED_HEAD + d('''
            from blog.models import Article, Tag

            if not Article.objects.exists():
                dragons, training, welcome = (Tag.objects.create(name=n) for n in ("dragons", "training", "welcome"))
                Article.objects.create(title="How to train your dragon").tags.set([dragons, training])
                Article.objects.create(title="Dragon lore").tags.set([dragons, welcome])
                Article.objects.create(title="Training plans").tags.set([training])
        '''),
        "test_filters.py": d('''
            import os

            import requests

            BASE = f"http://127.0.0.1:{os.environ['PORT']}"


            def test_articles_with_all_tags():
                body = requests.get(BASE + "/api/articles", params=[("tag", "dragons"), ("tag", "training")]).json()
                assert [a["title"] for a in body["articles"]] == ["How to train your dragon"]
        '''),
    }, DJANGO_PROJECT_RUN, PYTEST),
    libraries=("django", "requests", "pytest"), framework="django", database="sqlite",
    expect=r"Dragon lore", code=("blog/models.py", "blog/views.py"),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-sqlalchemy-pg-like-case-sensitive",
    label="data.query.dialect",
    shape="structlog-json",
    source="https://fluca1978.github.io/2024/11/18/SQLite3LikeCaseInsensitive.html",
    source_kind="blog",
    cause="SQLite's LIKE ignores ASCII case (it behaves like PostgreSQL's ILIKE), while PostgreSQL's LIKE is case "
          "sensitive; a search written and tested on SQLite finds nothing on PostgreSQL when the case differs.",
    rationale="main.py searches Article.title.like('%dragon%') through SQLAlchemy on PostgreSQL; the stored title is "
              "'How to Train Your Dragon', so the structlog line shows results 0 and the harness prints "
              "'Expected articlesCount to be 1 but got 0'.",
    make=pg(with_server({
        "main.py": STRUCTLOG_SETUP + d('''

            import os

            from fastapi import FastAPI
            from sqlalchemy import Column, Integer, String, create_engine, select
            from sqlalchemy.orm import Session, declarative_base

            engine = create_engine(os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://"))
            Base = declarative_base()


            class Article(Base):
                __tablename__ = "articles"
                id = Column(Integer, primary_key=True)
                title = Column(String, nullable=False)


            Base.metadata.create_all(engine)
            with Session(engine) as s:
                if s.scalar(select(Article.id).limit(1)) is None:
                    s.add_all([Article(title="How to Train Your Dragon"), Article(title="Welcome to Conduit")])
                    s.commit()

            app = FastAPI()


            @app.get("/api/articles/search")
            def search(q: str):
                with Session(engine) as session:
                    rows = session.scalars(select(Article).where(Article.title.like(f"%{q}%")).order_by(Article.id)).all()
                    articles = [{"id": a.id, "title": a.title} for a in rows]
                log.info("search", q=q, results=len(articles))
                return {"articles": articles, "articlesCount": len(articles)}
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_equal, expect_status, main, test, url


            @test
            def search_is_case_insensitive():
                r = requests.get(url("/api/articles/search"), params={"q": "dragon"})
                expect_status(r, 200, "GET /api/articles/search?q=dragon")
                expect_equal(r.json()["articlesCount"], 1, "articlesCount")

            main()
        '''),
    }, UVICORN + " --no-access-log", "python test_api.py")),
    libraries=("fastapi", "sqlalchemy", "psycopg", "structlog"), framework="fastapi", database="postgres",
    expect=r'"results": 0', code=("main.py",),
)
