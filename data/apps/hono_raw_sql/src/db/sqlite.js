import Database from 'better-sqlite3';

/**
 * SQLite through better-sqlite3. Its API is synchronous; the session methods wrap it in
 * promises so repositories see the same async interface as on PostgreSQL.
 */
export class SqliteDatabase {
  dialect = 'sqlite';
  #connection;
  #statements = new Map();
  #lastTransaction = Promise.resolve();

  constructor(file) {
    this.#connection = new Database(file);
    this.#connection.pragma('journal_mode = WAL');
    this.#connection.pragma('foreign_keys = ON');
  }

  async createSchema(sql) {
    this.#connection.exec(sql);
  }

  /**
   * Run `work(session)` inside BEGIN ... COMMIT (ROLLBACK when it throws). All requests
   * share one connection and `work` awaits between statements, so transactions are queued
   * and run one at a time.
   */
  transaction(work) {
    const result = this.#lastTransaction.then(() => this.#runTransaction(work));
    this.#lastTransaction = result.catch(() => {});
    return result;
  }

  async close() {
    this.#connection.close();
  }

  async #runTransaction(work) {
    this.#connection.exec('BEGIN');
    try {
      const result = await work(this.#session);
      this.#connection.exec('COMMIT');
      return result;
    } catch (error) {
      this.#connection.exec('ROLLBACK');
      throw error;
    }
  }

  #prepare(sql) {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#connection.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #session = {
    all: async (sql, params = []) => this.#prepare(sql).all(params),
    get: async (sql, params = []) => this.#prepare(sql).get(params) ?? null,
    run: async (sql, params = []) => this.#prepare(sql).run(params).changes,
  };
}
