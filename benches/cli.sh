#!/usr/bin/env bash
# The CLI benchmark of bedside (issue 7): times `bedside analyze` on large generated exports
# against the floor (parse only) and the tools people use today, in one run, and writes
# benches/RESULTS.md. See usage() for what it runs.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: benches/cli.sh [options]

Generates (or reuses) seeded synthetic Brandwatch-style exports of each size, then times on
each, with /usr/bin/time -v (wall clock, peak RSS):

  parse only         bedside inspect EXPORT            (reads and maps every record)
  bedside analyze    bedside analyze EXPORT --providers datasets/demo/providers.csv
                     --out DIR --threads N              (for each N of --threads)
  scorers            score_export example: every accepted text scored by vader-sentimental
                     0.1.3, bedside's VADER port and the default bedside scorer (1 thread),
                     and by the whole scoring core (Pipeline::analyze: providers, topics,
                     targets, staff, waits, PHI) on each N of --threads
  Python VADER       vaderSentiment 3.3.2 scoring every non-blank text (csv module)
  pandas + VADER     pandas read_csv, clean, provider by alias regex, VADER, group by provider

and checks bedside's "read N, accepted A, rejected R" against what the generator wrote, and
that the outputs of analyze are identical at every thread count. Results: --results (default
benches/RESULTS.md) and a record of the run (raw.csv, logs) under --runs-dir.

Options:
  --sizes N[,N...]      export sizes in mentions (default 1000000,10000000)
  --seed S              generator seed (default 7)
  --threads N[,N...]    thread counts for bedside analyze (default 1,2)
  --baseline-rows N|all the Python baselines read at most the first N rows of an export
                        (default 1000000; their throughput is then stated for that prefix)
  --skip-python         skip the Python baselines (no venv needed)
  --work-dir DIR        exports and scratch outputs (default $BEDSIDE_BENCH_DIR, else
                        target/bench-cli); exports are cached there by size, seed and
                        generator version
  --results FILE        results file (default benches/RESULTS.md)
  --runs-dir DIR        where the record of the run goes (default benches/runs)
  --machine NAME        machine label of the run record (default: the host name)
  --mem-limit-gib N     virtual memory limit of each measured command (ulimit -v), so that
                        a run that outgrows the machine fails alone instead of calling the
                        OOM killer on its neighbours (default: 80% of the memory available
                        at the start; 0 for none)
  -h, --help            show this help

Environment:
  BEDSIDE_BENCH_VENV    a Python venv to use (needs vaderSentiment==3.3.2 and pandas); default
                        benches/.venv, created with benches/requirements.txt when missing
  BEDSIDE_BENCH_DIR     default of --work-dir
  CARGO_TARGET_DIR      where cargo builds (release binaries are taken from there)

Quick run: benches/cli.sh --sizes 100000
EOF
}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES="1000000,10000000"
SEED=7
THREADS="1,2"
BASELINE_ROWS=1000000
SKIP_PYTHON=0
WORK="${BEDSIDE_BENCH_DIR:-$REPO/target/bench-cli}"
RESULTS="$REPO/benches/RESULTS.md"
RUNS_DIR="$REPO/benches/runs"
MACHINE=$(uname -n)
VENV="${BEDSIDE_BENCH_VENV:-$REPO/benches/.venv}"
PROVIDERS="$REPO/datasets/demo/providers.csv"
MEM_LIMIT_GIB=""

die() {
    echo "cli.sh: $*" >&2
    exit 2
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --sizes) SIZES=${2:?--sizes needs a value}; shift 2 ;;
        --seed) SEED=${2:?--seed needs a value}; shift 2 ;;
        --threads) THREADS=${2:?--threads needs a value}; shift 2 ;;
        --baseline-rows) BASELINE_ROWS=${2:?--baseline-rows needs a value}; shift 2 ;;
        --skip-python) SKIP_PYTHON=1; shift ;;
        --work-dir) WORK=${2:?--work-dir needs a value}; shift 2 ;;
        --results) RESULTS=${2:?--results needs a value}; shift 2 ;;
        --runs-dir) RUNS_DIR=${2:?--runs-dir needs a value}; shift 2 ;;
        --machine) MACHINE=${2:?--machine needs a value}; shift 2 ;;
        --mem-limit-gib) MEM_LIMIT_GIB=${2:?--mem-limit-gib needs a value}; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown option $1" ;;
    esac
