"""FastAPI app on asyncpg."""

from fastapi import FastAPI, HTTPException

from app.db import create_pool
from app.repo import articles, users

app = FastAPI()


@app.on_event("startup")
async def startup():
    app.state.pool = await create_pool()


@app.get("/api/profiles/{username}")
async def profile(username: str):
    async with app.state.pool.acquire() as conn:
        row = await users.get_by_username(conn, username)
    if row is None:
        raise HTTPException(404)
    return {"profile": {"username": row["username"], "bio": row["bio"]}}


@app.get("/api/articles")
async def list_articles(limit: int = 20, offset: int = 0):
    async with app.state.pool.acquire() as conn:
        rows = await articles.feed(conn, limit, offset)
    return {"articles": [dict(r) for r in rows], "articlesCount": len(rows)}
