'use strict';

// The join tables of the many-to-many associations (see models/index.js).

const { DataTypes } = require('sequelize');

function defineFollow(sequelize) {
  return sequelize.define(
    'Follow',
    {
      followerId: { type: DataTypes.INTEGER, primaryKey: true },
      followingId: { type: DataTypes.INTEGER, primaryKey: true },
    },
    { tableName: 'follows', underscored: true, updatedAt: false },
  );
}

function defineFavorite(sequelize) {
  return sequelize.define(
    'Favorite',
    {
      userId: { type: DataTypes.INTEGER, primaryKey: true },
      articleId: { type: DataTypes.INTEGER, primaryKey: true },
    },
    { tableName: 'favorites', underscored: true, updatedAt: false },
  );
}

/** `position` keeps the order the author gave the tags in. */
function defineArticleTag(sequelize) {
  return sequelize.define(
    'ArticleTag',
    {
      articleId: { type: DataTypes.INTEGER, primaryKey: true },
      tagId: { type: DataTypes.INTEGER, primaryKey: true },
      position: { type: DataTypes.INTEGER, allowNull: false },
    },
    { tableName: 'article_tags', underscored: true, timestamps: false },
  );
}

module.exports = { defineFollow, defineFavorite, defineArticleTag };
