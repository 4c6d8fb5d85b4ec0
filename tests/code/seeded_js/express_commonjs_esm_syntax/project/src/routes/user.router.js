const express = require('express');
const { authenticate } = require('../middleware/auth.cjs');

const router = express.Router();

router.get('/user', authenticate, (req, res) => res.json({ user: req.user }));

module.exports = router;
