import bcrypt from 'bcryptjs';

export const hash = (password) => bcrypt.hashSync(password, 10);
export const verify = (password, digest) => bcrypt.compareSync(password, digest);
