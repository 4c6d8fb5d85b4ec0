/** A user as another user (the viewer) sees them. */
export class Profile {
  constructor({ username, bio, image, following }) {
    this.username = username;
    this.bio = bio;
    this.image = image;
    this.following = following;
  }

  /** From columns prefixed `author_` plus a `following` flag (SQLite gives 0/1, PostgreSQL a boolean). */
  static fromAuthorColumns(row) {
    return new Profile({
      username: row.author_username,
      bio: row.author_bio,
      image: row.author_image,
      following: Boolean(row.following),
    });
  }
}
