'use strict';

class User {
  constructor({ id, username, email, passwordHash, bio, image }) {
    this.id = id;
    this.username = username;
    this.email = email;
    this.passwordHash = passwordHash;
    this.bio = bio;
    this.image = image;
  }
}

module.exports = { User };
