import { defineArticle } from './article.js';
import { defineComment } from './comment.js';
import { defineArticleTag, defineFavorite, defineFollow } from './join-tables.js';
import { defineTag } from './tag.js';
import { defineUser } from './user.js';

/** Defines every model on `sequelize` and wires the associations; returns the models. */
export function defineModels(sequelize) {
  const User = defineUser(sequelize);
  const Article = defineArticle(sequelize);
  const Tag = defineTag(sequelize);
  const Comment = defineComment(sequelize);
  const Follow = defineFollow(sequelize);
  const Favorite = defineFavorite(sequelize);
  const ArticleTag = defineArticleTag(sequelize);

  const cascade = { onDelete: 'CASCADE' };

  User.hasMany(Article, { as: 'articles', foreignKey: { name: 'authorId', allowNull: false }, ...cascade });
  Article.belongsTo(User, { as: 'author', foreignKey: { name: 'authorId', allowNull: false }, ...cascade });

  Article.hasMany(Comment, { as: 'comments', foreignKey: { name: 'articleId', allowNull: false }, ...cascade });
  Comment.belongsTo(Article, { as: 'article', foreignKey: { name: 'articleId', allowNull: false }, ...cascade });
  User.hasMany(Comment, { as: 'comments', foreignKey: { name: 'authorId', allowNull: false }, ...cascade });
  Comment.belongsTo(User, { as: 'author', foreignKey: { name: 'authorId', allowNull: false }, ...cascade });

  Article.belongsToMany(Tag, { through: ArticleTag, as: 'tags', foreignKey: 'articleId', otherKey: 'tagId' });
  Tag.belongsToMany(Article, { through: ArticleTag, as: 'articles', foreignKey: 'tagId', otherKey: 'articleId' });

  Article.belongsToMany(User, { through: Favorite, as: 'favoritedBy', foreignKey: 'articleId', otherKey: 'userId' });
  User.belongsToMany(Article, { through: Favorite, as: 'favorites', foreignKey: 'userId', otherKey: 'articleId' });

  // followers of a user: rows whose followingId is that user; following: rows whose followerId is.
  User.belongsToMany(User, { through: Follow, as: 'followers', foreignKey: 'followingId', otherKey: 'followerId' });
  User.belongsToMany(User, { through: Follow, as: 'following', foreignKey: 'followerId', otherKey: 'followingId' });

  return { User, Article, Tag, Comment, Follow, Favorite, ArticleTag };
}
