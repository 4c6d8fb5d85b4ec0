'use strict';

const { Pool } = require('pg');

function connectionFor(client) {
  return {
    all: async (sql, params = []) => (await client.query(sql, params)).rows,
    get: async (sql, params = []) => (await client.query(sql, params)).rows[0],
    run: async (sql, params = []) => ({ changes: (await client.query(sql, params)).rowCount }),
  };
}

/** A node-postgres pool; each transaction holds one pooled client from BEGIN to COMMIT. */
async function openPostgres({ connectionString }) {
  const pool = new Pool({ connectionString, max: 10 });
  pool.on('error', (error) => console.error('idle PostgreSQL client error:', error.message));

  return {
    dialect: 'postgres',
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(connectionFor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

module.exports = { openPostgres };
