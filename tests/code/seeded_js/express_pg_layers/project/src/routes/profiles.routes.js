const { Router } = require('express');
const profileService = require('../services/profile.service');

const router = Router();

router.get('/profiles/:username', async (req, res, next) => {
  try {
    res.json(await profileService.getProfile(req.params.username));
  } catch (err) {
    next(err);
  }
});

module.exports = router;
