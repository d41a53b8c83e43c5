#!/usr/bin/env bash
# Source this file: it puts a Node >= 22.12 on PATH, installing Node 24 from the npm registry
# into ~/.node24 when the machine's node is older (Debian 12 ships Node 20).
node_is_recent() {
	command -v node >/dev/null 2>&1 &&
		node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'
}
# bash remembers where it last found `node`; after PATH or ~/.node24 changes it must look again.
hash -r
if ! node_is_recent; then
	export PATH="$HOME/.node24/bin:$PATH"
	hash -r
	if ! node_is_recent; then
		echo "Installing Node 24 into ~/.node24 (this machine has $(node -v 2>/dev/null || echo 'no node'))" >&2
		npm install -g --prefix "$HOME/.node24" node@24 >&2
		hash -r
	fi
fi
node_is_recent || { echo "Could not get Node >= 22.12 on PATH (node is $(command -v node || echo missing))" >&2; return 1 2>/dev/null || exit 1; }
