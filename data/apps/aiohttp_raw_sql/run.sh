#!/usr/bin/env bash
# Start the Conduit API in the foreground.
# Env: PORT (default 3000), HOST (default 0.0.0.0), DATABASE_URL (default sqlite:///conduit.db),
#      JWT_SECRET, JWT_EXPIRES_SECONDS, PYTHON (interpreter, default python3).
set -euo pipefail
cd "$(dirname "$0")"
exec "${PYTHON:-python3}" app.py
