const express = require('express');
const tagRoutes = require('./routes/tags.routes');
const commentRoutes = require('./routes/comments.routes');

const app = express();
app.use(express.json());
app.use('/api/tags', tagRoutes);
app.use('/api/articles', commentRoutes);

app.listen(process.env.PORT || 3000);
