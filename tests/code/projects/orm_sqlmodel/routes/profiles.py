from fastapi import APIRouter, HTTPException

from repositories.user_repository import find_by_username

router = APIRouter(prefix="/api/profiles")


@router.get("/{username}")
def get_profile(username: str):
    user = find_by_username(username)
    if user is None:
        raise HTTPException(status_code=404, detail="profile not found")
    return {"profile": {"username": user.username, "bio": user.bio, "image": user.image, "following": False}}
