const express = require('express');
const articleController = require('./controllers/article.controller');
const profileController = require('./controllers/profile.controller');

const app = express();
app.use(express.json());
app.get('/api/articles/:slug', articleController.getArticle);
app.post('/api/articles', articleController.createArticle);
app.get('/api/profiles/:username', profileController.getProfile);

app.listen(process.env.PORT || 3000);
