const { Sequelize, DataTypes } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL || 'sqlite::memory:', { logging: false });

const User = sequelize.define('User', { username: DataTypes.STRING, email: DataTypes.STRING, bio: DataTypes.TEXT });
const Article = sequelize.define('Article', { slug: DataTypes.STRING, title: DataTypes.STRING, body: DataTypes.TEXT });
const Tag = sequelize.define('Tag', { name: DataTypes.STRING });
const Comment = sequelize.define('Comment', { body: DataTypes.TEXT });

Article.belongsTo(User, { as: 'author', foreignKey: 'authorId' });
Article.belongsToMany(Tag, { through: 'ArticleTags', as: 'tagList' });
Article.hasMany(Comment, { foreignKey: 'articleId' });
Comment.belongsTo(User, { as: 'author', foreignKey: 'authorId' });

module.exports = { sequelize, User, Article, Tag, Comment };
