/** A URL slug from a title: "How to Train Your Dragon!" -> "how-to-train-your-dragon". */
export function slugify(title) {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\x00-\x7f]/g, '')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return slug || 'article';
}
