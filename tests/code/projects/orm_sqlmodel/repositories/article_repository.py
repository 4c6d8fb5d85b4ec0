from typing import List, Optional

from sqlmodel import Session, select

from models import Article, Tag, User


def get_article(session: Session, slug: str) -> Optional[Article]:
    return session.exec(select(Article).where(Article.slug == slug)).first()


def list_articles(session: Session, tag: Optional[str] = None, limit: int = 20, offset: int = 0) -> List[Article]:
    statement = select(Article)
    if tag:
        statement = statement.join(Article.tags).where(Tag.name == tag)
    statement = statement.order_by(Article.created_at.desc()).offset(offset).limit(limit)
    return list(session.exec(statement).all())


def get_or_create_tag(session: Session, name: str) -> Tag:
    tag = session.exec(select(Tag).where(Tag.name == name)).first()
    if tag is None:
        tag = Tag(name=name)
        session.add(tag)
    return tag


def create_article(session: Session, author: User, slug: str, title: str, description: str, body: str, tags: List[str]) -> Article:
    article = Article(slug=slug, title=title, description=description, body=body, author_id=author.id)
    article.tags = [get_or_create_tag(session, name) for name in tags]
    session.add(article)
    session.commit()
    session.refresh(article)
    return article
