#!/usr/bin/env bash
# What many models cost on several machines, measured on real processes: the job with N models
# (default 1,000) healing, at parallelism 1, 2 and 4, on a cluster of 3 TaskManagers with
# checkpoints on S3 (s3proxy). For each parallelism, once every model has healed and two more
# checkpoints have completed, it reads from Flink's REST API:
#   - state per SCORE and HEAL subtask (full size and what the incremental checkpoint wrote),
#   - the checkpoint's full size, incremental size and duration,
#   - the broadcast fan-out per heal: bytes HEAL wrote towards SCORE (its output bytes minus what
#     its sinks read, from the processes' Prometheus reporters) per adapter update, and per update
#     and SCORE subtask.
# Prints one line per parallelism and writes them all as JSON. docs/performance.md has the figures
# and their extrapolation. Not part of CI (it takes about 10-20 minutes on 2 cores). It shares the
# e2e cluster directory (jars), not its ports, but must not run beside deploy/e2e/run.sh.
#
#   deploy/e2e/costs.sh [--models N] [--parallelism "1 2 4"] [--rate EVENTS_PER_S] [--out FILE]
set -uo pipefail

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$E2E_DIR/../.." && pwd)
JAR=$REPO/lab/target/selfheal.jar
JOB_JAR=$REPO/job/target/selfheal-job.jar
WORK=$E2E_DIR/.work-costs
export SELFHEAL_CLUSTER_DIR=$E2E_DIR/.cluster
export FLINK_REST_PORT=28181 FLINK_RPC_PORT=26223 FLINK_PROM_PORTS=29349-29356 S3_PORT=29100
export DJL_CACHE_DIR=$SELFHEAL_CLUSTER_DIR/djl-cache DJL_OFFLINE=true
REST=http://127.0.0.1:$FLINK_REST_PORT
CLUSTER=$REPO/deploy/local/cluster.sh
FLINK=$REPO/deploy/local/flink.sh

MODELS=1000
PARALLELISMS="1 2 4"
RATE=5000
OUT=$WORK/costs.json
while (($#)); do
    case $1 in
        --models) MODELS=$2; shift 2 ;;
        --parallelism) PARALLELISMS=$2; shift 2 ;;
        --rate) RATE=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        *) echo "usage: $0 [--models N] [--parallelism \"1 2 4\"] [--rate EVENTS_PER_S] [--out FILE]" >&2; exit 2 ;;
    esac
done

# Every HTTP call gives up after 15 s: while a JobManager fails over, a REST endpoint may accept a
# request and hold it for minutes (web.timeout), and a poll must not hang on one call.
curl() { command curl --max-time 15 "$@"; }
T0=$SECONDS
log() { echo "[costs +$((SECONDS - T0))s] $*" >&2; }
die() { echo "costs: $*" >&2; exit 1; }

