const { Comment, User } = require('../models');

async function commentsFor(articleId) {
  return Comment.findAll({ where: { articleId }, include: [{ model: User, as: 'author' }] });
}

module.exports = { commentsFor };
