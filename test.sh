#!/usr/bin/env bash
# Runs the whole test suite on a machine that has the .NET SDK, Node.js and apt-get.
# It installs what the tests need (Azurite and axe-core from npm, Debian's chromium for browser tests),
# runs every test project, and ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

echo "==> Installing test tools from npm (Azurite, axe-core)"
npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; exit 1; }

if [ ! -x /usr/bin/chromium ]; then
    echo "==> Installing Debian's chromium for the browser tests"
    SUDO=""
    if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null \
        || { echo "apt-get install chromium failed"; exit 1; }
fi

results="$root/TestResults"
rm -rf "$results"
status=0
echo "==> dotnet test"
dotnet test CompetitionSite.sln -c Release --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?

summary=$(node -e '
const fs = require("fs"), path = require("path");
const dir = process.argv[1];
let passed = 0, failed = 0, skipped = 0, files = 0;
for (const f of (fs.existsSync(dir) ? fs.readdirSync(dir) : [])) {
  if (!f.endsWith(".trx")) continue;
  files++;
  const xml = fs.readFileSync(path.join(dir, f), "utf8");
  const m = xml.match(/<Counters\b[^>]*>/);
  if (!m) continue;
  const get = (k) => { const r = m[0].match(new RegExp("\\b" + k + "=\"(\\d+)\"")); return r ? +r[1] : 0; };
  passed += get("passed");
  failed += get("failed") + get("error") + get("timeout") + get("aborted");
  skipped += get("notExecuted");
}
if (files === 0) { console.log("0 passed, 1 failed, 0 skipped"); process.exit(0); }
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results")
echo "$summary"
case "$summary" in
    *" 0 failed,"*) [ "$status" = "0" ] || exit "$status" ;;
    *) exit 1 ;;
esac
