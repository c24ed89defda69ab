#!/usr/bin/env bash
# The whole test suite (`npm test`): installs what is missing, then runs every stage even when an earlier
# one failed, and ends with one line "N passed, N failed". Jest stages count their tests; every other
# stage (typecheck, lint, format, build, compose) counts as one test.
set -uo pipefail

cd "$(dirname "$0")/.."

passed=0
failed=0
summary=()
results_dir="$(mktemp -d "${TMPDIR:-/tmp}/conduit-test.XXXXXX")"
trap 'rm -rf "$results_dir"' EXIT
suite_start=$SECONDS

header() {
  printf '\n==== %s ====\n' "$1"
}

record() { # name passed failed seconds
  passed=$((passed + $2))
  failed=$((failed + $3))
  summary+=("$(printf '%-12s %5d passed %5d failed %5ds' "$1" "$2" "$3" "$4")")
  printf -- '---- %s: %d passed, %d failed (%ds)\n' "$1" "$2" "$3" "$4"
}

# A stage that is one command: it passes when the command exits 0.
command_stage() { # name command...
  local name=$1 start=$SECONDS
  shift
  header "$name: $*"
  if "$@"; then
    record "$name" 1 0 $((SECONDS - start))
  else
    record "$name" 0 1 $((SECONDS - start))
  fi
}

# A Jest stage: counts come from Jest's JSON report. A suite that failed to load counts as a failed
# test, and so does a non-zero exit with nothing failed in the report (e.g. Jest itself crashed).
jest_stage() { # name jest-args...
  local name=$1 start=$SECONDS report="$results_dir/$1.json"
  shift
  header "$name: jest $*"
  npx jest "$@" --json --outputFile="$report"
  local code=$?
  local counts
  counts="$(node -e '
    const fs = require("fs");
    try {
      const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      console.log(`${r.numPassedTests} ${r.numFailedTests + r.numRuntimeErrorTestSuites}`);
    } catch {
      console.log("0 0");
    }' "$report")"
  local p=${counts% *} f=${counts#* }
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "$name: jest exited with code $code" >&2
    f=1
  fi
  record "$name" "$p" "$f" $((SECONDS - start))
}

# A Playwright stage (the browser tests, playwright.config.ts): counts come from its JSON report,
# test-results/browser-report.json (stats.expected passed; stats.unexpected and stats.flaky failed). A run
# that leaves no report, or fails with nothing failed in it, counts as one failed test.
playwright_stage() { # name playwright-args...
  local name=$1 start=$SECONDS report=test-results/browser-report.json
  shift
  header "$name: playwright test $*"
  rm -f "$report"
  bash test/host/install-flavours.sh && npx playwright test "$@"
  local code=$?
  local counts
  counts="$(node -e '
    const fs = require("fs");
    try {
      const s = JSON.parse(fs.readFileSync(process.argv[1], "utf8")).stats;
      console.log(`${s.expected} ${s.unexpected + s.flaky}`);
    } catch {
      console.log("0 0");
    }' "$report")"
  local p=${counts% *} f=${counts#* }
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "$name: playwright exited with code $code" >&2
    f=1
  fi
  record "$name" "$p" "$f" $((SECONDS - start))
}

# Typecheck: the workspaces and Jest tests (npm run typecheck), then each browser-test project that has a
# tsconfig. Every project is checked even when an earlier one failed; the stage still counts as one test.
typecheck_all() {
  local ok=0 dir
  npm run typecheck || ok=1
  for dir in test/host test/browser test/e2e-grafana; do
    if [ -f "$dir/tsconfig.json" ]; then
      echo "tsc --noEmit -p $dir"
      npx tsc --noEmit -p "$dir" || ok=1
    fi
  done
  return $ok
}

header "dependencies: scripts/install-test-deps.sh"
if ! bash scripts/install-test-deps.sh; then
  echo "Could not install the test dependencies; no stage can run." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

command_stage typecheck typecheck_all
command_stage lint npm run lint
command_stage format npx prettier --check --log-level warn .
jest_stage unit --selectProjects core plugins
command_stage build npm run build
jest_stage integration --selectProjects integration --runInBand
command_stage compose docker-compose -f docker-compose.yml config -q
# Browser tests: the built plugins in Chromium under the Grafana 12 (React 18) and 13 (React 19) test hosts.
playwright_stage browser

header "summary ($((SECONDS - suite_start))s)"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
