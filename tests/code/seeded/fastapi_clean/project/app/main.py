from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app.db import Base, engine
from app.exceptions import DomainError
from app.routes import articles, users

app = FastAPI(title="Conduit")


@app.on_event("startup")
def create_tables():
    Base.metadata.create_all(bind=engine)


@app.exception_handler(DomainError)
async def domain_error_handler(request: Request, exc: DomainError):
    return JSONResponse(status_code=exc.status_code, content={"errors": {"body": [exc.message]}})


@app.get("/api/health-check")
def health_check():
    return {"status": "ok"}


app.include_router(users.router, prefix="/api")
app.include_router(articles.router, prefix="/api")
