import { Profile } from '../db.js';
const bcrypt = require('bcryptjs');

export async function getProfile(username) {
  const profile = await Profile.findOne({ where: { username } });
  return profile ? { username: profile.username, bio: profile.bio, image: profile.image, following: false } : null;
}

export function checkSecret(secret, hash) {
  return bcrypt.compareSync(secret, hash);
}
