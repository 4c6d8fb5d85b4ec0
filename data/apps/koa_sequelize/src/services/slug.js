/** "How to Train Your Dragon!" -> "how-to-train-your-dragon" (accents dropped). */
export function slugify(title) {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'article';
}

/** slugify(title), then -2, -3, ... until isTaken(slug) is false. */
export async function uniqueSlug(title, isTaken) {
  const base = slugify(title);
  let slug = base;
  for (let n = 2; await isTaken(slug); n += 1) {
    slug = `${base}-${n}`;
  }
  return slug;
}
