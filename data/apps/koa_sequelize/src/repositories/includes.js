// Eager-loading options shared by the article and comment repositories.

/**
 * The author, with `followers` narrowed to the viewer: the list is non-empty exactly when
 * the viewer follows the author. Anonymous viewers get no followers include at all.
 */
export function authorWithViewerFollow(viewerId) {
  const include = [];
  if (viewerId != null) {
    include.push({
      association: 'followers',
      where: { id: viewerId },
      required: false,
      attributes: ['id'],
      through: { attributes: [] },
    });
  }
  return { association: 'author', include };
}
