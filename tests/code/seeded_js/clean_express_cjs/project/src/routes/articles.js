const { Router } = require('express');
const articleService = require('../services/articleService');

const router = Router();

router.get('/', async (req, res, next) => {
  try {
    const articles = await articleService.list();
    res.json({ articles, articlesCount: articles.length });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
