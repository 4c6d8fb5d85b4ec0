const { Router } = require('express');
const { register, findUser } = require('../services/userService');

const router = Router();

router.post('/users', async (req, res, next) => {
  try {
    res.status(201).json({ user: await register(req.body.user) });
  } catch (err) {
    next(err);
  }
});

router.get('/users/:id', async (req, res, next) => {
  try {
    const user = await findUser(Number(req.params.id));
    if (!user) return res.status(404).json({ errors: { body: ['not found'] } });
    res.json({ user });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
