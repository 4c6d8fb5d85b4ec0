'use strict';

const { Op } = require('sequelize');

const plain = (instance) => (instance ? instance.get({ plain: true }) : null);

/** Users and who follows whom. Returns plain objects, never model instances. */
class UserRepository {
  constructor({ User, Follow }) {
    this.User = User;
    this.Follow = Follow;
  }

  async findById(id) {
    return plain(await this.User.findByPk(id));
  }

  async findByUsername(username) {
    return plain(await this.User.findOne({ where: { username } }));
  }

  async findByEmail(email) {
    return plain(await this.User.findOne({ where: { email } }));
  }

  async create({ username, email, passwordHash }) {
    return plain(await this.User.create({ username, email, passwordHash }));
  }

  /** Applies `changes` (any of username, email, passwordHash, bio, image) and returns the user. */
  async update(id, changes) {
    const user = await this.User.findByPk(id);
    await user.update(changes);
    return plain(user);
  }

  async isFollowing(followerId, followingId) {
    return (await this.Follow.count({ where: { followerId, followingId } })) > 0;
  }

  /** The ids among `userIds` that `followerId` follows. */
  async followedAmong(followerId, userIds) {
    if (userIds.length === 0) {
      return new Set();
    }
    const rows = await this.Follow.findAll({
      attributes: ['followingId'],
      where: { followerId, followingId: { [Op.in]: userIds } },
    });
    return new Set(rows.map((row) => row.followingId));
  }

  async follow(followerId, followingId) {
    await this.Follow.bulkCreate([{ followerId, followingId }], { ignoreDuplicates: true });
  }

  async unfollow(followerId, followingId) {
    await this.Follow.destroy({ where: { followerId, followingId } });
  }
}

module.exports = { UserRepository };
