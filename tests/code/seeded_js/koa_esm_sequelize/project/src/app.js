import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import userRouter from './routes/users.js';
import articleRouter from './routes/articles.js';

const app = new Koa();
app.use(bodyParser());
app.use(userRouter.routes()).use(userRouter.allowedMethods());
app.use(articleRouter.routes()).use(articleRouter.allowedMethods());

export default app;
