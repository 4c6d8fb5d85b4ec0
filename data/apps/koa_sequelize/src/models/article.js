import { DataTypes } from 'sequelize';

export function defineArticle(sequelize) {
  return sequelize.define(
    'Article',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      slug: { type: DataTypes.STRING, allowNull: false, unique: true },
      title: { type: DataTypes.STRING, allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: false },
      body: { type: DataTypes.TEXT, allowNull: false },
    },
    { tableName: 'articles', underscored: true },
  );
}
