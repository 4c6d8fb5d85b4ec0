'use strict';

// The shapes the API answers with, built from repository records for a viewer.

function profileView(user, following) {
  return { username: user.username, bio: user.bio, image: user.image, following };
}

function userView(user, token) {
  return { email: user.email, token, username: user.username, bio: user.bio, image: user.image };
}

/** `withBody` is false for list entries (the contract's MultipleArticlesResponse has no body). */
function articleView(article, { favorited, favoritesCount, following }, { withBody = true } = {}) {
  const view = {
    slug: article.slug,
    title: article.title,
    description: article.description,
    tagList: article.tagList,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    favorited,
    favoritesCount,
    author: profileView(article.author, following),
  };
  if (withBody) {
    view.body = article.body;
  }
  return view;
}

function commentView(comment, following) {
  return {
    id: comment.id,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.updatedAt.toISOString(),
    body: comment.body,
    author: profileView(comment.author, following),
  };
}

module.exports = { profileView, userView, articleView, commentView };
