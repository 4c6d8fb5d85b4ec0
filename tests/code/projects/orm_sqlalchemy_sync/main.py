from fastapi import FastAPI

from database import engine
from models import Base
from routes.articles import router as articles_router

Base.metadata.create_all(bind=engine)

app = FastAPI()
app.include_router(articles_router)
