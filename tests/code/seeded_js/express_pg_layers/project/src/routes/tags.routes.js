const { Router } = require('express');
const tagService = require('../services/tag.service');

const router = Router();

router.get('/', async (req, res, next) => {
  try {
    res.json(await tagService.getTags());
  } catch (err) {
    next(err);
  }
});

module.exports = router;
