#!/usr/bin/env bash
# Builds the solution once and runs every test project, with the services the tests need:
# Azurite (installed from package-lock.json) on a free loopback port, in memory.
# Ends with one line of totals taken from the test results: "N passed, N failed, N skipped".
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
configuration="${CONFIGURATION:-Release}"
results="$root/artifacts/test-results"
azurite_pid=""

cleanup() {
  if [[ -n "$azurite_pid" ]] && kill -0 "$azurite_pid" 2>/dev/null; then
    kill "$azurite_pid" 2>/dev/null || true
    wait "$azurite_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();});"
}

wait_for_port() {
  local port="$1"
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  echo "Azurite did not start listening on 127.0.0.1:$port" >&2
  return 1
}

echo "==> Installing Node tools (Azurite) from package-lock.json"
npm ci --no-audit --no-fund --loglevel=error

echo "==> Building ($configuration)"
if ! dotnet build EdgeFunctions.sln -c "$configuration" -warnaserror -warnnotaserror:NU1603 -nologo -v:minimal; then
  echo "0 passed, 0 failed (the build failed, so no test ran)"
  exit 1
fi

echo "==> Starting Azurite (tables, in memory)"
table_port="$(free_port)"
"$root/node_modules/.bin/azurite-table" --tableHost 127.0.0.1 --tablePort "$table_port" \
  --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl --silent >"$root/artifacts/azurite.log" 2>&1 &
azurite_pid=$!
wait_for_port "$table_port"
export EDGE_TEST_AZURITE_TABLE_PORT="$table_port"
export EDGE_TEST_AZURITE_BIN="$root/node_modules/.bin/azurite-table"

echo "==> Testing"
rm -rf "$results"
mkdir -p "$results"
set +e
dotnet test EdgeFunctions.sln -c "$configuration" --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
test_exit=$?
set -e

# Totals come from the TRX files each test project wrote, not from console output.
node "$root/scripts/trx-totals.js" "$results"
summary_exit=$?
if [[ $test_exit -ne 0 || $summary_exit -ne 0 ]]; then
  exit 1
fi
