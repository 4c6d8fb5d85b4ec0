/** A registered user, as stored (the password only as its hash). */
export class User {
  constructor({ id, username, email, passwordHash, bio, image }) {
    this.id = id;
    this.username = username;
    this.email = email;
    this.passwordHash = passwordHash;
    this.bio = bio;
    this.image = image;
  }

  static fromRow(row) {
    return new User({
      id: row.id,
      username: row.username,
      email: row.email,
      passwordHash: row.password_hash,
      bio: row.bio,
      image: row.image,
    });
  }
}
