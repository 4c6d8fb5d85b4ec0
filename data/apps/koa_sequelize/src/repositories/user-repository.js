export class UserRepository {
  constructor({ User, Follow }) {
    this.User = User;
    this.Follow = Follow;
  }

  findById(id) {
    return this.User.findByPk(id);
  }

  findByUsername(username) {
    return this.User.findOne({ where: { username } });
  }

  findByEmail(email) {
    return this.User.findOne({ where: { email } });
  }

  create(fields) {
    return this.User.create(fields);
  }

  update(user, changes) {
    return user.update(changes);
  }

  async isFollowing(followerId, followingId) {
    return (await this.Follow.count({ where: { followerId, followingId } })) > 0;
  }

  /** Idempotent: following someone twice keeps one row. */
  async follow(followerId, followingId) {
    await this.Follow.findOrCreate({ where: { followerId, followingId } });
  }

  async unfollow(followerId, followingId) {
    await this.Follow.destroy({ where: { followerId, followingId } });
  }
}
