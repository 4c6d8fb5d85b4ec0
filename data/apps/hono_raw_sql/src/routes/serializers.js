// The JSON shapes of the API's responses.

export function userJson({ user, token }) {
  return { user: { email: user.email, token, username: user.username, bio: user.bio, image: user.image } };
}

function profileFields(profile) {
  return { username: profile.username, bio: profile.bio, image: profile.image, following: profile.following };
}

export function profileJson(profile) {
  return { profile: profileFields(profile) };
}

/** List entries leave out the body, as the contract's MultipleArticlesResponse does. */
function articleFields(article, { withBody }) {
  return {
    slug: article.slug,
    title: article.title,
    description: article.description,
    ...(withBody ? { body: article.body } : {}),
    tagList: article.tagList,
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    favorited: article.favorited,
    favoritesCount: article.favoritesCount,
    author: profileFields(article.author),
  };
}

export function articleJson(article) {
  return { article: articleFields(article, { withBody: true }) };
}

export function articleListJson({ articles, articlesCount }) {
  return { articles: articles.map((article) => articleFields(article, { withBody: false })), articlesCount };
}

function commentFields(comment) {
  return {
    id: comment.id,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    body: comment.body,
    author: profileFields(comment.author),
  };
}

export function commentJson(comment) {
  return { comment: commentFields(comment) };
}

export function commentListJson(comments) {
  return { comments: comments.map(commentFields) };
}
