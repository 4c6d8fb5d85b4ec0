/** The current time as stored: ISO 8601 UTC with milliseconds. */
export function now() {
  return new Date().toISOString();
}
