"""ORM model extraction and OR2xx checks, on small generated-style projects read as data (never imported)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rootcause.code.model import CodeFinding
from rootcause.code.orm import ModelSet, check_orm, extract_models
from rootcause.code.project import Project

PROJECTS = Path(__file__).parent / "projects"


@pytest.fixture(autouse=True)
def _reuse_indexed_modules(monkeypatch):
    """Seeded variants differ from their project in one file: index the unchanged files once (speed only)."""
    import rootcause.code.project as project_module

    original = _INDEX_CACHE.setdefault("__original__", project_module.index_module)

    def cached(path, name, source, *, is_package):
        key = (path, name, source, is_package)
        if key not in _INDEX_CACHE:
            _INDEX_CACHE[key] = original(path, name, source, is_package=is_package)
        return _INDEX_CACHE[key]

    monkeypatch.setattr(project_module, "index_module", cached)


_INDEX_CACHE: dict = {}
SAMPLES = ["orm_sqlalchemy_sync", "orm_sqlalchemy_async", "orm_sqlmodel", "orm_django"]


def load(name: str) -> dict[str, str]:
    root = PROJECTS / name
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*.py"))}


def seeded(name: str, path: str, old: str, new: str) -> dict[str, str]:
    files = load(name)
    assert files[path].count(old) == 1, f"{old!r} must occur once in {path}"
    files[path] = files[path].replace(old, new)
    return files


def line_of(text: str, marker: str) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), 1) if marker in line]
    assert len(hits) == 1, f"{marker!r} must be on exactly one line, found {hits}"
    return hits[0]


def findings(files: dict[str, str]) -> list[CodeFinding]:
    return check_orm(Project.from_files(files))


# ------------------------------------------------------------------------------ clean projects


@pytest.mark.parametrize("name", SAMPLES)
def test_clean_projects_have_no_findings(name):
    project = Project.from_path(PROJECTS / name)
    assert all(m.syntax is None for m in project.modules.values())
    assert len(extract_models(project)) >= 3
    assert check_orm(project) == []


# ------------------------------------------------------------------------------ seeded defects

SEEDS = [
    # (id, project, file, old, new, rule, root_cause, file with the finding, marker on the finding's line)
    (
        "sa-filter_by",
        "orm_sqlalchemy_sync",
        "routes/articles.py",
        "filter_by(slug=slug)",
        "filter_by(slugg=slug)",
        "OR201",
        "data.orm.field_error",
        "routes/articles.py",
        "slugg=slug",
    ),
    (
        "sa-select-filter_by",
        "orm_sqlalchemy_sync",
        "repositories/article_repository.py",
        "select(Article)\n            .options",
        "select(Article)\n            .filter_by(titel=slug).options",
        "OR201",
        "data.orm.field_error",
        "repositories/article_repository.py",
        "titel=slug",
    ),
    (
        "sa-class-attr",
        "orm_sqlalchemy_sync",
        "repositories/user_repository.py",
        "filter(User.email == email)",
        "filter(User.emial == email)",
        "OR202",
        "xfile.reference.attribute",
        "repositories/user_repository.py",
        "User.emial",
    ),
    (
        "sa-constructor",
        "orm_sqlalchemy_sync",
        "repositories/article_repository.py",
        "body=body, author_id=author.id",
        "body=body, user_id=author.id",
        "OR203",
        "data.orm.field_error",
        "repositories/article_repository.py",
        "user_id=author.id",
    ),
    (
        "sa-back_populates",
        "orm_sqlalchemy_sync",
        "models/article.py",
        'relationship("User", back_populates="articles")',
        'relationship("User", back_populates="posts")',
        "OR205",
        "data.orm",
        "models/article.py",
        'back_populates="posts"',
    ),
    (
        "sa-missing-target",
        "orm_sqlalchemy_sync",
        "models/article.py",
        'relationship("Tag", secondary',
        'relationship("Tags", secondary',
        "OR205",
        "xfile.reference.attribute",
        "models/article.py",
        '"Tags"',
    ),
    (
        "sa-fk-table",
        "orm_sqlalchemy_sync",
        "models/article.py",
        'author_id = Column(Integer, ForeignKey("users.id"), nullable=False)\n\n    author',
        'author_id = Column(Integer, ForeignKey("user.id"), nullable=False)\n\n    author',
        "OR205",
        "data.orm",
        "models/article.py",
        'ForeignKey("user.id")',
    ),
    (
        "sa-detached-cross-file",
        "orm_sqlalchemy_sync",
        "repositories/user_repository.py",
        "            .options(joinedload(User.following))\n",
        "",
        "OR207",
        "data.orm.detached_instance",
        "services/article_service.py",
        "len(user.following)",
    ),
    (
        "sa-detached-same-function",
        "orm_sqlalchemy_sync",
        "repositories/user_repository.py",
        "        return session.query(User).filter(User.email == email).first()",
        "        user = session.query(User).filter(User.email == email).first()\n    print(user.articles)\n    return user",
        "OR207",
        "data.orm.detached_instance",
        "repositories/user_repository.py",
        "print(user.articles)",
    ),
    (
        "async-lazy-get",
        "orm_sqlalchemy_async",
        "app/routes/articles.py",
        "comment = await session.get(Comment, comment_id, options=[selectinload(Comment.article)])",
        "comment = await session.get(Comment, comment_id)",
        "OR206",
        "data.orm.async_lazy_load",
        "app/routes/articles.py",
        "comment.article.slug",
    ),
    (
        "async-lazy-execute",
        "orm_sqlalchemy_async",
        "app/routes/articles.py",
        "select(Article).options(selectinload(Article.comments)).where",
        "select(Article).where",
        "OR206",
        "data.orm.async_lazy_load",
        "app/routes/articles.py",
        "for c in article.comments",
    ),
    (
        "async-lazy-async-with",
        "orm_sqlalchemy_async",
        "app/routes/articles.py",
        "user = await session.get(User, user_id, options=[selectinload(User.articles)])",
        "user = await session.get(User, user_id)",
        "OR206",
        "data.orm.async_lazy_load",
        "app/routes/articles.py",
        "for a in user.articles",
    ),
    (
        "async-detached",
        "orm_sqlalchemy_async",
        "app/routes/articles.py",
        '        return {"articles": [{"slug": a.slug, "title": a.title} for a in user.articles]}',
        '        user.bio = user.bio or ""\n    return {"articles": [{"slug": a.slug} for a in user.articles], "comments": len(user.comments)}',
        None,
        None,
        None,
        None,
    ),  # selectinload'ed articles and lazy="selectin" comments: nothing to report
    (
        "async-missing-await-param",
        "orm_sqlalchemy_async",
        "app/routes/articles.py",
        "    await session.commit()\n    return {}",
        "    session.commit()\n    return {}",
        "OR208",
        "data.orm.session_misuse",
        "app/routes/articles.py",
        "    session.commit()",
    ),
    (
        "async-missing-await-self",
        "orm_sqlalchemy_async",
        "app/repositories/articles.py",
        "        await self.session.commit()\n        await self.session.refresh(comment)",
        "        self.session.commit()\n        await self.session.refresh(comment)",
        "OR208",
        "data.orm.session_misuse",
        "app/repositories/articles.py",
        "        self.session.commit()",
    ),
    (
        "async-missing-await-execute",
        "orm_sqlalchemy_async",
        "app/repositories/users.py",
        "result = await session.execute(select(User)",
        "result = session.execute(select(User)",
        "OR208",
        "data.orm.session_misuse",
        "app/repositories/users.py",
        "result = session.execute",
    ),
    (
        "async-class-attr",
        "orm_sqlalchemy_async",
        "app/repositories/articles.py",
        ".order_by(Article.created_at.desc())",
        ".order_by(Article.created.desc())",
        "OR202",
        "xfile.reference.attribute",
        "app/repositories/articles.py",
        "Article.created.",
    ),
    (
        "async-back_populates",
        "orm_sqlalchemy_async",
        "app/models/user.py",
        'relationship(back_populates="author")',
        'relationship(back_populates="writer")',
        "OR205",
        "data.orm",
        "app/models/user.py",
        "writer",
    ),
    (
        "sqlmodel-constructor",
        "orm_sqlmodel",
        "repositories/user_repository.py",
        "email=email, hashed_password=hashed_password)",
        "email=email, password=hashed_password)",
        "OR203",
        "data.orm.field_error",
        "repositories/user_repository.py",
        "password=hashed_password",
    ),
    (
        "sqlmodel-detached",
        "orm_sqlmodel",
        "routes/profiles.py",
        '"following": False}}',
        '"following": False, "articles": len(user.articles)}}',
        "OR207",
        "data.orm.detached_instance",
        "routes/profiles.py",
        "len(user.articles)",
    ),
    (
        "sqlmodel-back_populates",
        "orm_sqlmodel",
        "models/article.py",
        'Relationship(back_populates="articles", link_model',
        'Relationship(back_populates="article", link_model',
        "OR205",
        "data.orm",
        "models/article.py",
        'back_populates="article",',
    ),
    (
        "sqlmodel-filter_by",
        "orm_sqlmodel",
        "repositories/user_repository.py",
        "select(User).where(User.username == username)",
        "select(User).filter_by(user_name=username)",
        "OR201",
        "data.orm.field_error",
        "repositories/user_repository.py",
        "user_name=",
    ),
    (
        "sqlmodel-class-attr",
        "orm_sqlmodel",
        "repositories/article_repository.py",
        ".where(Tag.name == tag)",
        ".where(Tag.title == tag)",
        "OR202",
        "xfile.reference.attribute",
        "repositories/article_repository.py",
        "Tag.title",
    ),
    (
        "django-lookup-through-var",
        "orm_django",
        "conduit/repositories/articles.py",
        "queryset.filter(author__username=author)",
        "queryset.filter(author__usrname=author)",
        "OR204",
        "data.orm.field_error",
        "conduit/repositories/articles.py",
        "author__usrname",
    ),
    (
        "django-lookup-first-segment",
        "orm_django",
        "conduit/repositories/articles.py",
        "queryset.filter(favorited_by__username=favorited)",
        "queryset.filter(favorited__username=favorited)",
        "OR204",
        "data.orm.field_error",
        "conduit/repositories/articles.py",
        "favorited__username",
    ),
    (
        "django-select_related-m2m",
        "orm_django",
        "conduit/repositories/articles.py",
        'Article.objects.select_related("author")',
        'Article.objects.select_related("author", "tags")',
        "OR204",
        "data.orm.field_error",
        "conduit/repositories/articles.py",
        'select_related("author", "tags")',
    ),
    (
        "django-prefetch",
        "orm_django",
        "conduit/repositories/articles.py",
        '.prefetch_related("tags", "favorited_by")',
        '.prefetch_related("tags", "favorites")',
        "OR204",
        "data.orm.field_error",
        "conduit/repositories/articles.py",
        '"favorites")',
    ),
    (
        "django-reverse-query-name",
        "orm_django",
        "conduit/repositories/articles.py",
        "User.objects.filter(comment__isnull=False",
        "User.objects.filter(comments__isnull=False",
        "OR204",
        "data.orm.field_error",
        "conduit/repositories/articles.py",
        "comments__isnull",
    ),
    (
        "django-order_by",
        "orm_django",
        "conduit/repositories/articles.py",
        'order_by("created_at")',
        'order_by("created")',
        "OR204",
        "data.orm.field_error",
        "conduit/repositories/articles.py",
        'order_by("created")',
    ),
    (
        "django-q-object",
        "orm_django",
        "conduit/repositories/articles.py",
        "Q(author__username__iexact=term)",
        "Q(author__name__iexact=term)",
        "OR204",
        "data.orm.field_error",
        "conduit/repositories/articles.py",
        "author__name__iexact",
    ),
    (
        "django-create-m2m",
        "orm_django",
        "conduit/services/articles.py",
        "        author=author,\n    )",
        '        author=author,\n        tags=data.get("tagList", []),\n    )',
        "OR203",
        "data.orm.field_error",
        "conduit/services/articles.py",
        "tags=data.get",
    ),
    (
        "django-create-unknown",
        "orm_django",
        "conduit/services/articles.py",
        "        author=author,\n    )",
        "        user=author,\n    )",
        "OR203",
        "data.orm.field_error",
        "conduit/services/articles.py",
        "user=author",
    ),
    (
        "django-sync-in-async",
        "orm_django",
        "conduit/routes/articles.py",
        'article = await Article.objects.select_related("author").aget(slug=slug)',
        'article = Article.objects.select_related("author").get(slug=slug)',
        "OR209",
        "data.orm.sync_in_async",
        "conduit/routes/articles.py",
        ".get(slug=slug)",
    ),
    (
        "django-async-fk-load",
        "orm_django",
        "conduit/routes/articles.py",
        'article = await Article.objects.select_related("author").aget(slug=slug)',
        "article = await Article.objects.aget(slug=slug)",
        "OR209",
        "data.orm.sync_in_async",
        "conduit/routes/articles.py",
        "article.author.username",
    ),
    (
        "django-async-save",
        "orm_django",
        "conduit/routes/articles.py",
        "    payload = await sync_to_async(serialize)(article)",
        "    article.save()\n    payload = await sync_to_async(serialize)(article)",
        "OR209",
        "data.orm.sync_in_async",
        "conduit/routes/articles.py",
        "article.save()",
    ),
    (
        "django-async-iteration",
        "orm_django",
        "conduit/routes/articles.py",
        "    payload = await sync_to_async(serialize)(article)",
        "    payload = [c.body for c in Article.objects.filter(slug=slug)]",
        "OR209",
        "data.orm.sync_in_async",
        "conduit/routes/articles.py",
        "for c in Article.objects",
    ),
    (
        "django-class-attr",
        "orm_django",
        "conduit/routes/profiles.py",
        '"image": profile.image',
        '"image": User.avatar',
        "OR202",
        "xfile.reference.attribute",
        "conduit/routes/profiles.py",
        "User.avatar",
    ),
]


@pytest.mark.parametrize("case", SEEDS, ids=[s[0] for s in SEEDS])
def test_seeded_defect_yields_exactly_the_expected_finding(case):
    _id, name, path, old, new, rule, root_cause, where, marker = case
    files = seeded(name, path, old, new)
    found = findings(files)
    if rule is None:
        assert found == []
        return
    assert len(found) == 1, [f.to_dict() for f in found]
    f = found[0]
    assert (f.rule, f.root_cause, f.path, f.line) == (rule, root_cause, where, line_of(files[where], marker))
    assert f.column >= 1 and f.message and f.facts
    text_line = files[where].splitlines()[f.line - 1]
    assert f.column <= len(text_line)


def test_finding_messages_name_what_exists_instead():
    files = seeded("orm_sqlalchemy_sync", "repositories/user_repository.py", "filter(User.email == email)", "filter(User.emial == email)")
    (f,) = findings(files)
    assert "'emial'" in f.message and "did you mean 'email'" in f.message
    assert any("models/user.py" in fact for fact in f.facts)
    files = seeded("orm_django", "conduit/repositories/articles.py", "queryset.filter(author__username=author)", "queryset.filter(author__usrname=author)")
    (f,) = findings(files)
    assert "'username'" in f.message and "choices are" in f.message
    assert f.to_dict()["rule"] == "OR204"


def test_unparsable_file_does_not_hide_findings_elsewhere():
    files = seeded("orm_sqlalchemy_sync", "routes/articles.py", "filter_by(slug=slug)", "filter_by(slugg=slug)")
    files["services/article_service.py"] = files["services/article_service.py"].replace("def slugify(title: str) -> str:", "def slugify(title: str) -> str")
    files["repositories/user_repository.py"] = files["repositories/user_repository.py"].replace("filter(User.email == email)", "filter(User.emial == email)")
    project = Project.from_files(files)
    assert project.by_path["services/article_service.py"].syntax is not None
    found = check_orm(project)
    assert sorted((f.rule, f.path) for f in found) == [("OR201", "routes/articles.py"), ("OR202", "repositories/user_repository.py")]


def test_model_file_that_does_not_parse_keeps_other_models_and_silences_missing_targets():
    files = load("orm_sqlalchemy_sync")
    files["models/article.py"] = files["models/article.py"].replace("class Tag(Base):", "class Tag(Base)")
    project = Project.from_files(files)
    models = extract_models(project)
    assert set(models.models) == {"User"}
    assert check_orm(project) == []  # User's relationships name Article/Comment, defined in the broken file


# ------------------------------------------------------------------------------ model extraction


def test_sqlalchemy_declarative_models_and_tables():
    models = extract_models(Project.from_path(PROJECTS / "orm_sqlalchemy_sync"))
    assert isinstance(models, ModelSet)
    assert set(models.models) == {"User", "Article", "Comment", "Tag"}
    user = models.models["User"]
    assert (user.orm, user.table, user.path) == ("sqlalchemy", "users", "models/user.py")
    assert user.fields["password_hash"].column == "password"
    assert user.fields["created_at"].kind == "column"  # from TimestampMixin
    assert user.fields["articles"].kind == "relationship" and user.fields["articles"].target == "Article"
    assert user.fields["followers"].implicit  # backref="followers"
    article = models.models["Article"]
    assert article.fields["author_id"].kind == "fk" and article.fields["author_id"].target == "User"
    assert article.fields["author"].back_populates == "articles"
    tables = models.tables()
    assert tables["users"] >= {"id", "username", "password", "created_at"}
    assert "password_hash" not in tables["users"]
    assert tables["follows"] == {"follower_id", "followed_id"}
    assert tables["article_tags"] == {"article_id", "tag_id"}


def test_sqlalchemy_typed_models():
    models = extract_models(Project.from_path(PROJECTS / "orm_sqlalchemy_async"))
    article = models.models["Article"]
    assert article.path == "app/models/article.py"
    assert article.fields["author"].target == "User" and not article.fields["author"].many
    assert article.fields["comments"].target == "Comment" and article.fields["comments"].many
    assert article.fields["favorites"].lazy == "selectin"
    assert models.models["Comment"].fields["author"].lazy == "joined"
    assert models.models["User"].fields["image"].kind == "column"  # image: Mapped[Optional[str]]
    assert models.tables()["favorites"] == {"id", "user_id", "article_id"}


def test_sqlmodel_models():
    models = extract_models(Project.from_path(PROJECTS / "orm_sqlmodel"))
    assert set(models.models) == {"User", "Article", "Tag", "ArticleTagLink"}  # UserBase, UserCreate... are schemas
    assert models.models["Article"].orm == "sqlmodel"
    assert models.models["Article"].table == "article"
    assert models.models["User"].table == "users"
    assert models.models["Article"].fields["title"].kind == "column"  # inherited from ArticleBase
    assert models.models["Article"].fields["author_id"].target == "User"
    assert models.models["Article"].fields["author"].lazy == "joined"
    assert models.tables()["articletaglink"] == {"article_id", "tag_id"}


def test_django_models():
    models = extract_models(Project.from_path(PROJECTS / "orm_django"))
    article = models.models["Article"]
    assert (article.orm, article.table) == ("django", "conduit_article")
    assert article.fields["id"].implicit
    assert article.fields["author"].kind == "fk" and article.fields["author"].column == "author_id"
    assert article.fields["author"].target == "User"  # settings.AUTH_USER_MODEL
    assert article.fields["author_id"].kind == "column"
    assert article.fields["tags"].kind == "m2m"
    assert article.fields["comments"].kind == "reverse"
    assert models.models["TimestampedModel"].abstract
    user = models.models["User"]
    assert user.table == "users"
    assert user.fields["comment_set"].kind == "reverse" and user.fields["comment_set"].query_name == "comment"
    assert user.fields["favorites"].target == "Article"
    assert user.fields["username"].implicit  # from AbstractUser
    tables = models.tables()
    assert tables["conduit_article"] >= {"id", "slug", "author_id", "created_at"}
    assert "author" not in tables["conduit_article"]
    assert tables["conduit_article_tags"] == {"id", "article_id", "tag_id"}
    assert tables["users_following"] == {"id", "from_user_id", "to_user_id"}
    assert "conduit_timestampedmodel" not in tables


# ------------------------------------------------------------------------------ other spellings

FLASK = {
    "app/__init__.py": "",
    "app/extensions.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n",
    "app/models.py": (
        "from app.extensions import db\n\n\n"
        "class UserProfile(db.Model):\n"
        "    id = db.Column(db.Integer, primary_key=True)\n"
        "    username = db.Column(db.String(80), unique=True)\n"
        "    posts = db.relationship('Post', backref='owner', lazy=True)\n\n\n"
        "class Post(db.Model):\n"
        "    __tablename__ = 'posts'\n"
        "    id = db.Column(db.Integer, primary_key=True)\n"
        "    owner_id = db.Column(db.Integer, db.ForeignKey('user_profile.id'))\n"
    ),
    "app/routes.py": (
        "from app.models import Post, UserProfile\n\n\n"
        "def profile(name):\n"
        "    user = UserProfile.query.filter_by(username=name).first_or_404()\n"
        "    posts = Post.query.filter(Post.owner_id == user.id).all()\n"
        "    return {'user': user.username, 'owner': posts[0].owner.username, 'n': UserProfile.query.count()}\n"
    ),
}


def test_flask_sqlalchemy_models_and_filter_by():
    project = Project.from_files(FLASK)
    models = extract_models(project)
    assert models.models["UserProfile"].table == "user_profile"
    assert models.models["Post"].fields["owner"].kind == "relationship"  # backref
    assert models.models["Post"].fields["owner_id"].target == "UserProfile"
    assert check_orm(project) == []
    files = dict(FLASK)
    files["app/routes.py"] = files["app/routes.py"].replace("filter_by(username=name)", "filter_by(name=name)")
    (f,) = findings(files)
    assert (f.rule, f.path, f.line) == ("OR201", "app/routes.py", 5)


def test_classic_table_and_declared_attr_tablename():
    files = {
        "db/__init__.py": "",
        "db/base.py": (
            "from sqlalchemy.orm import declarative_base, declared_attr\n\n\n"
            "class CustomBase:\n"
            "    @declared_attr\n"
            "    def __tablename__(cls):\n"
            "        return cls.__name__.lower() + 's'\n\n\n"
            "Base = declarative_base(cls=CustomBase)\n"
        ),
        "db/tables.py": (
            "from sqlalchemy import Column, Integer, MetaData, String, Table\n\n"
            "metadata = MetaData()\n"
            "users = Table('users', metadata, Column('id', Integer, primary_key=True), Column('name', String))\n"
        ),
        "db/models.py": (
            "from sqlalchemy import Column, Integer, String\n"
            "from db.base import Base\n\n\n"
            "class Widget(Base):\n"
            "    id = Column(Integer, primary_key=True)\n"
            "    label = Column(String)\n"
        ),
        "use.py": "from db.models import Widget\n\n\ndef f(s):\n    return s.query(Widget).filter(Widget.anything == 1), Widget(colour=1)\n",
    }
    project = Project.from_files(files)
    models = extract_models(project)
    tables = models.tables()
    assert tables["users"] == {"id", "name"}
    assert not models.models["Widget"].is_open  # declarative_base(cls=CustomBase): CustomBase is read too
    assert tables["widgets"] == {"id", "label"}
    assert sorted((f.rule, f.line) for f in check_orm(project)) == [("OR202", 5), ("OR203", 5)]
    files["db/base.py"] = files["db/base.py"].replace("cls=CustomBase", "cls=imported_base")
    project = Project.from_files(files)
    assert extract_models(project).models["Widget"].is_open  # a base we cannot see: never reported
    assert check_orm(project) == []


# ------------------------------------------------------------------------------ precision


def test_no_findings_when_the_model_cannot_be_told():
    files = load("orm_sqlalchemy_sync")
    files["routes/extra.py"] = (
        "from sqlalchemy.orm import Session\n"
        "from models import Article, User\n\n\n"
        "def joined(db: Session, name: str):\n"
        "    # filter_by after join applies to the joined entity: not checked\n"
        "    return db.query(Article).join(Article.author).filter_by(username=name).all()\n\n\n"
        "def shadowed(User):\n"
        "    return User.whatever\n\n\n"
        "def star(db: Session, **filters):\n"
        "    return db.query(User).filter_by(**filters).all(), User(**filters)\n\n\n"
        "def unknown(repo):\n"
        "    user = repo.load()\n"
        "    return user.articles\n"
    )
    assert findings(files) == []


def test_custom_init_and_unknown_mixins_silence_constructor_and_attribute_checks():
    files = {
        "models.py": (
            "from sqlalchemy import Column, Integer\n"
            "from sqlalchemy.orm import DeclarativeBase\n"
            "from some_lib import SerializerMixin\n\n\n"
            "class Base(DeclarativeBase):\n"
            "    pass\n\n\n"
            "class A(Base):\n"
            "    __tablename__ = 'a'\n"
            "    id = Column(Integer, primary_key=True)\n\n"
            "    def __init__(self, **kw):\n"
            "        self.extra = kw.pop('extra', None)\n"
            "        super().__init__(**kw)\n\n\n"
            "class B(Base, SerializerMixin):\n"
            "    __tablename__ = 'b'\n"
            "    id = Column(Integer, primary_key=True)\n"
        ),
        "use.py": "from models import A, B\n\n\ndef f():\n    return A(extra=1), B(anything=2), B.to_dict, A.id\n",
    }
    assert findings(files) == []
    files["use.py"] = "from models import A\n\n\ndef f():\n    return A.idd\n"
    (f,) = findings(files)
    assert (f.rule, f.line, f.column) == ("OR202", 5, 12)


def test_async_eager_loading_variants_are_not_reported():
    files = load("orm_sqlalchemy_async")
    files["app/routes/extra.py"] = (
        "from sqlalchemy import select\n"
        "from sqlalchemy.ext.asyncio import AsyncSession\n"
        "from sqlalchemy.orm import joinedload\n\n"
        "from app.models import Article, User\n\n\n"
        "async def a(session: AsyncSession, slug: str):\n"
        "    result = await session.execute(select(Article).options(joinedload(Article.author)).where(Article.slug == slug))\n"
        "    article = result.unique().scalar_one()\n"
        "    return article.author.username, len(article.favorites)\n\n\n"
        "async def b(session: AsyncSession, uid: int):\n"
        "    user = await session.get(User, uid)\n"
        "    await session.refresh(user, attribute_names=['articles'])\n"
        "    articles = await user.awaitable_attrs.articles\n"
        "    return [a.slug for a in user.articles], articles\n\n\n"
        "def sync_path(session, uid: int):\n"
        "    user = session.get(User, uid)\n"
        "    return user.articles\n"
    )
    assert findings(files) == []


def test_async_list_results_are_followed_into_loops():
    files = load("orm_sqlalchemy_async")
    files["app/routes/extra.py"] = (
        "from sqlalchemy import select\n"
        "from sqlalchemy.ext.asyncio import AsyncSession\n\n"
        "from app.models import Article\n\n\n"
        "async def feed(session: AsyncSession):\n"
        "    articles = (await session.scalars(select(Article).limit(10))).all()\n"
        "    out = []\n"
        "    for article in articles:\n"
        "        out.append({'author': article.author.username})\n"
        "    return out\n"
    )
    (f,) = findings(files)
    assert (f.rule, f.root_cause, f.path, f.line) == ("OR206", "data.orm.async_lazy_load", "app/routes/extra.py", 11)
    assert "selectinload(Article.author)" in f.message


def test_django_lookups_accept_reverse_names_annotations_and_lookups():
    files = load("orm_django")
    files["conduit/repositories/extra.py"] = (
        "from django.db.models import Count\n\n"
        "from conduit.models import Article, Comment, User\n\n\n"
        "def q():\n"
        "    a = User.objects.filter(comment__body__icontains='x', articles__created_at__year=2024, pk__in=[1])\n"
        "    b = Article.objects.annotate(n=Count('comments')).filter(n__gte=2).order_by('-n', '?')\n"
        "    c = User.objects.prefetch_related('comment_set', 'followers', 'favorites__tags')\n"
        "    d = Comment.objects.select_related('article__author').values('article__title', 'author__username')\n"
        "    e = Article.objects.values('author').annotate(total=Count('id')).order_by('total')\n"
        "    f = Article.objects.filter(author_id=1).update(title='t')\n"
        "    return a, b, c, d, e, f\n"
    )
    assert findings(files) == []
    files["conduit/repositories/extra.py"] += "\n\ndef bad():\n    return Article.objects.filter(id=1).update(headline='t')\n"
    (f,) = findings(files)
    assert (f.rule, f.path) == ("OR204", "conduit/repositories/extra.py")
    assert "headline" in f.message


def test_sync_django_views_and_wrapped_calls_are_not_reported():
    files = load("orm_django")
    files["conduit/routes/extra.py"] = (
        "from asgiref.sync import sync_to_async\n\n"
        "from conduit.models import Article\n\n\n"
        "async def view(request, slug):\n"
        "    article = await sync_to_async(Article.objects.get)(slug=slug)\n"
        "    count = await sync_to_async(lambda: Article.objects.filter(author=article.author_id).count())()\n"
        "    titles = [a.title async for a in Article.objects.filter(slug__startswith=slug)]\n\n"
        "    @sync_to_async\n"
        "    def load():\n"
        "        return list(Article.objects.all())\n\n"
        "    return article, count, titles, await load(), await Article.objects.acount()\n"
    )
    assert findings(files) == []


def test_check_orm_accepts_precomputed_models_and_empty_projects():
    project = Project.from_path(PROJECTS / "orm_sqlmodel")
    models = extract_models(project)
    assert check_orm(project, models) == []
    assert check_orm(Project.from_files({"app.py": "print('hi')\n"})) == []
    assert len(extract_models(Project.from_files({"broken.py": "def (:\n"}))) == 0


def test_django_inheritance_self_references_and_outside_models():
    files = {
        "shop/__init__.py": "",
        "shop/models.py": (
            "from django.db import models\n\n\n"
            "class Place(models.Model):\n"
            "    name = models.CharField(max_length=50)\n"
            "    parent = models.ForeignKey('self', null=True, on_delete=models.CASCADE)\n"
            "    data = models.JSONField(default=dict)\n\n\n"
            "class Restaurant(Place):\n"
            "    serves_pizza = models.BooleanField(default=False)\n"
            "    owner = models.OneToOneField('auth.User', on_delete=models.CASCADE)\n\n\n"
            "class Menu(models.Model):\n"
            "    restaurant = models.OneToOneField(Restaurant, on_delete=models.CASCADE)\n"
            "    code = models.CharField(max_length=10, primary_key=True)\n"
        ),
        "shop/views.py": (
            "from django.shortcuts import get_object_or_404\n\n"
            "from .models import Menu, Place, Restaurant\n\n\n"
            "def v(request):\n"
            "    a = Place.objects.filter(place__name='x', parent__parent__name__icontains='y', data__foo__bar=1, restaurant__menu__code='c')\n"
            "    b = Restaurant.objects.filter(place_ptr__name='x', name='n', owner__username='u').select_related('menu', 'owner', 'parent')\n"
            "    c = Menu.objects.filter(pk='x', restaurant__serves_pizza=True).values('code')\n"
            "    d = get_object_or_404(Restaurant, place__name='x')\n"
            "    return a, b, c, d, Menu(code='x', restaurant_id=1), Restaurant(name='x', owner_id=1, place_ptr_id=3)\n"
        ),
    }
    project = Project.from_files(files)
    models = extract_models(project)
    assert "id" not in models.models["Menu"].fields  # code is the primary key
    assert models.models["Restaurant"].fields["parent"].target == "Place"  # 'self' is the declaring model
    assert models.models["Restaurant"].fields["owner"].target is None  # auth.User is not a project model
    assert models.models["Place"].fields["restaurant"].single  # parent -> child accessor
    tables = models.tables()
    assert tables["shop_restaurant"] == {"place_ptr_id", "owner_id", "serves_pizza"}
    assert tables["shop_menu"] == {"code", "restaurant_id"}
    assert check_orm(project) == []
    files["shop/views.py"] = files["shop/views.py"].replace("get_object_or_404(Restaurant, place__name='x')", "get_object_or_404(Restaurant, place__nme='x')")
    (f,) = findings(files)
    assert (f.rule, f.path, f.line) == ("OR204", "shop/views.py", 10)
    assert "did you mean 'name'" in f.message


def test_attributes_added_after_the_class_and_objects_handed_to_helpers():
    files = load("orm_sqlalchemy_sync")
    files["models/extras.py"] = (
        "from sqlalchemy import func, select\n"
        "from sqlalchemy.orm import column_property\n\n"
        "from models.article import Article\n"
        "from models.user import User\n\n"
        "User.article_count = column_property(select(func.count(Article.id)).where(Article.author_id == User.id).scalar_subquery())\n"
        "setattr(User, 'display_name', User.username)\n"
    )
    files["repositories/extra.py"] = (
        "from database import SessionLocal\n"
        "from models import User\n\n\n"
        "def warm(user):\n"
        "    return len(user.articles)\n\n\n"
        "def load(uid):\n"
        "    with SessionLocal() as session:\n"
        "        user = session.get(User, uid)\n"
        "        warm(user)\n"
        "    return user.articles, User.article_count, User.display_name\n\n\n"
        "def one_liners(uid):\n"
        "    with SessionLocal() as session: user = session.get(User, uid)\n"
        "    if user: return user.comments\n"
    )
    found = findings(files)
    line = line_of(files["repositories/extra.py"], "return user.comments")
    assert [(f.rule, f.path, f.line) for f in found] == [("OR207", "repositories/extra.py", line)]


# ------------------------------------------------------------------------------ real fixture apps

FIXTURE_APPS = Path(__file__).parents[1] / "fixtures" / "generate" / "python" / "apps"
FIXTURE_CASES = [
    # (case overlay, base skeleton, expected (rule, path) or None for no ORM finding)
    ("flask_sqlalchemy_detached", "_flask_base", ("OR207", "src/services/user_service.py")),
    ("fastapi_async_missing_greenlet", "_fastapi_base", ("OR206", "src/routes/users.py")),
    ("django_field_error", "_django_base", ("OR204", "catalog/services.py")),
    ("django_sync_in_async", "_django_base", ("OR209", "catalog/views.py")),
    ("sqlalchemy_multiple_results", "_flask_base", None),
    ("pool_exhausted", "_flask_base", None),
    ("fastapi_response_validation", "_fastapi_base", None),
    ("aiohttp_unawaited_coroutine", "_aiohttp_base", None),
    (None, "_flask_base", None),
    (None, "_fastapi_base", None),
    (None, "_django_base", None),
]


@pytest.mark.skipif(not FIXTURE_APPS.is_dir(), reason="fixture apps not present")
@pytest.mark.parametrize("case, base, expected", FIXTURE_CASES, ids=[c[0] or c[1] for c in FIXTURE_CASES])
def test_fixture_apps(case, base, expected):
    def read(folder: Path) -> dict[str, str]:
        return {p.relative_to(folder).as_posix(): p.read_text() for p in folder.rglob("*.py")}

    files = read(FIXTURE_APPS / base)
    if case is not None:
        files.update(read(FIXTURE_APPS / case))
    found = findings(files)
    assert [(f.rule, f.path) for f in found] == ([expected] if expected else [])
