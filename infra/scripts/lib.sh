# Shared by start.sh, test.sh and bench-sync.sh: make a fresh machine ready, idempotently.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PES_CACHE=${PES_CACHE:-$HOME/.cache/pes}
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
PNPM=(corepack pnpm)

say() { printf '\033[1m[pes]\033[0m %s\n' "$*" >&2; }

ensure_workspace() {
  cd "$ROOT"
  # pnpm is pinned (with its hash) in package.json; corepack fetches exactly that version.
  corepack enable pnpm >/dev/null 2>&1 || true
  local stamp="node_modules/.pes-lock-stamp" want
  want=$(sha256sum pnpm-lock.yaml | cut -c1-64)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing the workspace (pnpm install --frozen-lockfile)"
    "${PNPM[@]}" install --frozen-lockfile --reporter=append-only >&2
    echo "$want" >"$stamp"
  fi
}

STARTED_KAFKA=""
ensure_kafka() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    say "using the Kafka cluster at $KAFKA_BROKERS"
  else
    if ! bash "$ROOT/infra/kafka/kafka.sh" status dev; then
      bash "$ROOT/infra/kafka/kafka.sh" start dev 19092
      STARTED_KAFKA=dev
    fi
    export KAFKA_BROKERS=127.0.0.1:19092
  fi
  "${PNPM[@]}" --filter @pes/sync --silent provision >&2
}

stop_kafka_if_started() {
  if [ -n "$STARTED_KAFKA" ] && [ -z "${PES_KEEP_KAFKA:-}" ]; then bash "$ROOT/infra/kafka/kafka.sh" stop "$STARTED_KAFKA"; fi
}

# The console's browser tests drive Debian's chromium with playwright-core (which downloads no browser),
# with a Chinese font so the screenshots they keep are readable.
ensure_chromium() {
  export PES_CHROMIUM=${PES_CHROMIUM:-/usr/bin/chromium}
  local want=()
  [ -x "$PES_CHROMIUM" ] || want+=(chromium)
  fc-list :lang=zh 2>/dev/null | grep -q . || want+=(fonts-wqy-microhei)
  [ ${#want[@]} -eq 0 ] && return 0
  say "installing Debian's ${want[*]} for the console's browser tests"
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y --no-install-recommends "${want[@]}" >&2 ||
    { "${sudo[@]}" apt-get update >&2 && "${sudo[@]}" apt-get install -y --no-install-recommends "${want[@]}" >&2; }
}

ensure_test_postgres() {
  export TEST_DATABASE_URL=${TEST_DATABASE_URL:-postgres://root@127.0.0.1:5432/postgres}
  if ! node -e "require('net').connect({host:new URL(process.argv[1]).hostname,port:new URL(process.argv[1]).port||5432}).on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))" "$TEST_DATABASE_URL"; then
    say "PostgreSQL is not reachable at $TEST_DATABASE_URL; start it or set TEST_DATABASE_URL"
    exit 1
  fi
}
