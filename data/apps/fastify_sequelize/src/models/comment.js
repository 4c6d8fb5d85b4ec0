'use strict';

const { DataTypes } = require('sequelize');

module.exports = function defineComment(sequelize) {
  return sequelize.define(
    'Comment',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      body: { type: DataTypes.TEXT, allowNull: false },
      articleId: { type: DataTypes.INTEGER, allowNull: false },
      authorId: { type: DataTypes.INTEGER, allowNull: false },
    },
    { tableName: 'comments', underscored: true, indexes: [{ fields: ['article_id'] }] },
  );
};
