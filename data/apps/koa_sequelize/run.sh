#!/usr/bin/env bash
# Start the Conduit API in the foreground.
# Env: PORT (default 3000), HOST (default 0.0.0.0), DATABASE_URL (default sqlite:///conduit.db),
#      JWT_SECRET, JWT_EXPIRES_SECONDS, SQL_ECHO. Install first: npm ci (see README.md).
set -euo pipefail
# A relative SQLite path is resolved against the directory run.sh was started from.
export CONDUIT_CWD="${CONDUIT_CWD:-$PWD}"
cd "$(dirname "$0")"
exec node src/server.js
