'use strict';

/** A user as another user sees them: `following` is relative to the viewer. */
class Profile {
  constructor({ username, bio, image, following }) {
    this.username = username;
    this.bio = bio;
    this.image = image;
    this.following = following;
  }
}

module.exports = { Profile };
