#!/usr/bin/env bash
# Runs the whole test suite on a machine that has the .NET SDK, Node.js and apt-get.
# It installs what the tests need (Azurite and axe-core from npm, Debian's chromium for browser tests, PostgreSQL 15,
# nginx for the tests of several instances behind a load balancer),
# starts a throwaway PostgreSQL cluster of its own, runs the unit and integration tests on SQLite and again on
# PostgreSQL and, alongside them, the browser tests once (on PostgreSQL), stops the cluster, and ends with one line:
# "N passed, N failed, N skipped" (and one such line per run before it).
# Arguments are passed to every `dotnet test` (e.g. --filter).
#
# ./test.sh --fast runs the unit tests only (trait Category=Unit: domain rules, formulas, parsers, resource
# coverage): it needs nothing but the .NET SDK, installs nothing, starts no server, database or browser, and ends
# with the same "N passed, N failed, N skipped" line.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

if [ "${1:-}" = "--fast" ]; then
    shift
    results="$root/TestResults/fast"
    rm -rf "$results"
    echo "==> dotnet build tests/CompetitionSite.Tests"
    dotnet build tests/CompetitionSite.Tests -c Release -v quiet -nologo || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
    echo "==> dotnet test tests/CompetitionSite.Tests (unit tests only)"
    started=$SECONDS
    dotnet test tests/CompetitionSite.Tests -c Release --no-build --filter "Category=Unit" --logger "trx" \
        --results-directory "$results" "$@"
    status=$?
    echo "==> unit tests took $((SECONDS - started)) s"
    counters=$(cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | head -1)
    count() { local v; v=$(printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'); echo "${v:-0}"; }
    if [ -z "$counters" ]; then echo "0 passed, 1 failed, 0 skipped"; exit 1; fi
    failed=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
    echo "$(count passed) passed, $failed failed, $(count notExecuted) skipped"
    [ "$failed" = "0" ] && [ "$status" = "0" ]
    exit $?
fi

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
apt_updated=""
apt_install() {
    if [ -z "$apt_updated" ]; then $SUDO apt-get update -q >/dev/null; apt_updated=1; fi
    $SUDO apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

echo "==> Installing test tools from npm (Azurite, axe-core)"
npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; exit 1; }

if [ ! -x /usr/bin/chromium ]; then
    echo "==> Installing Debian's chromium for the browser tests"
    apt_install chromium fonts-dejavu-core || { echo "apt-get install chromium failed"; exit 1; }
fi

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "==> Installing Debian's PostgreSQL for the tests on PostgreSQL"
    apt_install postgresql || { echo "apt-get install postgresql failed"; exit 1; }
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

if [ ! -x /usr/sbin/nginx ] && ! command -v nginx >/dev/null 2>&1; then
    echo "==> Installing Debian's nginx for the tests of several instances behind a load balancer"
    apt_install nginx || { echo "apt-get install nginx failed"; exit 1; }
fi

# A throwaway cluster: its own folder, a free port, no durability (nothing in it outlives the run). initdb refuses
# to run as root, so as root the cluster belongs to the postgres user.
pg_dir=$(mktemp -d /tmp/cs-tests-pg.XXXXXX)
pg_port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')
as_pg=()
if [ "$(id -u)" = "0" ]; then chown postgres "$pg_dir"; as_pg=(runuser -u postgres --); fi
stop_pg() { "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pg_dir"; }
echo "==> Starting a throwaway PostgreSQL ($("$pg_bin/postgres" --version | awk '{print $NF}')) on port $pg_port"
(cd "$pg_dir" && "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 --no-sync >"$pg_dir/initdb.log" 2>&1) \
    || { cat "$pg_dir/initdb.log"; echo "initdb failed"; exit 1; }
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -o \
    "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$pg_dir/server.log"; echo "PostgreSQL did not start"; exit 1; }
trap stop_pg EXIT
export CS_TEST_POSTGRESQL="Host=127.0.0.1;Port=$pg_port;Username=postgres"

results="$root/TestResults"
rm -rf "$results"
status=0
echo "==> dotnet build"
dotnet build CompetitionSite.sln -c Release -v quiet -nologo || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

run() { # name, project, then dotnet test arguments; returns dotnet test's exit code
    local name=$1 project=$2; shift 2
    echo "==> dotnet test $project ($name)"
    local started=$SECONDS rc=0
    dotnet test "$project" -c Release --no-build --logger "trx" --logger "console;verbosity=normal" \
        --results-directory "$results/$name" "$@" || rc=$?
    echo "==> $name took $((SECONDS - started)) s"
    return $rc
}

mkdir -p "$results"
# The browser journeys once, on PostgreSQL, alongside the two other passes: they spend most of their time waiting on
# Chromium and on emulated slow links, which fits beside the busier passes. Their output follows at the end.
echo "==> dotnet test tests/CompetitionSite.EndToEnd (browser-postgresql) starts alongside; its output follows the other passes"
(CS_TEST_DATABASE=PostgreSql run browser-postgresql tests/CompetitionSite.EndToEnd "$@") > "$results/browser-postgresql.log" 2>&1 &
browser=$!
# Unit and integration tests on SQLite (the default database); those marked [PostgreSqlFact] use the cluster too.
run sqlite tests/CompetitionSite.Tests "$@" || status=$?
# The same on PostgreSQL, but for the tests about SQLite itself (trait Database=SqliteOnly), the unit tests (trait
# Category=Unit: they open no database, so a second pass would repeat them to the byte) and the tests of the file
# stores (trait Database=Independent: the stores never touch the database): a database per site.
CS_TEST_DATABASE=PostgreSql run postgresql tests/CompetitionSite.Tests --filter "Database!=SqliteOnly&Database!=Independent&Category!=Unit" "$@" || status=$?
wait $browser || status=$?
cat "$results/browser-postgresql.log"

summary=$(node -e '
const fs = require("fs"), path = require("path");
const root = process.argv[1];
let total = { passed: 0, failed: 0, skipped: 0 }, files = 0;
for (const run of (fs.existsSync(root) ? fs.readdirSync(root) : [])) {
  const dir = path.join(root, run);
  if (!fs.statSync(dir).isDirectory()) continue;
  const counts = { passed: 0, failed: 0, skipped: 0 }, failures = [];
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith(".trx")) continue;
    files++;
    const xml = fs.readFileSync(path.join(dir, f), "utf8");
    const m = xml.match(/<Counters\b[^>]*>/);
    if (!m) continue;
    const get = (k) => { const r = m[0].match(new RegExp("\\b" + k + "=\"(\\d+)\"")); return r ? +r[1] : 0; };
    counts.passed += get("passed");
    counts.failed += get("failed") + get("error") + get("timeout") + get("aborted");
    counts.skipped += get("notExecuted");
    // The failed tests by name with the first lines of their message: CI keeps only the end of the output.
    for (const r of xml.matchAll(/<UnitTestResult\b[^>]*\btestName="([^"]*)"[^>]*\boutcome="(Failed|Error|Timeout|Aborted)"[^>]*>([\s\S]*?)<\/UnitTestResult>/g)) {
      const msg = (r[3].match(/<Message>([\s\S]*?)<\/Message>/) || [, ""])[1]
        .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&apos;/g, "\u0027").replace(/&amp;/g, "&")
        .split("\n").slice(0, 4).map(l => l.trim()).filter(Boolean).join(" | ");
      failures.push(`${r[1].replace(/&quot;/g, "\"").replace(/&amp;/g, "&")}: ${msg.slice(0, 600)}`);
    }
  }
  console.error(`${run}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  for (const f of failures) console.error(`  FAILED (${run}) ${f}`);
  for (const k in total) total[k] += counts[k];
}
if (files === 0) { console.log("0 passed, 1 failed, 0 skipped"); process.exit(0); }
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
' "$results")
echo "$summary"
case "$summary" in
    *" 0 failed,"*) [ "$status" = "0" ] || exit "$status" ;;
    *) exit 1 ;;
esac
