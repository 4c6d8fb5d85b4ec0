/**
 * The request's JSON body, or null when it is missing or not JSON. The services reject a
 * null body with 422 after their own lookups, which keeps the 404-before-422 order.
 */
export async function readJson(c) {
  try {
    return JSON.parse(await c.req.text());
  } catch {
    return null;
  }
}
