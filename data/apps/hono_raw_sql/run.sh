#!/usr/bin/env bash
# Start the Conduit API in the foreground.
# Env: PORT (default 3000), HOST (default 0.0.0.0), DATABASE_URL (default sqlite:///conduit.db),
#      JWT_SECRET, JWT_EXPIRES_SECONDS, NODE (the node binary, default node).
# A relative SQLite path is resolved against the directory run.sh was started from
# (CONDUIT_WORKDIR), not against this folder.
set -euo pipefail
export CONDUIT_WORKDIR="${CONDUIT_WORKDIR:-$PWD}"
cd "$(dirname "$0")"
exec "${NODE:-node}" src/server.js
