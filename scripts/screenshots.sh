#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png (the dashboard, a goal page and the
# packet of the example journal, 1280 x 900 px) with the browser tests'
# screenshot test. Needs Chromium (see scripts/browser-tests.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/screenshots
DOSSIER_SCREENSHOTS="$PWD/docs/screenshots" \
  cargo test --locked --test browser -- --ignored --exact screenshots_of_the_dashboard_a_goal_and_the_packet
for png in docs/screenshots/*.png; do
  size=$(wc -c <"$png")
  if ((size > 400 * 1024)); then
    echo "$png is $size bytes: keep screenshots under 400 KB" >&2
    exit 1
  fi
  echo "$png: $size bytes"
done
