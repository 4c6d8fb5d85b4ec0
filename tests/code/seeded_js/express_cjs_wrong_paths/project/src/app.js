const express = require('express');
const userRoutes = require('./routes/users');
const articleRoutes = require('./routes/articles');
const { errorHandler } = require('./middleware/errorHandler');

const app = express();
app.use(express.json());
app.use('/api', userRoutes);
app.use('/api', articleRoutes);
app.use(errorHandler);

module.exports = app;
