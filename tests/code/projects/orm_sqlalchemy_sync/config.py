import os

DATABASE_URL = os.getenv("DATABASE_URL", "sqlite:///./conduit.db")
SECRET_KEY = os.getenv("SECRET_KEY", "change-me")
