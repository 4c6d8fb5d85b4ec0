"""Django ORM models: User (the app's own, not django.contrib.auth), Article, Tag, Comment.

Follows and favorites are many-to-many fields; article tags go through ArticleTag, which
keeps the author's order in a position column.
"""
from __future__ import annotations

from django.db import models
from django.utils import timezone


class User(models.Model):
    username = models.CharField(max_length=255, unique=True)
    email = models.CharField(max_length=255, unique=True)
    password_hash = models.CharField(max_length=255)
    bio = models.TextField(default="", blank=True)
    image = models.TextField(default="", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    following = models.ManyToManyField("self", symmetrical=False, related_name="followers", db_table="follows")

    class Meta:
        db_table = "users"

    def __str__(self) -> str:
        return self.username


class Tag(models.Model):
    name = models.CharField(max_length=255, unique=True)

    class Meta:
        db_table = "tags"

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    slug = models.CharField(max_length=255, unique=True)
    title = models.CharField(max_length=255)
    description = models.TextField()
    body = models.TextField()
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="articles")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    tags = models.ManyToManyField(Tag, through="ArticleTag", related_name="articles")
    favorited_by = models.ManyToManyField(User, related_name="favorites", db_table="favorites")

    class Meta:
        db_table = "articles"
        indexes = [models.Index(fields=["-created_at", "-id"], name="articles_newest_idx")]

    def __str__(self) -> str:
        return self.slug


class ArticleTag(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="article_tags")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "article_tags"
        constraints = [models.UniqueConstraint(fields=["article", "tag"], name="article_tags_unique")]


class Comment(models.Model):
    body = models.TextField()
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="comments")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "comments"

    def __str__(self) -> str:
        return f"comment {self.pk}"
