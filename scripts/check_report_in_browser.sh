#!/usr/bin/env bash
# Renders report.html files in headless Chromium to PNG screenshots, to look at them as a
# reader would. Optional: nothing in the build, the tests or CI needs it.
#
#   scripts/check_report_in_browser.sh [REPORT_HTML_OR_OUTPUT_DIR ...]
#
# Without arguments it analyses the bundled default dataset (output/lazega_lawfirm) and
# email-Eu-core (output/email_eu_core) with the release build and renders both reports.
# Screenshots go to $SHOTS (default /tmp/grapevine-report-shots): NAME.png, 1280 px wide.
# Needs Debian's chromium (`apt-get install -y chromium`). The page loads from a file: URL with
# networking switched off in the browser, so a report that needed the network would show holes.
set -euo pipefail

cd "$(dirname "$0")/.."
SHOTS=${SHOTS:-/tmp/grapevine-report-shots}
HEIGHT=${HEIGHT:-9000}
BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ]; then
    echo "check_report_in_browser: chromium not found; install it with: apt-get install -y chromium" >&2
    exit 2
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    cargo build --release --quiet
    bin=${CARGO_TARGET_DIR:-target}/release/grapevine
    "$bin" analyze --out output/lazega_lawfirm > /dev/null
    "$bin" analyze --dataset email_eu_core --out output/email_eu_core > /dev/null
    targets=(output/lazega_lawfirm output/email_eu_core)
fi

mkdir -p "$SHOTS"
for t in "${targets[@]}"; do
    [ -d "$t" ] && t="$t/report.html"
    if [ ! -f "$t" ]; then
        echo "check_report_in_browser: $t: no such report" >&2
        exit 1
    fi
    name=$(basename "$(dirname "$(realpath "$t")")")
    profile=$(mktemp -d)
    "$BROWSER" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --proxy-server=127.0.0.1:9 --hide-scrollbars \
        --user-data-dir="$profile" --window-size=1280,"$HEIGHT" \
        --screenshot="$SHOTS/$name.png" "file://$(realpath "$t")" 2> "$profile/stderr.txt" \
        || { cat "$profile/stderr.txt" >&2; rm -rf "$profile"; exit 1; }
    rm -rf "$profile"
    echo "$SHOTS/$name.png"
done
