const DEVELOPMENT_JWT_SECRET = 'conduit-development-secret-change-me';
const SEVEN_DAYS_IN_SECONDS = 7 * 24 * 60 * 60;

/** Settings read from the environment (see README.md for the variables). */
export function loadConfig(env = process.env) {
  return {
    port: Number.parseInt(env.PORT ?? '3000', 10),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || 'sqlite:///conduit.db',
    // run.sh changes directory, so it passes the caller's directory along.
    baseDir: env.CONDUIT_CWD || process.cwd(),
    jwtSecret: env.JWT_SECRET || DEVELOPMENT_JWT_SECRET,
    jwtExpiresSeconds: Number.parseInt(env.JWT_EXPIRES_SECONDS ?? String(SEVEN_DAYS_IN_SECONDS), 10),
    sqlEcho: env.SQL_ECHO === '1',
  };
}
