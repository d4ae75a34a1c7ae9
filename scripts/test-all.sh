#!/usr/bin/env bash
# Every test the project has: static checks, unit, integration (SQLite, and PostgreSQL when
# TEST_POSTGRES_URL is set), API over HTTP, and end-to-end in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-chromium.sh

if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  if ! node -e "const {Client}=require('pg');const c=new Client({connectionString:process.env.TEST_POSTGRES_URL});c.connect().then(()=>c.end()).catch(()=>process.exit(1))"; then
    echo "PostgreSQL at TEST_POSTGRES_URL is not reachable; trying to start the local cluster" >&2
    if command -v pg_ctlcluster >/dev/null; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
      sleep 2
    fi
  fi
else
  echo "TEST_POSTGRES_URL is not set: the PostgreSQL variants of the query and engine tests will be skipped." >&2
fi

echo "== lint and types"
npx biome check .
npx tsc --noEmit -p .

echo "== build"
npx remix build

echo "== unit, integration and API tests"
npx vitest run

if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  echo "== the API journeys again, with the server on PostgreSQL"
  API_TEST_BACKEND=postgres npx vitest run test/api/proposal-api.test.ts test/api/enterprise-api.test.ts test/api/supervision-api.test.ts
fi

echo "== end-to-end (Playwright, Chromium)"
npx playwright test

echo "== benchmark smoke (2,000 cases, short runs: keeps npm run bench working, asserts no speed)"
npx tsx scripts/bench.ts --cases 2000 --smoke --db bench/tmp/smoke.db --port 3489
