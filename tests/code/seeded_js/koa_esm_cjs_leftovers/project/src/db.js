import path from 'node:path';
import { Sequelize, DataTypes } from 'sequelize';

const storage = path.join(__dirname, '..', 'data', 'conduit.sqlite');

export const sequelize = new Sequelize({ dialect: 'sqlite', storage, logging: false });

export const Tag = sequelize.define('Tag', { name: DataTypes.STRING });
export const Profile = sequelize.define('Profile', { username: DataTypes.STRING, bio: DataTypes.TEXT, image: DataTypes.STRING });