done

WORK=$(realpath -m "$WORK")
RESULTS=$(realpath -m "$RESULTS")
RUNS_DIR=$(realpath -m "$RUNS_DIR")
IFS=, read -r -a SIZE_LIST <<<"$SIZES"
IFS=, read -r -a THREAD_LIST <<<"$THREADS"
for n in "${SIZE_LIST[@]}" "${THREAD_LIST[@]}" "$SEED"; do
    [[ "$n" =~ ^[0-9]+$ && "$n" -gt 0 ]] || die "not a positive number: $n"
done
[[ "$BASELINE_ROWS" == all || "$BASELINE_ROWS" =~ ^[0-9]+$ ]] ||
    die "--baseline-rows: a number or 'all', not $BASELINE_ROWS"
if [[ -z "$MEM_LIMIT_GIB" ]]; then
    MEM_LIMIT_KB=$(awk '/^MemAvailable:/ {printf "%d", $2 * 0.8}' /proc/meminfo)
else
    [[ "$MEM_LIMIT_GIB" =~ ^[0-9]+$ ]] || die "--mem-limit-gib: not a number: $MEM_LIMIT_GIB"
    MEM_LIMIT_KB=$((MEM_LIMIT_GIB * 1024 * 1024))
fi

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------

if ! /usr/bin/time -v true 2>/dev/null; then
    die "needs GNU time at /usr/bin/time (Debian/Ubuntu: apt-get install time)"
fi
command -v cargo >/dev/null || die "needs cargo"
command -v python3 >/dev/null || die "needs python3 (it also writes the results table)"

TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
echo "== building release binaries (target dir $TARGET_DIR)" >&2
(cd "$REPO" && cargo build --release --locked -p bedside-cli)
# The helpers without default features: they do not need polars.
(cd "$REPO" && cargo build --release --locked -p bedside-benches --no-default-features \
    --example gen_export --example score_export)
BEDSIDE="$TARGET_DIR/release/bedside"
GEN_EXPORT="$TARGET_DIR/release/examples/gen_export"
SCORE_EXPORT="$TARGET_DIR/release/examples/score_export"

PYTHON=""
if [[ "$SKIP_PYTHON" == 0 ]]; then
    if [[ ! -x "$VENV/bin/python" ]]; then
        [[ -z "${BEDSIDE_BENCH_VENV:-}" ]] || die "BEDSIDE_BENCH_VENV=$VENV has no bin/python"
        echo "== creating $VENV" >&2
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install --quiet -r "$REPO/benches/requirements.txt"
    fi
    PYTHON="$VENV/bin/python"
    "$PYTHON" - <<'PY' || die "$VENV: needs vaderSentiment==3.3.2 and pandas (pip install -r benches/requirements.txt)"
import importlib.metadata as m
import pandas, vaderSentiment  # noqa: F401
assert m.version("vaderSentiment") == "3.3.2", m.version("vaderSentiment")
PY
fi

# ---------------------------------------------------------------------------------------------
# The run record
# ---------------------------------------------------------------------------------------------

STAMP=$(date -u +%Y-%m-%dT%H%MZ)
RUN="$RUNS_DIR/$STAMP-$MACHINE"
mkdir -p "$RUN" "$WORK"
RAW="$RUN/raw.csv"
echo "size,tool,threads,rows_read,texts,wall_seconds,max_rss_kb,exit_status,check,note" >"$RAW"

