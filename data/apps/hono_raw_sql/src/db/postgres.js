import pg from 'pg';

/** `?` placeholders (as written in the repositories) to PostgreSQL's `$1, $2, ...`. */
function numberPlaceholders(sql) {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function sessionFor(client) {
  const query = (sql, params) => client.query(numberPlaceholders(sql), params);
  return {
    all: async (sql, params = []) => (await query(sql, params)).rows,
    get: async (sql, params = []) => (await query(sql, params)).rows[0] ?? null,
    run: async (sql, params = []) => (await query(sql, params)).rowCount,
  };
}

/** PostgreSQL through a pg Pool: each transaction checks out its own connection. */
export class PostgresDatabase {
  dialect = 'postgres';
  #pool;

  constructor(url) {
    this.#pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection that breaks must not crash the server; the next checkout reconnects.
    this.#pool.on('error', (error) => console.error('PostgreSQL idle connection error:', error.message));
  }

  async createSchema(sql) {
    await this.#pool.query(sql);
  }

  async transaction(work) {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(sessionFor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async close() {
    await this.#pool.end();
  }
}
