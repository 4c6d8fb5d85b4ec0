const express = require('express');
const articleRouter = require('./routes/article.router');
const userRouter = require('./routes/user.router');

const app = express();
app.use(express.json());
app.use('/api/articles', articleRouter);
app.use('/api', userRouter);

app.listen(process.env.PORT || 3000);
