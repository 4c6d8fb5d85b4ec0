'use strict';

const { User } = require('../models');

// Model field -> column, for the fields an update may change.
const UPDATABLE_COLUMNS = {
  username: 'username',
  email: 'email',
  passwordHash: 'password_hash',
  bio: 'bio',
  image: 'image',
};

function toUser(row) {
  return row ? new User({ id: row.id, username: row.username, email: row.email, passwordHash: row.password_hash, bio: row.bio, image: row.image }) : null;
}

/** Users and who follows whom. */
class UserRepository {
  constructor(connection) {
    this.db = connection;
  }

  async findById(id) {
    return toUser(await this.db.get('SELECT * FROM users WHERE id = $1', [id]));
  }

  async findByUsername(username) {
    return toUser(await this.db.get('SELECT * FROM users WHERE username = $1', [username]));
  }

  async findByEmail(email) {
    return toUser(await this.db.get('SELECT * FROM users WHERE email = $1', [email]));
  }

  async create({ username, email, passwordHash, now }) {
    const row = await this.db.get(
      `INSERT INTO users (username, email, password_hash, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $4) RETURNING *`,
      [username, email, passwordHash, now.toISOString()],
    );
    return toUser(row);
  }

  /** `changes` holds any of username, email, passwordHash, bio, image. */
  async update(id, changes, now) {
    const fields = Object.keys(changes);
    const assignments = fields.map((field, index) => `${UPDATABLE_COLUMNS[field]} = $${index + 1}`);
    const params = fields.map((field) => changes[field]);
    const row = await this.db.get(
      `UPDATE users SET ${[...assignments, `updated_at = $${params.length + 1}`].join(', ')}
       WHERE id = $${params.length + 2} RETURNING *`,
      [...params, now.toISOString(), id],
    );
    return toUser(row);
  }

  async isFollowing(followerId, followedId) {
    const row = await this.db.get('SELECT 1 AS found FROM follows WHERE follower_id = $1 AND followed_id = $2', [followerId, followedId]);
    return row !== undefined;
  }

  async follow(followerId, followedId) {
    await this.db.run('INSERT INTO follows (follower_id, followed_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [followerId, followedId]);
  }

  async unfollow(followerId, followedId) {
    await this.db.run('DELETE FROM follows WHERE follower_id = $1 AND followed_id = $2', [followerId, followedId]);
  }
}

module.exports = { UserRepository };
