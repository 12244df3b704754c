#!/usr/bin/env bash
# Interoperability: the official Google Gen AI SDKs, pinned, against the
# gemini-fake binary on 127.0.0.1 (a fresh fake for each SDK).
#
#   fake/interop/run.sh [PATH/TO/gemini-fake]   # default target/debug/gemini-fake
#   fake/interop/run.sh --install-only          # only install the SDKs (CI does it early)
#
# Then runs the travel assistant app on google-genai (travel_python.py) and on
# the gemini crate (target/debug/examples/travel, or $TRAVEL_EXAMPLE) against a
# fake with travel_script.json, and checks that both print the same facts.
#
# Installs google-genai into a virtualenv and @google/genai into a folder,
# both under target/interop/ (pip keeps no cache, npm its cache there), so nothing outside
# the repository is written; a second run reuses them. Prints each check, a
# line per SDK and `interop: N passed, N failed`. Fails when a check or a
# script fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON_SDK=3.6.1
JS_SDK=2.32.0
fake=${1:-target/debug/gemini-fake}
work=target/interop
mkdir -p "$work"
# Loopback only: never send the SDKs' requests through a proxy.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset GOOGLE_API_KEY GEMINI_API_KEY

install_python_sdk() {
    local venv=$work/venv
    if "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('google-genai') != '$PYTHON_SDK')" 2>/dev/null; then
        return
    fi
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --no-cache-dir --disable-pip-version-check "google-genai==$PYTHON_SDK"
}

install_js_sdk() {
    local dir=$work/js
    if [ "$(node -p "require('./$dir/node_modules/@google/genai/package.json').version" 2>/dev/null)" = "$JS_SDK" ]; then
        return
    fi
    mkdir -p "$dir"
    [ -f "$dir/package.json" ] || echo '{"private": true}' > "$dir/package.json"
    (cd "$dir" && npm install --silent --no-audit --no-fund --cache ../npm-cache "@google/genai@$JS_SDK")
}

fake_pid=
stop_fake() {
    if [ -n "$fake_pid" ]; then
        kill "$fake_pid" 2>/dev/null || true
        wait "$fake_pid" 2>/dev/null || true
        fake_pid=
    fi
}
trap stop_fake EXIT

# Starts a fresh fake with a script (default: the interop script), accepting
# the key the SDK scripts send (interop-key); sets fake_pid and base_url.
start_fake() {
    local script=${1:-fake/interop/script.json} out=$work/fake.out
    # Empty it first: the loop below must not read the previous fake's address.
    : > "$out"
    "$fake" --port 0 --tuning-time 1s --processing-time 0.5s --script "$script" --api-key interop-key > "$out" 2>&1 &
    fake_pid=$!
    base_url=
    for _ in $(seq 100); do
        base_url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out" || true)
        [ -n "$base_url" ] && return
        kill -0 "$fake_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "gemini-fake did not start:" >&2
    cat "$out" >&2
    exit 1
}

passed=0 failed=0
# Runs one SDK's script (its output ends with `NAME: N passed, N failed`).
run_sdk() {
    local name=$1
    shift
    start_fake
    local log=$work/$name.log status=0
    timeout 300 "$@" "$base_url" > "$log" 2>&1 || status=$?
    stop_fake
    cat "$log"
    local summary
    summary=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed$" "$log" | tail -1 || true)
    if [ -z "$summary" ]; then
        echo "$name: the script ended without its summary (exit status $status)"
        failed=$((failed + 1))
        return
    fi
    read -r p f < <(echo "$summary" | awk '{print $2, $4}')
    passed=$((passed + p)) failed=$((failed + f))
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "$name: the script failed (exit status $status)"
        failed=$((failed + 1))
    fi
}

# Runs the travel assistant app `name` (a command taking the base URL) against
# a fresh fake with the travel script; it passes when it exits 0.
run_travel_app() {
    local name=$1
    shift
    start_fake fake/interop/travel_script.json
    local status=0
    GEMINI_API_KEY=interop-key timeout 300 "$@" "$base_url" > "$work/$name.log" 2>&1 || status=$?
    stop_fake
    cat "$work/$name.log"
    if [ "$status" -eq 0 ]; then
        passed=$((passed + 1))
    else
        echo "$name: the app failed (exit status $status)"
        failed=$((failed + 1))
    fi
}

echo "-- installing google-genai $PYTHON_SDK and @google/genai $JS_SDK under $work"
install_python_sdk
install_js_sdk
[ "${1:-}" = --install-only ] && exit 0

echo "-- google-genai $PYTHON_SDK (Python)"
run_sdk python "$work/venv/bin/python" fake/interop/python_sdk.py
echo "-- @google/genai $JS_SDK (JS)"
run_sdk js node fake/interop/js_sdk.mjs "$work/js"

echo "-- the travel assistant on google-genai $PYTHON_SDK"
run_travel_app travel_python "$work/venv/bin/python" fake/interop/travel_python.py
echo "-- the travel assistant on the gemini crate"
run_travel_app travel_rust "${TRAVEL_EXAMPLE:-target/debug/examples/travel}"

# Both apps print the same facts; only the errors' wording is the SDK's own.
echo "-- the travel assistants print the same facts"
facts() { sed -E 's/^(bad key|unknown model): .*/\1: …/' "$work/$1.log"; }
if diff <(facts travel_python) <(facts travel_rust); then
    passed=$((passed + 1))
else
    echo "travel: the two apps printed different facts"
    failed=$((failed + 1))
fi

echo "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
