from fastapi import APIRouter, Body, Depends
from sqlalchemy.orm import Session

from app.db import get_db
from app.schemas import UserCreate, UserLogin
from app.services.user_service import UserService

router = APIRouter(tags=["users"])


@router.post("/users", status_code=201)
def register(user: UserCreate = Body(..., embed=True), db: Session = Depends(get_db)):
    return {"user": UserService(db).register(user)}


@router.post("/users/login")
def login(user: UserLogin = Body(..., embed=True), db: Session = Depends(get_db)):
    service = UserService(db)
    return {"user": service.login(user.email, user.password)}
