#!/usr/bin/env bash
# Start the Conduit API in the foreground (Django development server, threaded, no autoreload).
# Env: PORT (default 3000), HOST (default 0.0.0.0), DATABASE_URL (default sqlite:///conduit.db),
#      JWT_SECRET, JWT_EXPIRES_SECONDS, PYTHON (interpreter, default python3).
set -euo pipefail
cd "$(dirname "$0")"
"${PYTHON:-python3}" manage.py migrate --noinput
exec "${PYTHON:-python3}" manage.py runserver --noreload "${HOST:-0.0.0.0}:${PORT:-3000}"
