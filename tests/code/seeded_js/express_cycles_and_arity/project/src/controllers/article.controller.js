const { findArticle, insertArticle } = require('../services/article.service');

async function getArticle(req, res, next) {
  try {
    const article = await findArticle(req.params.slug);
    if (!article) return res.status(404).json({ errors: { body: ['article not found'] } });
    res.json({ article });
  } catch (err) {
    next(err);
  }
}

async function createArticle(req, res, next) {
  try {
    const article = await insertArticle(req.body.article);
    res.status(201).json({ article });
  } catch (err) {
    next(err);
  }
}

module.exports = { getArticle, createArticle };
