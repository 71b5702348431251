#!/usr/bin/env bash
# Builds Maillage, installs its assets and reference data, creates the database, loads the demo
# territory and serves the app at http://127.0.0.1:5080. Needs only the .NET SDK and Node/npm.
set -euo pipefail
cd "$(dirname "$0")"

command -v dotnet >/dev/null || { echo "run.sh: the .NET SDK (dotnet) is required" >&2; exit 1; }
command -v npm >/dev/null || { echo "run.sh: Node.js and npm are required" >&2; exit 1; }

echo "==> Front-end assets and reference geography (npm ci)"
npm ci --no-audit --no-fund --loglevel=error

echo "==> Database (${MAILLAGE_DB:-data/maillage.db}) and official geography"
./maillage geo import

echo "==> Demo territory and accounts"
./maillage demo load

echo
echo "==> Maillage is starting at http://127.0.0.1:5080 (Ctrl+C to stop)"
exec ./maillage serve --urls http://127.0.0.1:5080
