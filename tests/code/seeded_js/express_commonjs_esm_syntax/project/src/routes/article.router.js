const express = require('express');
const { getArticle } = require('../services/article.service');
const { requireAuth } = require('../middlewares/auth.cjs');

const router = express.Router();

router.get('/:slug', async (req, res, next) => {
  try {
    const article = await getArticle(req.params.slug);
    if (!article) return res.status(404).json({ errors: { body: ['not found'] } });
    res.json({ article });
  } catch (err) {
    next(err);
  }
});

router.delete('/:slug', requireAuth, (req, res) => res.status(204).end());

module.exports = router;
