import { DataTypes } from 'sequelize';

export function defineComment(sequelize) {
  return sequelize.define(
    'Comment',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      body: { type: DataTypes.TEXT, allowNull: false },
    },
    { tableName: 'comments', underscored: true },
  );
}
