from django.urls import path

from conduit.routes import articles, profiles

urlpatterns = [
    path("api/articles", articles.article_list),
    path("api/articles/feed", articles.feed),
    path("api/articles/<slug:slug>", articles.article_detail),
    path("api/profiles/<str:username>", profiles.profile_detail),
]
