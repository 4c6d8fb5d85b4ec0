from pydantic import BaseModel


class UserCreate(BaseModel):
    username: str
    email: str
    password: str


class UserEnvelope(BaseModel):
    user: UserCreate


class UserOut(BaseModel):
    username: str
    email: str
    bio: str = ""


class UserResponse(BaseModel):
    user: UserOut
