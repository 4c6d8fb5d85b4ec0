const { Router } = require('express');
const commentService = require('../services/comment.service');

const router = Router();

router.get('/:slug/comments', async (req, res, next) => {
  try {
    res.json(await commentService.listComments(req.params.slug));
  } catch (err) {
    next(err);
  }
});

router.post('/:slug/comments', async (req, res, next) => {
  try {
    res.json(await commentService.addComment(req.params.slug, req.body.comment.body, 1));
  } catch (err) {
    next(err);
  }
});

module.exports = router;
