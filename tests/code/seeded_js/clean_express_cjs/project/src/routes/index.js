const { Router } = require('express');
const users = require('./users');
const articles = require('./articles');

const router = Router();
router.use(users);
router.use('/articles', articles);

module.exports = router;
