"""URL table. Every route lives under /api; unknown paths get a JSON 404."""
from django.urls import path

from conduit.views import articles, comments, health, profiles, tags, users

urlpatterns = [
    path("api/users", users.register),
    path("api/users/login", users.login),
    path("api/user", users.current_user),
    path("api/profiles/<str:username>", profiles.profile),
    path("api/profiles/<str:username>/follow", profiles.follow),
    path("api/articles", articles.articles),
    path("api/articles/feed", articles.feed),
    path("api/articles/<str:slug>", articles.article),
    path("api/articles/<str:slug>/favorite", articles.favorite),
    path("api/articles/<str:slug>/comments", comments.comments),
    path("api/articles/<str:slug>/comments/<int:comment_id>", comments.comment),
    path("api/tags", tags.tags),
    path("api/health-check", health.health_check),
]

handler400 = "conduit.errors.bad_request"
handler403 = "conduit.errors.permission_denied"
handler404 = "conduit.errors.not_found"
handler500 = "conduit.errors.server_error"
