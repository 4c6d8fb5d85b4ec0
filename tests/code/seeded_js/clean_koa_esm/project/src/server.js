import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import { sequelize } from './models/index.js';
import router from './routes/index.js';

const app = new Koa();
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());

await sequelize.sync();
app.listen(process.env.PORT || 3000);
