'use strict';

const defineUser = require('./user');
const defineArticle = require('./article');
const defineComment = require('./comment');
const defineTag = require('./tag');
const { defineFollow, defineFavorite, defineArticleTag } = require('./through');

/** Defines every model on `sequelize` and wires their associations. */
function defineModels(sequelize) {
  const User = defineUser(sequelize);
  const Article = defineArticle(sequelize);
  const Comment = defineComment(sequelize);
  const Tag = defineTag(sequelize);
  const Follow = defineFollow(sequelize);
  const Favorite = defineFavorite(sequelize);
  const ArticleTag = defineArticleTag(sequelize);

  const cascade = { onDelete: 'CASCADE', onUpdate: 'CASCADE' };

  User.hasMany(Article, { as: 'articles', foreignKey: 'authorId', ...cascade });
  Article.belongsTo(User, { as: 'author', foreignKey: 'authorId', ...cascade });

  Article.hasMany(Comment, { as: 'comments', foreignKey: 'articleId', ...cascade });
  Comment.belongsTo(Article, { as: 'article', foreignKey: 'articleId', ...cascade });
  User.hasMany(Comment, { as: 'comments', foreignKey: 'authorId', ...cascade });
  Comment.belongsTo(User, { as: 'author', foreignKey: 'authorId', ...cascade });

  Article.belongsToMany(Tag, { through: ArticleTag, as: 'tags', foreignKey: 'articleId', otherKey: 'tagId' });
  Tag.belongsToMany(Article, { through: ArticleTag, as: 'articles', foreignKey: 'tagId', otherKey: 'articleId' });

  Article.belongsToMany(User, { through: Favorite, as: 'favoritedBy', foreignKey: 'articleId', otherKey: 'userId' });
  User.belongsToMany(Article, { through: Favorite, as: 'favorites', foreignKey: 'userId', otherKey: 'articleId' });

  User.belongsToMany(User, { through: Follow, as: 'following', foreignKey: 'followerId', otherKey: 'followingId' });
  User.belongsToMany(User, { through: Follow, as: 'followers', foreignKey: 'followingId', otherKey: 'followerId' });

  return { User, Article, Comment, Tag, Follow, Favorite, ArticleTag };
}

module.exports = { defineModels };
