/** A stored timestamp (ISO text from SQLite, a Date from PostgreSQL) as ISO 8601 UTC with milliseconds. */
export function toIsoTimestamp(value) {
  return new Date(value).toISOString();
}
