import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import { sequelize } from './db.js';
import tagsRouter from './routes/tags.js';
import profilesRouter from './routes/profiles.js';

const app = new Koa();
app.use(bodyParser());
app.use(tagsRouter.routes());
app.use(profilesRouter.routes());

await sequelize.authenticate();
app.listen(process.env.PORT || 3000);