{
    echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine=$MACHINE"
    echo "kernel=$(uname -sr)"
    lscpu | awk -F': *' '/^(Model name|Architecture|CPU\(s\)|Thread\(s\) per core|Core\(s\) per socket|Socket\(s\)|CPU max MHz|L2 cache|L3 cache):/ {
        key = tolower($1); gsub(/[^a-z0-9]+/, "_", key); sub(/_$/, "", key); print "cpu_" key "=" $2 }'
    free -b | awk '/^Mem:/ {printf "memory_total_gib=%.1f\nmemory_available_gib_at_start=%.1f\n", $2/2^30, $7/2^30}'
    echo "load_average_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "rustc=$(rustc -V)"
    echo "cargo=$(cargo -V)"
    echo "bedside_commit=$(git -C "$REPO" rev-parse --short=12 HEAD)$(git -C "$REPO" diff --quiet HEAD -- . 2>/dev/null || echo '-dirty')"
    if [[ -n "$PYTHON" ]]; then
        "$PYTHON" -c 'import importlib.metadata as m, platform
print("python=" + platform.python_version())
for p in ("vaderSentiment", "pandas", "numpy"):
    print(p + "=" + m.version(p))'
    fi
    echo "baseline_rows=$BASELINE_ROWS"
    echo "memory_limit_gib=$(awk -v kb="$MEM_LIMIT_KB" 'BEGIN {printf "%.1f", kb / 2^20}')"
} >"$RUN/machine.txt"

# measure LOG COMMAND...: runs COMMAND under /usr/bin/time -v with stdout and stderr in LOG.out
# and LOG.err; sets WALL (seconds), RSS_KB and STATUS. The command goes to commands.txt.
measure() {
    local log=$1
    shift
    printf '%s\t%s\n' "$(basename "$log")" "$*" >>"$RUN/commands.txt"
    STATUS=0
    (
        if [[ "$MEM_LIMIT_KB" != 0 ]]; then ulimit -v "$MEM_LIMIT_KB"; fi
        exec /usr/bin/time -v -o "$log.time" "$@"
    ) >"$log.out" 2>"$log.err" || STATUS=$?
    WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, part, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + part[i]
        printf "%.2f", s }' "$log.time")
    RSS_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log.time")
    [[ -n "$WALL" ]] || WALL=NA
    [[ -n "$RSS_KB" ]] || RSS_KB=NA
}

FAILED=0
# row SIZE TOOL THREADS ROWS TEXTS CHECK NOTE: appends a measurement to raw.csv; a FAIL in
# CHECK fails the run (after the results are written).
row() {
    [[ "$6" != *FAIL* ]] || FAILED=1
    echo "$1,$2,$3,$4,$5,$WALL,$RSS_KB,$STATUS,${6//,/;},${7//,/;}" >>"$RAW"
    printf '   %-22s threads %-2s rows %-9s texts %-9s wall %8ss  rss %8s kB  exit %s  %s\n' \
        "$2" "$3" "$4" "$5" "$WALL" "$RSS_KB" "$STATUS" "$6" >&2
}

# key FILE NAME: the value of NAME= in FILE (key=value lines).
key() {
    { sed -n "s/^$2=//p" "$1" 2>/dev/null || true; } | tail -n 1
}

# counts FILE: "read N, accepted A, rejected R" from bedside's output, as "N A R".
# Empty when the line is missing (a crashed run).
counts() {
    { grep -o 'read [0-9]*, accepted [0-9]*, rejected [0-9]*' "$1" || true; } | head -n 1 |
        sed 's/read \([0-9]*\), accepted \([0-9]*\), rejected \([0-9]*\)/\1 \2 \3/'
}

# verdict EXPECTED GOT: "ok" when equal, else "FAIL(expected ... got ...)".
verdict() {
    if [[ "$1" == "$2" ]]; then
        echo ok
    else
        echo "FAIL(expected $1 got $2)"
    fi
}

