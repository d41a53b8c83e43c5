#!/usr/bin/env bash
# `npm start`: from a fresh clone to a running Debrief on one port. Gets Node 24 when the
# machine's is older, installs dependencies, builds the app and serves it (file storage under
# ./data unless REDIS_URL or STORAGE say otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
source scripts/ensure-deps.sh
npm run build
exec node server/index.ts
