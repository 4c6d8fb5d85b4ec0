Here is the pagination helper used by the list endpoints:
function paginate(query) {
  const limit = Math.min(Number(query.limit) || 20, 100);
  const offset = Number(query.offset) || 0;
  return { limit, offset };
}

module.exports = { paginate };
