import { DataTypes } from 'sequelize';

// The through tables of the many-to-many associations. Their key columns are added by
// belongsToMany in models/index.js (a composite primary key, ON DELETE CASCADE).

export function defineFollow(sequelize) {
  return sequelize.define('Follow', {}, { tableName: 'follows', underscored: true, timestamps: false });
}

export function defineFavorite(sequelize) {
  return sequelize.define('Favorite', {}, { tableName: 'favorites', underscored: true, timestamps: false });
}

/** position keeps each article's tags in the order the author gave them. */
export function defineArticleTag(sequelize) {
  return sequelize.define(
    'ArticleTag',
    { position: { type: DataTypes.INTEGER, allowNull: false } },
    { tableName: 'article_tags', underscored: true, timestamps: false },
  );
}
