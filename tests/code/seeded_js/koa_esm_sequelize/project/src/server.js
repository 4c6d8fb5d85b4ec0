import app from './app.js';
import { sequelize } from './models/index.js';

await sequelize.sync();
app.listen(process.env.PORT || 3000);
