#!/usr/bin/env bash
# `npm test`: every test, from a fresh clone of a Debian machine. Gets Node 24 when the
# machine's is older, Chromium, redis-server and pdftotext from apt when missing (as root, or
# with sudo), starts a Redis on 127.0.0.1:6379 when none answers (and stops only that one),
# installs dependencies and runs svelte-check, the unit and integration tests, the build and
# the Playwright journeys.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
echo "node $(node -v), npm $(npm -v)"

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
	echo "Installing from apt: ${missing[*]}"
	sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null 2>&1 || { echo "Need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1; }
		sudo=(sudo)
	fi
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

redis_answers() {
	# Plain bash, so it works before redis-tools is installed.
	(exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && read -r -t 2 reply <&3 && [[ "$reply" == +PONG* ]]) 2>/dev/null
}
if [ -z "${REDIS_URL:-}" ] && ! redis_answers; then
	redis_dir=$(mktemp -d)
	echo "Starting redis-server on 127.0.0.1:6379 (stopped again when the tests end)"
	redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no \
		--dir "$redis_dir" --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log"
	trap 'kill "$(cat "$redis_dir/redis.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$redis_dir"' EXIT
	for _ in $(seq 1 50); do redis_answers && break; sleep 0.1; done
	redis_answers || { echo "Redis did not start: $(cat "$redis_dir/redis.log")" >&2; exit 1; }
fi

source scripts/ensure-deps.sh
npm run test:all
