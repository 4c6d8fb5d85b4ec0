import { Profile } from '../models/profile.js';
import { User } from '../models/user.js';

const USER_COLUMNS = 'id, username, email, password_hash, bio, image';

/** Columns that `update` may change, by User field name. */
const UPDATABLE = { username: 'username', email: 'email', passwordHash: 'password_hash', bio: 'bio', image: 'image' };

/** Users and who follows whom. */
export class UserRepository {
  constructor(session) {
    this.db = session;
  }

  async findById(id) {
    const row = await this.db.get(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`, [id]);
    return row && User.fromRow(row);
  }

  async findByEmail(email) {
    const row = await this.db.get(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`, [email]);
    return row && User.fromRow(row);
  }

  async findByUsername(username) {
    const row = await this.db.get(`SELECT ${USER_COLUMNS} FROM users WHERE username = ?`, [username]);
    return row && User.fromRow(row);
  }

  /** Whether another user than `exceptId` already has this value in `column` ('username' or 'email'). */
  async isTaken(column, value, exceptId = null) {
    const row = await this.db.get(`SELECT id FROM users WHERE ${column} = ?`, [value]);
    return row !== null && row.id !== exceptId;
  }

  async create({ username, email, passwordHash, now }) {
    const row = await this.db.get(
      'INSERT INTO users (username, email, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
      [username, email, passwordHash, now, now],
    );
    return row.id;
  }

  /** Set the given fields (a subset of UPDATABLE's keys) and updated_at. */
  async update(id, fields, now) {
    const names = Object.keys(fields).filter((name) => name in UPDATABLE);
    const assignments = names.map((name) => `${UPDATABLE[name]} = ?`).join(', ');
    await this.db.run(`UPDATE users SET ${assignments}, updated_at = ? WHERE id = ?`, [...names.map((name) => fields[name]), now, id]);
  }

  /** The profile of `username` as `viewerId` sees it (viewerId null: anonymous), or null. */
  async findProfile(username, viewerId) {
    const row = await this.db.get(
      `SELECT u.username AS author_username, u.bio AS author_bio, u.image AS author_image,
              EXISTS (SELECT 1 FROM follows f WHERE f.followed_id = u.id AND f.follower_id = ?) AS following
         FROM users u WHERE u.username = ?`,
      [viewerId, username],
    );
    return row && Profile.fromAuthorColumns(row);
  }

  async follow(followerId, followedId) {
    await this.db.run('INSERT INTO follows (follower_id, followed_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [followerId, followedId]);
  }

  async unfollow(followerId, followedId) {
    await this.db.run('DELETE FROM follows WHERE follower_id = ? AND followed_id = ?', [followerId, followedId]);
  }
}
