const profileRepository = require('../repositories/profile.repository');

async function getProfile(username) {
  const profile = await profileRepository.findByUsername(username);
  if (!profile) {
    const err = new Error('profile not found');
    err.status = 404;
    throw err;
  }
  return { profile: { ...profile, following: false } };
}

module.exports = { getProfile };
