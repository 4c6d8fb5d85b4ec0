// Plain objects the services hand to the routes, built from model instances.

/** `followers` is narrowed to the viewer by the repositories (see repositories/includes.js). */
export function profileOf(user, following = (user.followers ?? []).length > 0) {
  return { username: user.username, bio: user.bio ?? '', image: user.image ?? '', following };
}

export function articleOf(article, viewerId) {
  const favoritedBy = article.favoritedBy ?? [];
  return {
    slug: article.slug,
    title: article.title,
    description: article.description,
    body: article.body,
    tagList: (article.tags ?? []).map((tag) => tag.name),
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    favorited: viewerId != null && favoritedBy.some((user) => user.id === viewerId),
    favoritesCount: favoritedBy.length,
    author: profileOf(article.author),
  };
}

export function commentOf(comment) {
  return {
    id: comment.id,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    body: comment.body,
    author: profileOf(comment.author),
  };
}
