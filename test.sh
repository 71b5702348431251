#!/usr/bin/env bash
# Runs every test: unit, integration on SQLite and on PostgreSQL, and browser (Chromium).
# As root it installs what it needs (postgresql, chromium) with apt-get. PostgreSQL runs as a
# throwaway cluster on a loopback port for the length of the run.
# MAILLAGE_REQUIRE_ALL=1 makes a missing PostgreSQL or Chromium a failure instead of a skip.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

have_pg() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
have_chromium() { [ -x /usr/bin/chromium ]; }

if [ "$(id -u)" = 0 ]; then
  need=()
  have_pg || need+=(postgresql)
  have_chromium || need+=(chromium)
  if [ ${#need[@]} -gt 0 ]; then
    echo "==> apt-get install ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

echo "==> npm ci"
npm ci --no-audit --no-fund --loglevel=error

echo "==> build"
dotnet build Maillage.slnx -c Release --nologo -v quiet
# The browser tests drive the real published app through ./maillage; build it now, outside the timed tests.
./maillage help >/dev/null

pgdir=""
cleanup() { [ -n "$pgdir" ] && scripts/pg-cluster.sh stop "$pgdir"; }
trap cleanup EXIT
if have_pg; then
  pgdir=$(mktemp -d /tmp/maillage-pg.XXXXXX)
  port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  export MAILLAGE_TEST_PG=$(scripts/pg-cluster.sh start "$pgdir" "$port")
  echo "==> PostgreSQL test cluster on 127.0.0.1:$port"
else
  echo "==> PostgreSQL not installed: its tests will be skipped (run as root to install it)"
fi
have_chromium || echo "==> Chromium not installed: browser tests will be skipped (run as root to install it)"

log=$(mktemp)
status=0
for project in tests/Maillage.Tests tests/Maillage.BrowserTests; do
  echo "==> dotnet test $project"
  dotnet test "$project" -c Release --no-build --nologo 2>&1 | tee -a "$log" || status=1
done

# One closing line for the whole run.
awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ { f += $2; p += $4; s += $6 } END { printf "total: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
