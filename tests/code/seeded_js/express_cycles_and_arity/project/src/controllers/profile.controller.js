const { findProfile } = require('../services/profile.service');
const { sendError } = require('../../utils/http');

async function getProfile(req, res) {
  const profile = await findProfile();
  if (!profile) return sendError(res, 404, 'profile not found');
  res.json({ profile });
}

module.exports = { getProfile };
