/** Tag names. */
export class TagRepository {
  constructor(session) {
    this.db = session;
  }

  /** The ids of the named tags, creating the missing ones, in the order of `names`. */
  async idsFor(names) {
    const ids = [];
    for (const name of names) {
      await this.db.run('INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING', [name]);
      const row = await this.db.get('SELECT id FROM tags WHERE name = ?', [name]);
      ids.push(row.id);
    }
    return ids;
  }

  /** The names of the tags at least one article uses, sorted. */
  async listUsed() {
    const rows = await this.db.all('SELECT DISTINCT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id ORDER BY t.name');
    return rows.map((row) => row.name);
  }
}
