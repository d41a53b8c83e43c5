#!/usr/bin/env bash
# Source this file (after ensure-node.sh): installs node_modules exactly as package-lock.json
# says when they are missing or older than the lock file; does nothing when they are current.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
	echo "Installing dependencies (npm ci)" >&2
	npm ci --no-audit --no-fund >&2
fi
