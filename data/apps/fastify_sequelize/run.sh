#!/usr/bin/env bash
# Start the Conduit API in the foreground.
# Env: PORT (default 3000), HOST (default 0.0.0.0), DATABASE_URL (default sqlite:///conduit.db,
#      a relative path is taken from the directory run.sh was started in), JWT_SECRET,
#      JWT_EXPIRES_SECONDS, SQL_ECHO, LOG_LEVEL. Needs node_modules: npm ci first.
set -euo pipefail
export CONDUIT_WORKDIR="${CONDUIT_WORKDIR:-$PWD}"
cd "$(dirname "$0")"
exec node src/server.js
