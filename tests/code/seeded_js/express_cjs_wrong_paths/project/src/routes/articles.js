const express = require('express');
const { getArticleBySlug, listArticles } = require('../services/article.service');

const router = express.Router();

router.get('/articles', async (req, res, next) => {
  try {
    res.json(await listArticles(req.query));
  } catch (err) {
    next(err);
  }
});

router.get('/articles/:slug', async (req, res, next) => {
  try {
    res.json({ article: await getArticleBySlug(req.params.slug) });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
