"""pyspec: logic.business situations (invented rules, status codes that differ from the spec)."""

from __future__ import annotations

from _pyspec_kit import AIOHTTP, FLASK, HARNESS_PY, PYTEST, TS_FILES, UVICORN, case, d, django_single, run, serve, ts, with_server

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-flask-password-complexity-invented",
    label="logic.business.validation",
    shape="harness-lines",
    source="https://security.stackexchange.com/questions/32222/are-password-complexity-rules-counterproductive/189391",
    source_kind="qa",
    cause="The server enforces password composition rules (upper case, digit, symbol) that the product never asked "
          "for, so ordinary passwords the client considers valid are refused.",
    rationale="The spec only requires a non-empty password; app.py's register view adds an uppercase/digit/symbol "
              "check and answers 422, so the harness prints 'Expected 201 but got 422 for register user' while the "
              "werkzeug log shows a plain 422 access line.",
    make=with_server({
        "app.py": d('''
            import re

            from flask import Flask, jsonify, request

            app = Flask(__name__)
            USERS = {}

            PASSWORD_RULES = [
                (r"[A-Z]", "must contain an uppercase letter"),
                (r"[0-9]", "must contain a digit"),
                (r"[^A-Za-z0-9]", "must contain a special character"),
            ]


            def password_problems(password):
                problems = [] if len(password) >= 8 else ["must be at least 8 characters"]
                problems += [msg for pattern, msg in PASSWORD_RULES if not re.search(pattern, password)]
                return problems


            @app.post("/api/users")
            def register():
                data = (request.get_json(silent=True) or {}).get("user") or {}
                missing = [f for f in ("username", "email", "password") if not data.get(f)]
                if missing:
                    return jsonify(errors={f: ["can't be blank"] for f in missing}), 422
                problems = password_problems(data["password"])
                if problems:
                    return jsonify(errors={"password": problems}), 422
                USERS[data["email"]] = data
                return jsonify(user={"username": data["username"], "email": data["email"], "token": "t-" + data["username"]}), 201
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_status, main, test, url

            @test
            def register_user():
                r = requests.post(url("/api/users"), json={"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}})
                expect_status(r, 201, "register user")

            main()
        '''),
    }, FLASK, "python test_api.py"),
    libraries=("flask", "requests"), framework="flask",
    expect=r"Expected 201 but got 422 for register user", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-fastapi-emailstr-rejects-test-domain",
    label="logic.business.validation",
    shape="uvicorn",
    source="https://pypi.org/project/email-validator/",
    source_kind="docs",
    cause="email-validator (behind pydantic's EmailStr) refuses addresses on special-use domains such as .test or "
          ".local even with deliverability checks off, so a stricter type than the spec asked for rejects the "
          "fixtures' addresses.",
    rationale="main.py types the e-mail as EmailStr; the spec's test user is jake@conduit.test, so registration "
              "answers 422 'special-use or reserved name' (uvicorn logs the 422) and the harness reports "
              "'Expected 201 but got 422'.",
    make=with_server({
        "main.py": d('''
            from fastapi import FastAPI
            from pydantic import BaseModel, EmailStr

            app = FastAPI()
            USERS: dict[str, dict] = {}


            class NewUser(BaseModel):
                username: str
                email: EmailStr
                password: str


            class RegisterBody(BaseModel):
                user: NewUser


            @app.post("/api/users", status_code=201)
            def register(body: RegisterBody):
                USERS[body.user.email] = body.user.model_dump()
                return {"user": {"username": body.user.username, "email": body.user.email, "token": "t"}}
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_status, main, test, url

            @test
            def register_user():
                r = requests.post(url("/api/users"), json={"user": {"username": "jake", "email": "jake@conduit.test", "password": "jakejake"}})
                expect_status(r, 201, "register user")

            main()
        '''),
    }, UVICORN, "python test_api.py"),
    libraries=("fastapi", "pydantic", "email-validator", "uvicorn"), framework="fastapi",
    expect=r"special-use or reserved name", code=("main.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-aiohttp-create-answers-200",
    label="logic.business.status_code",
    shape="aiohttp",
    source="https://docs.aiohttp.org/en/stable/web_reference.html",
    source_kind="docs",
    cause="aiohttp's json_response (like web.Response) answers 200 unless a status is passed, so a create handler "
          "that never sets status=201 reports success with the wrong code.",
    rationale="The spec says POST /api/articles answers 201; app.py returns web.json_response(...) without a "
              "status, the aiohttp access log shows 200 and the harness prints 'Expected 201 but got 200'.",
    make=with_server({
        "app.py": d('''
            import logging
            import os

            from aiohttp import web

            logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
            ARTICLES = {}


            async def create_article(request):
                data = (await request.json()).get("article") or {}
                slug = data["title"].lower().replace(" ", "-")
                article = {"slug": slug, "title": data["title"], "body": data.get("body", ""), "tagList": data.get("tagList", [])}
                ARTICLES[slug] = article
                return web.json_response({"article": article})


            app = web.Application()
            app.router.add_post("/api/articles", create_article)

            if __name__ == "__main__":
                web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_status, main, test, url

            @test
            def create_article():
                r = requests.post(url("/api/articles"), json={"article": {"title": "How to train your dragon", "body": "..."}})
                expect_status(r, 201, "create article")

            main()
        '''),
    }, AIOHTTP, "python test_api.py"),
    libraries=("aiohttp",), framework="aiohttp",
    expect=r"Expected 201 but got 200 for create article", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-flask-unknown-profile-400",
    label="logic.business.status_code",
    shape="werkzeug",
    source="https://stackoverflow.com/questions/25378624/should-a-restful-api-return-400-or-404-when-passed-an-invalid-id/62843022",
    source_kind="qa",
    cause="A well-formed request for a resource that does not exist is a 404; answering 400 tells the client its "
          "request was malformed when it was not.",
    rationale="The spec's GET /api/profiles/{username} answers 404 for an unknown user; app.py returns 400 "
              "'user not found', which the werkzeug access log and the client's status line both show.",
    make=serve({
        "app.py": d('''
            from flask import Flask, jsonify

            app = Flask(__name__)
            PROFILES = {"jake": {"username": "jake", "bio": "I work at statefarm", "image": None, "following": False}}


            @app.get("/api/profiles/<username>")
            def get_profile(username):
                profile = PROFILES.get(username)
                if profile is None:
                    return jsonify(errors={"username": ["user not found"]}), 400
                return jsonify(profile=profile)
        '''),
    }, FLASK, [{"path": "/api/profiles/jake"}, {"path": "/api/profiles/nobody"}]),
    libraries=("flask",), framework="flask",
    expect=r'GET /api/profiles/nobody HTTP/1\.1\S{0,8}" 400', code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-fastapi-duplicate-user-400-not-409",
    label="logic.business.status_code",
    shape="pytest",
    source="https://iphone-swift.wekeepcoding.com/article/17994899/422+or+409+status+code+for+existing+email+during+signup",
    source_kind="qa",
    cause="A sign-up that clashes with an existing account conflicts with the server's state and is answered 409; "
          "a generic 400 hides that the only problem is the duplicate.",
    rationale="The spec answers 409 for a taken e-mail; main.py catches the IntegrityError from the unique "
              "constraint and raises HTTPException(400), so pytest fails with 'assert 400 == 409'.",
    make=run({
        "main.py": d('''
            from fastapi import Depends, FastAPI, HTTPException
            from pydantic import BaseModel
            from sqlalchemy import Column, Integer, String, create_engine
            from sqlalchemy.exc import IntegrityError
            from sqlalchemy.orm import Session, declarative_base, sessionmaker

            engine = create_engine("sqlite:///./app.db", connect_args={"check_same_thread": False})
            SessionLocal = sessionmaker(bind=engine)
            Base = declarative_base()


            class User(Base):
                __tablename__ = "users"
                id = Column(Integer, primary_key=True)
                username = Column(String, unique=True, nullable=False)
                email = Column(String, unique=True, nullable=False)
                password = Column(String, nullable=False)


            Base.metadata.create_all(engine)
            app = FastAPI()


            def get_db():
                db = SessionLocal()
                try:
                    yield db
                finally:
                    db.close()


            class NewUser(BaseModel):
                username: str
                email: str
                password: str


            @app.post("/api/users", status_code=201)
            def register(user: NewUser, db: Session = Depends(get_db)):
                row = User(**user.model_dump())
                db.add(row)
                try:
                    db.commit()
                except IntegrityError:
                    db.rollback()
                    raise HTTPException(status_code=400, detail="Could not create user")
                return {"user": {"username": row.username, "email": row.email}}
        '''),
        "test_users.py": d('''
            from fastapi.testclient import TestClient
            from main import app

            client = TestClient(app)
            JAKE = {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}


            def test_register():
                assert client.post("/api/users", json=JAKE).status_code == 201


            def test_register_same_email_is_conflict():
                r = client.post("/api/users", json={**JAKE, "username": "jake2"})
                assert r.status_code == 409
        '''),
    }, PYTEST),
    libraries=("fastapi", "sqlalchemy", "pytest"), framework="fastapi", database="sqlite",
    expect=r"assert 400 == 409", code=("main.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-flask-validates-body-before-auth",
    label="logic.business.rule",
    shape="ci-timestamp",
    source="https://syntaxfix.com/question/45167/403-forbidden-vs-401-unauthorized-http-responses",
    source_kind="qa",
    cause="Checks are expected in a fixed order (authenticated? allowed? then the payload); validating the body "
          "before authentication answers an anonymous caller with a validation error instead of 401.",
    rationale="update_user in app.py validates the JSON body (422) before it reads the Authorization header, so "
              "the spec's 'anonymous update is 401' test sees 422; the CI log shows 'assert 422 == 401'.",
    make=run({
        **TS_FILES,
        "app.py": d('''
            from flask import Flask, jsonify, request

            app = Flask(__name__)
            TOKENS = {"jwt-jake": "jake"}
            USERS = {"jake": {"username": "jake", "email": "jake@jake.jake", "bio": ""}}


            @app.put("/api/user")
            def update_user():
                data = (request.get_json(silent=True) or {}).get("user")
                if not isinstance(data, dict) or not data:
                    return jsonify(errors={"user": ["must be a non-empty object"]}), 422
                header = request.headers.get("Authorization", "")
                username = TOKENS.get(header.removeprefix("Token ").strip())
                if username is None:
                    return jsonify(errors={"auth": ["missing or invalid token"]}), 401
                USERS[username].update({k: v for k, v in data.items() if k in ("email", "bio")})
                return jsonify(user=USERS[username])
        '''),
        "test_user.py": d('''
            from app import app


            def test_update_user_requires_auth():
                r = app.test_client().put("/api/user", json={})
                assert r.status_code == 401


            def test_update_user_with_token():
                r = app.test_client().put("/api/user", json={"user": {"bio": "hi"}}, headers={"Authorization": "Token jwt-jake"})
                assert r.status_code == 200
        '''),
    }, ts("env " + PYTEST)),
    libraries=("flask", "pytest"), framework="flask",
    expect=r"assert 422 == 401", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-django-except-exception-http404-400",
    label="logic.business.status_code",
    shape="compose-prefix",
    source="https://thecoderscamp.com/?p=58827",
    source_kind="qa",
    cause="Django's Http404 is an ordinary Exception subclass raised to reach the 404 handler; a view-wide "
          "'except Exception' catches it first and turns the not-found into whatever the handler returns.",
    rationale="get_article raises Http404 for an unknown slug inside try/except Exception, which answers 400; "
              "the honcho-prefixed runserver log shows 'web.1 | ... \"GET /api/articles/missing HTTP/1.1\" 400' "
              "where the spec expects 404.",
    make=serve({
        "Procfile": "web: python app.py runserver --noreload $PORT\n",
        "app.py": django_single('''
            from django.http import Http404, JsonResponse  # noqa: E402
            from django.urls import path  # noqa: E402

            ARTICLES = {"how-to-train-your-dragon": {"slug": "how-to-train-your-dragon", "title": "How to train your dragon"}}


            def find_article(slug):
                article = ARTICLES.get(slug)
                if article is None:
                    raise Http404("Article not found")
                return article


            def get_article(request, slug):
                try:
                    return JsonResponse({"article": find_article(slug)})
                except Exception as exc:
                    return JsonResponse({"errors": {"body": [str(exc)]}}, status=400)


            urlpatterns = [path("api/articles/<slug:slug>", get_article)]
        '''),
    }, "exec honcho start --no-colour -p $PORT", [{"path": "/api/articles/how-to-train-your-dragon"}, {"path": "/api/articles/missing"}]),
    libraries=("django", "honcho"), framework="django",
    expect=r'web\.1\s*\|.*"GET /api/articles/missing HTTP/1.1" 400', code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-fastapi-partial-update-wipes-fields",
    label="logic.business.rule",
    shape="status-line",
    source="https://errorhandle.ai/how-to-patch-a-fastapi-request",
    source_kind="blog",
    cause="A partial update must apply only the fields the client sent (model_dump(exclude_unset=True)); dumping "
          "the whole optional model writes None over every field the client left out.",
    rationale="PATCH /api/user sends only 'image'; main.py merges body.model_dump() into the stored user, so the "
              "following GET shows \"bio\":null although the spec keeps unsent fields unchanged.",
    make=serve({
        "main.py": d('''
            from typing import Optional

            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()
            CURRENT = {"username": "jake", "email": "jake@jake.jake", "bio": "I work at statefarm", "image": None}


            class UserUpdate(BaseModel):
                email: Optional[str] = None
                bio: Optional[str] = None
                image: Optional[str] = None


            class UpdateBody(BaseModel):
                user: UserUpdate


            @app.get("/api/user")
            def current_user():
                return {"user": CURRENT}


            @app.patch("/api/user")
            def update_user(body: UpdateBody):
                CURRENT.update(body.user.model_dump())
                return {"user": CURRENT}
        '''),
    }, UVICORN, [
        {"method": "PATCH", "path": "/api/user", "json": {"user": {"image": "https://i.imgur.com/jake.png"}}},
        {"path": "/api/user"},
    ]),
    libraries=("fastapi", "pydantic", "uvicorn"), framework="fastapi",
    expect=r'"bio":null', code=("main.py",),
)
