export function onError(err, c) {
  const status = err.status || 500;
  return c.json({ errors: { body: [err.message] } }, status);
}
