from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "sqlite+aiosqlite:///./conduit.db"
    jwt_secret: str = "secret"


settings = Settings()
