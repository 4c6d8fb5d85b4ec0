import { DataTypes } from 'sequelize';

export function defineTag(sequelize) {
  return sequelize.define(
    'Tag',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      name: { type: DataTypes.STRING, allowNull: false, unique: true },
    },
    { tableName: 'tags', underscored: true, timestamps: false },
  );
}
