import bcrypt from 'bcryptjs';
import { findByEmail, createUser } from '../repositories/user-repository.js';

export default class UserService {
  async register({ username, email, password }) {
    const passwordHash = await bcrypt.hash(password, 10);
    const user = await createUser({ username, email, passwordHash });
    return { username: user.username, email: user.email, bio: user.bio };
  }

  async login({ email, password }) {
    const user = await findByEmail(email);
    if (!user || !(await bcrypt.compare(password, user.passwordHash))) return null;
    return { username: user.username, email: user.email, bio: user.bio };
  }
}
