from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy.orm import Session

import crud
import models
import schemas
from database import engine
from deps import get_db

models.Base.metadata.create_all(bind=engine)

app = FastAPI()


@app.get("/api/health-check")
def health_check():
    return {"status": "ok"}


@app.post("/api/users", response_model=schemas.UserResponse, status_code=201)
def create_user(payload: schemas.UserEnvelope, db: Session = Depends(get_db)):
    if crud.get_user_by_email(db, payload.user.email):
        raise HTTPException(status_code=422, detail="email already registered")
    user = crud.create_user(db, payload.user)
    return {"user": schemas.UserOut.model_validate(user, from_attributes=True)}


@app.get("/api/tags")
def list_tags(db: Session = Depends(get_db)):
    return {"tags": [t.name for t in crud.list_tags(db)]}
