export function toArticleJson(row, author) {
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    body: row.body,
    author: { username: author.username, bio: author.bio, image: author.image, following: false },
  };
}
