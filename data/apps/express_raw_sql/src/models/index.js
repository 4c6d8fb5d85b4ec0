'use strict';

const { Article } = require('./article');
const { Comment } = require('./comment');
const { Profile } = require('./profile');
const { User } = require('./user');

module.exports = { Article, Comment, Profile, User };