cleanup() {
    local code=$?
    trap - EXIT INT TERM
    "$CLUSTER" stop > /dev/null 2>&1
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_until() {
    local deadline=$((SECONDS + $1))
    shift
    while ((SECONDS < deadline)); do
        "$@" && return 0
        sleep 2
    done
    return 1
}
committed() { find "$1" -type f -name 'part-*' -exec cat {} + 2>/dev/null; }
healed_models() { committed "$1/events" | jq -s '[.[] | select(.type == "heal") | .model] | unique | length'; }
models_healed() {
    local n
    n=$(healed_models "$1")
    [[ -n $n ]] && ((n >= MODELS))
}
completed() { curl -sf "$REST/jobs/$1/checkpoints" | jq -r '.counts.completed // 0'; }
completed_beyond() { (($(completed "$1") >= $2)); }
# Every Flink process's Prometheus endpoint (the reporter takes one port of the range per process).
scrape() {
    local port lo=${FLINK_PROM_PORTS%-*} hi=${FLINK_PROM_PORTS#*-}
    for ((port = lo; port <= hi; port++)); do
        curl -sf --max-time 2 "http://127.0.0.1:$port/metrics" 2>/dev/null
    done
}
job_running() {
    curl -sf "$REST/jobs/$1" | jq -e '.state == "RUNNING" and ([.vertices[] | select(.status != "RUNNING" and .status != "FINISHED")] | length == 0)' > /dev/null
}

for f in "$JAR" "$JOB_JAR"; do [[ -f $f ]] || die "$f is missing: run mvn -B verify first"; done
rm -rf "$WORK" "$SELFHEAL_CLUSTER_DIR"/{checkpoints,savepoints,rocksdb,log,run,ha} "$SELFHEAL_CLUSTER_DIR"/s3/{data,log}
mkdir -p "$WORK"
log "model"
java -jar "$JAR" generate --scenario seed --seed 42 --out "$WORK/data" > "$WORK/generate.log" 2>&1 \
    && java -jar "$JAR" train --data "$WORK/data/train.csv" --out "$WORK/model" --epochs 10 > "$WORK/train.log" 2>&1 \
    || die "could not generate data or train a model (see $WORK)"
log "cluster: 3 TaskManagers, checkpoints on S3"
"$CLUSTER" start --taskmanagers 3 --storage s3 > "$WORK/cluster-start.log" 2>&1 \
    || { cat "$WORK/cluster-start.log" >&2; die "the cluster did not start"; }

results=()
for p in $PARALLELISMS; do
    out=$WORK/run-p$p
    cat > "$WORK/job-p$p.yaml" <<YAML
model.dir: $WORK/model
input.transactions: generator:seed:42
input.generator-models: $MODELS
input.rate: $RATE
output.dir: $out
parallelism: $p
checkpoint.interval-ms: 10000
YAML
    log "parallelism $p: $MODELS models at $RATE events/s"
    submitted=$("$FLINK" run -d "$JOB_JAR" run --config "$WORK/job-p$p.yaml" 2>&1)
    job=$(sed -n 's/.*JobID \([0-9a-f]\{32\}\).*/\1/p' <<<"$submitted" | head -1)
    [[ -n $job ]] || die "submission failed: $submitted"
    started=$SECONDS
    wait_until 300 job_running "$job" || die "job $job did not run"
    # Measured once every model has healed (its registry holds more than the initial snapshot); a
    # model that has not within 10 minutes is counted, not waited for.
    wait_until 600 models_healed "$out" || log "only $(healed_models "$out") of $MODELS models healed within 600 s"
    healed_s=$((SECONDS - started))
    target=$(($(completed "$job") + 2))
    wait_until 300 completed_beyond "$job" "$target" || die "no two more checkpoints at parallelism $p"
    cp=$(curl -sf "$REST/jobs/$job/checkpoints")
    id=$(jq -r '.latest.completed.id' <<<"$cp")
    details=$(curl -sf "$REST/jobs/$job")
    vertex() { jq -r --arg n "$1" '[.vertices[] | select(.name | startswith($n)) | .id][0]' <<<"$details"; }
    score_v=$(vertex SCORE)
    heal_v=$(vertex HEAL)
    subtasks() { curl -sf "$REST/jobs/$job/checkpoints/details/$id/subtasks/$1" | jq -c '[.subtasks[] | {state_size, checkpointed_size}]'; }
    score_sub=$(subtasks "$score_v")
    heal_sub=$(subtasks "$heal_v")
    # HEAL's outputs are the broadcast to SCORE and its sinks (audit events, batch metrics, adapter
    # updates): what the sinks read is not fan-out. Task I/O counters straight from every process's
    # Prometheus reporter (the REST API's per-vertex figures lag behind under load).
    fanout=$(scrape | jq -c -R -s --argjson p "$p" '
        def metric($name; $task): [split("\n")[] | select(startswith("flink_taskmanager_job_task_" + $name + "{"))
            | select(test("task_name=\"" + $task)) | split(" ")[-1] | tonumber] | add // 0;
        metric("numBytesOut"; "HEAL") as $out
        | (metric("numBytesIn"; "audit_events") + metric("numBytesIn"; "batch_metrics")
           + metric("numBytesIn"; "adapter_updates") + metric("numBytesIn"; "label_requests")) as $toSinks
        | metric("numRecordsIn"; "adapter_updates") as $updates
        | {heal_bytes_out: $out, sink_bytes_in: $toSinks, adapter_updates: $updates, broadcast_bytes: ($out - $toSinks),
           bytes_per_update: (if $updates > 0 then (($out - $toSinks) / $updates | floor) else null end),
           bytes_per_update_per_scorer: (if $updates > 0 then (($out - $toSinks) / $updates / $p | floor) else null end)}')
    heals=$(committed "$out/events" | jq -s '[.[] | select(.type == "heal")] | length')
    healed=$(healed_models "$out")
    line=$(jq -c -n --argjson p "$p" --argjson models "$MODELS" --argjson cp "$cp" --argjson score "$score_sub" \
        --argjson heal "$heal_sub" --argjson fanout "$fanout" --argjson heals "$heals" --argjson healed_s "$healed_s" --argjson healed "$healed" '
        def mb: . / 1048576 * 10 | round / 10;
        {parallelism: $p, models: $models, models_healed: $healed, seconds_until_measured: $healed_s, heals: $heals,
         checkpoint: ($cp.latest.completed | {id, full_mb: (.state_size | mb), incremental_mb: (.checkpointed_size | mb),
                      duration_ms: .end_to_end_duration}),
         checkpoint_duration_ms_p50: $cp.summary.end_to_end_duration.p50,
         score_subtask_mb: ($score | map(.state_size | mb)), score_subtask_incremental_mb: ($score | map(.checkpointed_size | mb)),
         heal_subtask_mb: ($heal | map(.state_size | mb)), heal_subtask_incremental_mb: ($heal | map(.checkpointed_size | mb)),
         heal_kb_per_model: (($heal | map(.state_size) | add) / $models / 1024 | round),
         fanout: $fanout}')
    echo "$line"
    results+=("$line")
    "$FLINK" cancel "$job" > /dev/null 2>&1
    wait_until 60 bash -c "[[ \$(curl -sf '$REST/jobs/$job' | jq -r .state) == CANCELED ]]"
done
printf '%s\n' "${results[@]}" | jq -s --arg machine "$(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB" \
    '{machine: $machine, runs: .}' > "$OUT"
log "written to $OUT"
