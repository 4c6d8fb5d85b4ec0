'use strict';

// The JSON shapes of the Conduit API, built from the services' models.

function userJson({ user, token }) {
  return { user: { email: user.email, token, username: user.username, bio: user.bio, image: user.image } };
}

function profileFields(profile) {
  return { username: profile.username, bio: profile.bio, image: profile.image, following: profile.following };
}

function profileJson(profile) {
  return { profile: profileFields(profile) };
}

/** An article; list entries leave out `body`, as the contract's MultipleArticlesResponse does. */
function articleFields(article, { withBody }) {
  return {
    slug: article.slug,
    title: article.title,
    description: article.description,
    ...(withBody ? { body: article.body } : {}),
    tagList: article.tagList,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    favorited: article.favorited,
    favoritesCount: article.favoritesCount,
    author: profileFields(article.author),
  };
}

function articleJson(article) {
  return { article: articleFields(article, { withBody: true }) };
}

function articleListJson({ articles, count }) {
  return { articles: articles.map((article) => articleFields(article, { withBody: false })), articlesCount: count };
}

function commentFields(comment) {
  return {
    id: comment.id,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.updatedAt.toISOString(),
    body: comment.body,
    author: profileFields(comment.author),
  };
}

function commentJson(comment) {
  return { comment: commentFields(comment) };
}

function commentListJson(comments) {
  return { comments: comments.map(commentFields) };
}

function errorJson(message) {
  return { errors: { body: [message] } };
}

module.exports = { articleJson, articleListJson, commentJson, commentListJson, errorJson, profileJson, userJson };
