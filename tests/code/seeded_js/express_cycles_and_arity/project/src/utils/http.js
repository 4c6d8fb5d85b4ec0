function sendError(res, status, message) {
  return res.status(status).json({ errors: { body: [message] } });
}

module.exports = { sendError };