# The generator's sources (benches/examples/gen_export/), its templates and the providers.
GEN_KEY=$(cat "$REPO"/benches/examples/gen_export/*.rs \
    "$REPO"/benches/examples/gen_export/generator/*.rs \
    "$REPO/benches/data/phrases.txt" "$PROVIDERS" | sha256sum | cut -c1-12)

# About 425 bytes per mention in the export, and as much again in analyze's outputs (two runs'
# at once while their checksums are compared).
NEED_KB=0
for SIZE in "${SIZE_LIST[@]}"; do
    NEED_KB=$((NEED_KB + SIZE * 425 * 3 / 1024))
done
FREE_KB=$(df -Pk "$WORK" | awk 'NR == 2 {print $4}')
if [[ "$FREE_KB" -lt "$NEED_KB" ]]; then
    die "$WORK: about $((NEED_KB / 1048576)) GiB of disk needed, $((FREE_KB / 1048576)) GiB free (--work-dir elsewhere?)"
fi

for SIZE in "${SIZE_LIST[@]}"; do
    echo "== $SIZE mentions" >&2
    EXPORT="$WORK/export-$SIZE-seed$SEED-$GEN_KEY.csv"
    META="$EXPORT.meta"
    if [[ -s "$EXPORT" && -s "$META" && "$(key "$META" rows)" == "$SIZE" ]]; then
        echo "   reusing $EXPORT" >&2
    else
        rm -f "$EXPORT" "$META"
        measure "$RUN/gen-$SIZE" "$GEN_EXPORT" --rows "$SIZE" --seed "$SEED" \
            --providers "$PROVIDERS" --out "$EXPORT.tmp" --meta "$META.tmp"
        [[ "$STATUS" == 0 ]] || die "gen_export failed, see $RUN/gen-$SIZE.err"
        echo "sha256=$(sha256sum "$EXPORT.tmp" | cut -d' ' -f1)" >>"$META.tmp"
        echo "generate_seconds=$WALL" >>"$META.tmp"
        mv "$EXPORT.tmp" "$EXPORT"
        mv "$META.tmp" "$META"
    fi
    cp "$META" "$RUN/export-$SIZE.meta"
    EXPECTED="$SIZE $(key "$META" expected_accepted) $(key "$META" expected_rejected)"
    ACCEPTED=$(key "$META" expected_accepted)
    # Every tool reads the export from the page cache.
    cat "$EXPORT" >/dev/null

    LOG="$RUN/$SIZE-parse-only"
    measure "$LOG" "$BEDSIDE" inspect "$EXPORT"
    got=$(counts "$LOG.out")
    row "$SIZE" parse_only 1 "${got%% *}" "$(echo "$got" | cut -d' ' -f2)" \
        "$(verdict "$EXPECTED" "$got")" "bedside inspect"

    PREVIOUS_SUMS=""
    for THREADS_N in "${THREAD_LIST[@]}"; do
        OUT="$WORK/out-$SIZE-t$THREADS_N"
        rm -rf "$OUT"
        LOG="$RUN/$SIZE-analyze-t$THREADS_N"
        measure "$LOG" "$BEDSIDE" analyze "$EXPORT" --providers "$PROVIDERS" --out "$OUT" \
            --threads "$THREADS_N"
        got=$(counts "$LOG.err")
        check=$(verdict "$EXPECTED" "$got")
        if [[ "$STATUS" != 0 && "$STATUS" != 1 ]]; then
            check="FAIL(exit $STATUS)"
        fi
        # Outputs must not depend on the thread count.
        if [[ -d "$OUT" ]]; then
            (cd "$OUT" && sha256sum -- * >"$LOG.sha256")
            if [[ -n "$PREVIOUS_SUMS" ]] && ! cmp -s "$PREVIOUS_SUMS" "$LOG.sha256"; then
                check="$check;FAIL(outputs differ from $(basename "$PREVIOUS_SUMS" .sha256))"
            fi
            PREVIOUS_SUMS="$LOG.sha256"
        fi
        rm -rf "$OUT"
        row "$SIZE" analyze "$THREADS_N" "${got%% *}" "$(echo "$got" | cut -d' ' -f2)" \
            "$check" "bedside analyze"
    done

    SCORERS=(vader-sentimental:1 bedside-vader:1 bedside:1)
    for THREADS_N in "${THREAD_LIST[@]}"; do
        SCORERS+=("pipeline:$THREADS_N")
    done
    for SCORER_THREADS in "${SCORERS[@]}"; do
        SCORER=${SCORER_THREADS%%:*}
        THREADS_N=${SCORER_THREADS##*:}
        LOG="$RUN/$SIZE-score-$SCORER-t$THREADS_N"
        measure "$LOG" "$SCORE_EXPORT" "$EXPORT" --scorer "$SCORER" --providers "$PROVIDERS" \
            --threads "$THREADS_N"
        got="$(key "$LOG.out" read) $(key "$LOG.out" texts) $(key "$LOG.out" rejected)"
        row "$SIZE" "score_$SCORER" "$THREADS_N" "$(key "$LOG.out" read)" \
            "$(key "$LOG.out" texts)" "$(verdict "$EXPECTED" "$got")" \
            "scoring only: $(key "$LOG.out" texts_per_second) texts/s"
    done

    if [[ -n "$PYTHON" ]]; then
        LIMIT=()
        NOTE="whole export"
        if [[ "$BASELINE_ROWS" != all && "$SIZE" -gt "$BASELINE_ROWS" ]]; then
            LIMIT=(--limit "$BASELINE_ROWS")
            NOTE="first $BASELINE_ROWS rows"
        fi
        LOG="$RUN/$SIZE-python-vader"
        measure "$LOG" "$PYTHON" "$REPO/benches/baselines/vader_score.py" "$EXPORT" "${LIMIT[@]}"
        n_rows=$(key "$LOG.out" rows)
        check=$(verdict "${LIMIT[1]:-$SIZE}" "$n_rows")
        if [[ ${#LIMIT[@]} == 0 ]]; then
            check="$check;$(verdict "$((SIZE - $(key "$META" empty_text)))" "$(key "$LOG.out" texts)")"
        fi
        row "$SIZE" python_vader 1 "$n_rows" "$(key "$LOG.out" texts)" "$check" \
            "$NOTE; every non-blank text (bad-date rows too); scoring only: $(key "$LOG.out" texts_per_second) texts/s"

        LOG="$RUN/$SIZE-pandas-vader"
        OUT="$WORK/out-$SIZE-pandas"
        measure "$LOG" "$PYTHON" "$REPO/benches/baselines/pandas_vader.py" "$EXPORT" \
            --providers "$PROVIDERS" --out "$OUT" "${LIMIT[@]}"
        cp "$OUT/summary_by_provider.csv" "$LOG.summary.csv" 2>/dev/null || true
        rm -rf "$OUT"
        n_rows=$(key "$LOG.out" rows)
        check=$(verdict "${LIMIT[1]:-$SIZE}" "$n_rows")
        if [[ ${#LIMIT[@]} == 0 ]]; then
            check="$check;$(verdict "$ACCEPTED" "$(key "$LOG.out" accepted)")"
        fi
        row "$SIZE" pandas_vader 1 "$n_rows" "$(key "$LOG.out" accepted)" "$check" "$NOTE"
    fi
done

python3 "$REPO/benches/cli_results.py" --run "$RUN" --sizes "$SIZES" --repo "$REPO" \
    --work-dir "$WORK" >"$RUN/RESULTS.md"
mkdir -p "$(dirname "$RESULTS")"
cp "$RUN/RESULTS.md" "$RESULTS"
echo "== wrote $RESULTS (record of the run: $RUN)" >&2
if [[ "$FAILED" != 0 ]]; then
    echo "cli.sh: some checks FAILED, see the check column of $RESULTS" >&2
    exit 1
fi
