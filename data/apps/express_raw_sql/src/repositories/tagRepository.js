'use strict';

const { placeholders } = require('./sql');

class TagRepository {
  constructor(connection) {
    this.db = connection;
  }

  /** The ids of the named tags, in the order given, creating the missing ones. */
  async ensure(names) {
    if (names.length === 0) return [];
    for (const name of names) {
      await this.db.run('INSERT INTO tags (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
    }
    const rows = await this.db.all(`SELECT id, name FROM tags WHERE name IN (${placeholders(names.length)})`, names);
    const idByName = new Map(rows.map((row) => [row.name, row.id]));
    return names.map((name) => idByName.get(name));
  }

  /** Names of the tags at least one article uses, sorted. */
  async listInUse() {
    const rows = await this.db.all(
      `SELECT DISTINCT t.name FROM tags t
       JOIN article_tags atg ON atg.tag_id = t.id
       ORDER BY t.name`,
    );
    return rows.map((row) => row.name);
  }
}

module.exports = { TagRepository };
