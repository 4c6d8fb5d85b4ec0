const commentRepository = require('../repositories/comment.repository');

async function listComments(slug) {
  const comments = await commentRepository.findByArticle(slug);
  return { comments };
}

async function addComment(slug, body, authorId) {
  return { comment: await commentRepository.insertComment(slug, body, authorId) };
}

module.exports = { listComments, addComment };
