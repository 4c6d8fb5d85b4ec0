'use strict';

const { Profile } = require('../models');

/** "$start, $start+1, ..." for an IN (...) list of `count` values. */
function placeholders(count, start = 1) {
  return Array.from({ length: count }, (_, index) => `$${start + index}`).join(', ');
}

/** SQLite returns timestamps as ISO text, PostgreSQL as Date objects. */
function toDate(value) {
  return new Date(value);
}

/** The author columns every article and comment query selects, viewed by the user id in $1. */
const AUTHOR_COLUMNS = `
  u.username AS author_username,
  u.bio AS author_bio,
  u.image AS author_image,
  EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = $1 AND fo.followed_id = u.id) AS author_following`;

function authorProfile(row) {
  return new Profile({
    username: row.author_username,
    bio: row.author_bio,
    image: row.author_image,
    following: Boolean(row.author_following),
  });
}

module.exports = { AUTHOR_COLUMNS, authorProfile, placeholders, toDate };
