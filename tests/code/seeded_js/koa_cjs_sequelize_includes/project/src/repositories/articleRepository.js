const { Article, User, Comment } = require('../models');

function findFavorited(userId) {
  return Article.findAll({ include: [{ association: 'favoritedBy', where: { id: userId } }] });
}

function findWithComments(slug) {
  return Article.findOne({ where: { slug }, include: [{ model: User, as: 'author' }, { model: Comment, as: 'comments' }] });
}

module.exports = { findFavorited, findWithComments };
