#!/usr/bin/env bash
# Install what the wild-set generators run on: data/wild/.venv (Python) and data/wild/node/node_modules (Node).
# Only needed to re-capture cases (build.py); the rootcause package and its tests do not need it.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/pip install --quiet -r env/requirements.txt
# Native modules (sqlite3, better-sqlite3, bcrypt) build with node-gyp against the local Node headers.
(cd node && npm_config_nodedir="${npm_config_nodedir:-/usr}" npm ci --no-audit --no-fund)
