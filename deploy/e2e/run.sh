#!/usr/bin/env bash
# End-to-end checks on this machine, with the real things: a standalone Flink 2.3.0
# session cluster, savepoints, a Prometheus server, a TaskManager killed with -9, a Kafka broker;
# then the same cluster as several machines: 3 TaskManagers, 2 JobManagers with ZooKeeper HA,
# rescaling 2 -> 4 -> 1, a TaskManager and the leading JobManager killed with -9. Every checkpoint
# and savepoint goes to an S3 store (s3proxy), none to local disk.
# Self-contained: it builds nothing (the CLI jar lab/target/selfheal.jar, the cluster jar
# job/target/selfheal-job.jar that `flink.sh run` submits, and reporter/target/selfheal-reporter.jar
# come from `mvn -B verify`), fetches the cluster's, broker's, store's and ZooKeeper's jars from
# Maven Central the first time, and installs the Debian packages `prometheus` and `chromium` when they are missing. Everything listens on
# 127.0.0.1, on ports apart from the defaults, and every process it starts is stopped on exit. Last, a
# demo's report.html is opened in headless Chromium (deploy/e2e/report-check.sh; SELFHEAL_SKIP_BROWSER=1
# skips the browser where Chromium cannot be installed).
#
#   deploy/e2e/run.sh            all checks; prints PASS/FAIL per check, exits non-zero on a failure
set -uo pipefail

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$E2E_DIR/../.." && pwd)
JAR=$REPO/lab/target/selfheal.jar
JOB_JAR=$REPO/job/target/selfheal-job.jar
WORK=$E2E_DIR/.work
# Jars and DJL's extracted natives survive between runs (git-ignored); state and logs do not.
export SELFHEAL_CLUSTER_DIR=$E2E_DIR/.cluster
export SELFHEAL_KAFKA_DIR=$E2E_DIR/.kafka
# With two JobManagers the second one's REST port is 18082; one reporter port per Flink process.
export FLINK_REST_PORT=18081 FLINK_RPC_PORT=16123 FLINK_PROM_PORTS=19249-19256
export KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 S3_PORT=19000 ZOOKEEPER_PORT=12181
# Where every savepoint of the run goes; checkpoints go to the cluster's s3://selfheal/checkpoints.
SAVEPOINTS=s3://selfheal/savepoints
PROMETHEUS_PORT=19090
export DJL_CACHE_DIR=$SELFHEAL_CLUSTER_DIR/djl-cache DJL_OFFLINE=true
REST=http://127.0.0.1:$FLINK_REST_PORT
PROM=http://127.0.0.1:$PROMETHEUS_PORT
CLUSTER=$REPO/deploy/local/cluster.sh
FLINK=$REPO/deploy/local/flink.sh
KAFKA=$REPO/deploy/local/kafka.sh
METRIC=flink_taskmanager_job_task_operator_selfheal

PASSED=0
FAILED=0
PROMETHEUS_PID=
T0=$SECONDS

log() { echo "[e2e +$((SECONDS - T0))s] $*"; }
pass() { PASSED=$((PASSED + 1)); echo "PASS $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $*"; }

cleanup() {
    local code=$?
    trap - EXIT INT TERM
    log "cleaning up"
    [[ -n $PROMETHEUS_PID ]] && kill "$PROMETHEUS_PID" 2>/dev/null && wait "$PROMETHEUS_PID" 2>/dev/null
    "$KAFKA" stop > /dev/null 2>&1
    "$CLUSTER" stop > /dev/null 2>&1
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- helpers ---------------------------------------------------------------------------------------
# Every HTTP call gives up after 15 s: while a JobManager fails over, a REST endpoint may accept a
# request and hold it for minutes (web.timeout), and a poll must not hang on one call.
curl() { command curl --max-time 15 "$@"; }

# The CLI reads s3:// through the cluster's S3 plugin and configuration, as Flink's own CLI does.
selfheal() {
    FLINK_CONF_DIR=$SELFHEAL_CLUSTER_DIR/conf FLINK_PLUGINS_DIR=$SELFHEAL_CLUSTER_DIR/plugins java -jar "$JAR" "$@"
}

# wait_until SECONDS COMMAND...: polls once a second; true when the command succeeded in time.
wait_until() {
    local deadline=$((SECONDS + $1))
    shift
    while ((SECONDS < deadline)); do
        "$@" && return 0
        sleep 1
    done
    return 1
}

# Committed output of an exactly-once file sink: visible part files only (in-progress ones are hidden).
committed() { find "$1" -type f -name 'part-*' -exec cat {} + 2>/dev/null; }

heals_committed() { committed "$1/events" | grep -c '"type":"heal"'; }
enough_heals() { (($(heals_committed "$1") >= $2)); }
max_adapter_version() { committed "$1/adapters" | jq -s 'map(.version) | max // 0'; }
adapter_beyond() { (($(max_adapter_version "$1") > $2)); }
scored_count() { committed "$1/scored" | wc -l; }
scored_at_least() { (($(scored_count "$1") >= $2)); }

job_state() { curl -sf "$REST/jobs/$1" | jq -r .state; }
job_in_state() { [[ $(job_state "$1") == "$2" ]]; }
# All of a job's tasks running: the job is processing, not just scheduled.
job_running() {
    curl -sf "$REST/jobs/$1" | jq -e '.state == "RUNNING" and ([.vertices[] | select(.status != "RUNNING" and .status != "FINISHED")] | length == 0)' > /dev/null
}
completed_checkpoints() { curl -sf "$REST/jobs/$1/checkpoints" | jq -r '.counts.completed // 0'; }
has_checkpoint() { (($(completed_checkpoints "$1") >= 1)); }

# submit CONFIG [SAVEPOINT]: `flink.sh run -d` the cluster jar; prints the job id (and, on stderr, how
# long the submission took).
submit() {
    local out started=$EPOCHREALTIME
    if [[ -n ${2:-} ]]; then
        out=$("$FLINK" run -d -s "$2" "$JOB_JAR" run --config "$1" 2>&1)
    else
        out=$("$FLINK" run -d "$JOB_JAR" run --config "$1" 2>&1)
    fi
    local id
    id=$(sed -n 's/.*JobID \([0-9a-f]\{32\}\).*/\1/p' <<<"$out" | head -1)
    [[ -n $id ]] || { echo "submission failed: $out" >&2; return 1; }
    log "submitted $(basename "$JOB_JAR") ($(du -m "$JOB_JAR" | cut -f1) MB) in $(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s: job $id" >&2
    echo "$id"
}

# stop_with_savepoint JOB DIR: prints the savepoint path.
stop_with_savepoint() {
    local out
    out=$("$FLINK" stop --savepointPath "$2" "$1" 2>&1)
    sed -n 's/.*Savepoint completed\. Path: \(.*\)$/\1/p' <<<"$out" | head -1 | grep . \
        || { echo "stop with savepoint failed: $out" >&2; return 1; }
}

registry_json() { selfheal registry --savepoint "$1" --json 2> "$WORK/registry-err.log"; }

# job_config FILE KEY=VALUE...: the run configuration, common settings first.
job_config() {
    local file=$1
    shift
    {
        echo "model.dir: $WORK/model"
        echo "checkpoint.interval-ms: 1000"
        echo "registry.max-snapshots: 100000"
        # Opted in, as deploy/local/job.example.yaml does: the TaskManager passes priorities to the OS.
        echo "heal.thread-priority: 10"
        # Enough restarts to outlast a dead TaskManager until a new one registers.
        echo "flink.restart-strategy.type: fixed-delay"
        echo "flink.restart-strategy.fixed-delay.attempts: 30"
        echo "flink.restart-strategy.fixed-delay.delay: 2 s"
        local kv
        for kv in "$@"; do
            echo "${kv%%=*}: ${kv#*=}"
        done
    } > "$file"
}

# --- preconditions ---------------------------------------------------------------------------------

for jar in "$JAR" "$JOB_JAR"; do
    [[ -f $jar ]] || { echo "FAIL e2e: $jar is missing: run mvn -B verify first"; exit 1; }
done
for tool in jq curl ss; do
    command -v "$tool" > /dev/null || { echo "FAIL e2e: '$tool' is required"; exit 1; }
done
for port in $FLINK_REST_PORT $((FLINK_REST_PORT + 1)) $FLINK_RPC_PORT $(seq 19249 19256) $KAFKA_PORT \
        $KAFKA_CONTROLLER_PORT $PROMETHEUS_PORT $S3_PORT $ZOOKEEPER_PORT; do
    if ss -Hltn "sport = :$port" | grep -q .; then
        echo "FAIL e2e: port $port is in use (another e2e run or cluster?)"
        exit 1
    fi
done
rm -rf "$WORK" "$SELFHEAL_CLUSTER_DIR"/{checkpoints,savepoints,rocksdb,log,run,ha} \
    "$SELFHEAL_CLUSTER_DIR"/{s3,zookeeper}/{data,log} "$SELFHEAL_KAFKA_DIR"/{data,log}
mkdir -p "$WORK"

log "scenario data and model"
selfheal generate --scenario seed --seed 42 --out "$WORK/data" > "$WORK/generate.log" 2>&1 \
    && selfheal train --data "$WORK/data/train.csv" --out "$WORK/model" --epochs 10 > "$WORK/train.log" 2>&1 \
    || { echo "FAIL e2e: could not generate data or train a model"; cat "$WORK"/*.log; exit 1; }

# --- check 1: a real session cluster runs the job ------------------------------------------------

log "starting the standalone cluster (checkpoints and savepoints on S3)"
if ! "$CLUSTER" start --storage s3 > "$WORK/cluster-start.log" 2>&1; then
    cat "$WORK/cluster-start.log"
    fail "check 1: the standalone cluster did not start"
    echo "e2e: $PASSED passed, $FAILED failed"
    exit 1
fi
JM_PID=$(cat "$SELFHEAL_CLUSTER_DIR/run/jobmanager-1.pid")
S3_PID=$(cat "$SELFHEAL_CLUSTER_DIR/s3/s3proxy.pid")
TM_PID=$(cat "$SELFHEAL_CLUSTER_DIR/run/taskmanager-1.pid")
log "cluster up: JobManager pid $JM_PID, TaskManager pid $TM_PID"

# A slow, endless stream (300 transactions/s from the generator): savepoints are taken mid-stream.
job_config "$WORK/job-a.yaml" "input.transactions=generator:seed:42" "input.rate=300" "output.dir=$WORK/run-a"
started=$SECONDS
JOB_A=$(submit "$WORK/job-a.yaml") || JOB_A=
if [[ -n $JOB_A ]] && wait_until 120 job_running "$JOB_A" && wait_until 120 enough_heals "$WORK/run-a" 3; then
    pass "check 1: flink.sh run -d: job $JOB_A RUNNING on the standalone cluster (JobManager pid $JM_PID, TaskManager pid $TM_PID); $(heals_committed "$WORK/run-a") heals committed $((SECONDS - started)) s after submission"
else
    fail "check 1: job did not run and heal on the cluster (job '${JOB_A}', state $(job_state "${JOB_A:-none}"))"
fi

# The TaskManager runs SCORE on the Vector API kernel (its JVM options add the module).
kernels=$(grep -ho 'scores with the [a-z]* kernel' "$SELFHEAL_CLUSTER_DIR"/log/taskmanager-*.log 2>/dev/null | sort | uniq -c | xargs)
if grep -q 'scores with the vector kernel' <<<"$kernels" && ! grep -q 'scores with the djl kernel' <<<"$kernels"; then
    pass "check 1: SCORE subtasks on the cluster score with the Vector API kernel (TaskManager log: $kernels)"
else
    fail "check 1: SCORE on the cluster does not use the Vector API kernel (TaskManager log: ${kernels:-no kernel line})"
fi

# HEAL's task threads run at the nice value heal.thread-priority (opted in above) asks for (10: nice -5), read from the
# OS itself; a negative nice needs root or CAP_SYS_NICE, and without them HEAL must say so in its log.
# HEAL logs its task thread's OS id: threads that native code (PyTorch) starts from a task thread
# inherit its name, and those started before the priority was set keep the nice they had, so the
# threads are found by id, not by name.
thread_nice() { # TID -> its nice: fields after the name's closing parenthesis, state first, nice 17th
    local stat rest
    stat=$(cat "/proc/$TM_PID/task/$1/stat" 2>/dev/null) || return 0
    read -r -a rest <<<"${stat##*) }"
    echo "${rest[16]}"
}
priority_lines=$(grep -ho 'HEAL subtask [0-9]*: task thread [0-9]*:\{0,1\} \(at \|heal.thread-priority \).*' \
    "$SELFHEAL_CLUSTER_DIR"/log/taskmanager-*.log 2>/dev/null | head -2)
priority_log=$(xargs <<<"$priority_lines")
heal_tids=$(grep -o 'task thread [0-9]*' <<<"$priority_lines" | awk '{print $3}' | xargs)
task_nices=""
for tid in $heal_tids; do
    task_nices+="$tid:$(thread_nice "$tid") "
done
task_nices=${task_nices% }
if [[ $(id -u) -eq 0 ]] && [[ -n $heal_tids ]] && [[ $(wc -w <<<"$heal_tids") -eq $(grep -c . <<<"$priority_lines") ]] \
        && [[ $(tr ' ' '\n' <<<"$task_nices" | grep -vc ':-5$') -eq 0 ]]; then
    pass "check 1: HEAL's task threads run at nice -5 on the TaskManager (/proc, thread:nice: $task_nices; log: $priority_log)"
elif [[ $(id -u) -ne 0 ]] && grep -q 'CAP_SYS_NICE' <<<"$priority_log"; then
    pass "check 1: not root, so HEAL's task threads keep their nice (${task_nices:-?}) and the log says why: $priority_log"
else
    fail "check 1: HEAL's task threads are not at nice -5 (/proc, thread:nice: ${task_nices:-no HEAL thread id}; log: ${priority_log:-no priority line})"
fi

# Everything this run started listens on 127.0.0.1 only.
wildcard=$(ss -Hltnp | grep -E "pid=($JM_PID|$TM_PID|$S3_PID)," | awk '{print $4}' | grep -vE '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):' || true)
if [[ -z $wildcard ]]; then
    pass "check 1: every JobManager/TaskManager socket (REST, RPC, blob, data, Prometheus reporter) and the S3 store's is bound to 127.0.0.1"
else
    fail "check 1: sockets bound beyond 127.0.0.1: $wildcard"
fi

# --- check 3: a real Prometheus server scrapes the TaskManager (while job A runs) ----------------

log "Prometheus"
if ! command -v prometheus > /dev/null; then
    log "installing the Debian package prometheus"
    if [[ $(id -u) -eq 0 ]]; then
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus; } \
            > "$WORK/apt.log" 2>&1
    else
        { sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus; } \
            > "$WORK/apt.log" 2>&1
    fi
fi
if command -v prometheus > /dev/null; then
    mkdir -p "$WORK/prometheus"
    # The committed scrape configuration and alert rules, pointed at this run's ports and files.
    sed -e "s#127.0.0.1:9249#127.0.0.1:19249#; s#127.0.0.1:9250#127.0.0.1:19250#; s#127.0.0.1:9251#127.0.0.1:19251#; s#127.0.0.1:9252#127.0.0.1:19252#" \
        -e "s#scrape_interval: 15s#scrape_interval: 2s#; s#evaluation_interval: 15s#evaluation_interval: 2s#" \
        -e "s#alerts.yml#$REPO/deploy/prometheus/alerts.yml#" \
        "$REPO/deploy/prometheus/prometheus.yml" > "$WORK/prometheus/prometheus.yml"
    if command -v promtool > /dev/null; then
        if promtool check config "$WORK/prometheus/prometheus.yml" > "$WORK/promtool.log" 2>&1; then
            pass "check 3: promtool accepts deploy/prometheus/prometheus.yml and alerts.yml ($(grep -c 'alert:' "$REPO/deploy/prometheus/alerts.yml") alert rules)"
        else
            fail "check 3: promtool rejects the Prometheus configuration: $(tr '\n' ' ' < "$WORK/promtool.log")"
        fi
    fi
    prometheus --config.file="$WORK/prometheus/prometheus.yml" --storage.tsdb.path="$WORK/prometheus/data" \
        --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" > "$WORK/prometheus/prometheus.log" 2>&1 &
    PROMETHEUS_PID=$!
    # promql QUERY: the first sample's value, empty when there is none.
    promql() { curl -sf --get "$PROM/api/v1/query" --data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // empty'; }
    prom_has_all() {
        [[ -n $(promql "max($METRIC""_drift_zscore)") && -n $(promql "max($METRIC""_model_version)") \
            && -n $(promql "sum($METRIC""_heals)") ]] && (($(promql "sum($METRIC""_heals)" | cut -d. -f1) > 0))
    }
    if wait_until 90 prom_has_all; then
        pass "check 3: PromQL over Prometheus's HTTP API ($PROM): max(${METRIC}_drift_zscore)=$(promql "max($METRIC""_drift_zscore)"), max(${METRIC}_model_version)=$(promql "max($METRIC""_model_version)"), sum(${METRIC}_heals)=$(promql "sum($METRIC""_heals)"), targets up: $(promql 'count(up == 1)')"
    else
        fail "check 3: Prometheus did not return the selfheal metrics (targets: $(curl -sf "$PROM/api/v1/targets" | jq -c '[.data.activeTargets[] | {scrapeUrl, health, lastError}]'))"
    fi
    rules=$(curl -sf "$PROM/api/v1/rules" | jq '[.data.groups[].rules[]] | length')
    if [[ ${rules:-0} -ge 4 ]]; then
        pass "check 3: Prometheus loaded $rules selfheal alert rules"
    else
        fail "check 3: alert rules not loaded (${rules:-none})"
    fi
else
    fail "check 3: the prometheus package could not be installed: $(tail -n 3 "$WORK/apt.log" | tr '\n' ' ')"
fi

# --- check 2: savepoints: stop, read, resume, roll back ---------------------------------------------

log "stop with savepoint"
SP1=$(stop_with_savepoint "$JOB_A" "$SAVEPOINTS") || SP1=
if [[ -n $SP1 ]] && registry_json "$SP1" > "$WORK/registry-1.json"; then
    C1=$(jq '.models[0].current_version' "$WORK/registry-1.json")
    L1=$(jq '.models[0].last_version' "$WORK/registry-1.json")
    N1=$(jq '.models[0].snapshots | length' "$WORK/registry-1.json")
    if jq -e '.models[0] | [.snapshots[].version] == [range(1; .last_version + 1)]' "$WORK/registry-1.json" > /dev/null && ((L1 > 1)); then
        pass "check 2: flink.sh stop --savepointPath -> $SP1; registry --savepoint: versions 1..$L1 ($N1 snapshots, continuous), current version $C1"
    else
        fail "check 2: the registry read from $SP1 is not continuous or empty: $(jq -c '[.models[0].snapshots[].version]' "$WORK/registry-1.json")"
    fi
    selfheal registry --savepoint "$SP1" > "$WORK/registry-1.txt" 2> /dev/null
    log "registry table: $(head -1 "$WORK/registry-1.txt")"
    # The last transaction the stopped job scored (all its output is committed by the savepoint).
    BOUNDARY=$(committed "$WORK/run-a/scored" | jq -r '.id[2:]' | sort -n | tail -1)
else
    fail "check 2: no savepoint, or the registry could not be read from it: $(cat "$WORK/registry-err.log" 2>/dev/null)"
    C1=0 L1=0
fi

log "resume from the savepoint"
# The same configuration: the file sinks restore their writers and go on in the same directories.
JOB_B=$( [[ -n $SP1 ]] && submit "$WORK/job-a.yaml" "$SP1") || JOB_B=
if [[ -n $JOB_B ]] && wait_until 120 job_running "$JOB_B" && wait_until 120 adapter_beyond "$WORK/run-a" "$L1"; then
    SP2=$(stop_with_savepoint "$JOB_B" "$SAVEPOINTS") || SP2=
    registry_json "$SP2" > "$WORK/registry-2.json"
    L2=$(jq '.models[0].last_version' "$WORK/registry-2.json")
    C2=$(jq '.models[0].current_version' "$WORK/registry-2.json")
    same_history=$(jq -n --slurpfile a "$WORK/registry-1.json" --slurpfile b "$WORK/registry-2.json" --argjson l "$L1" '
        def hist: [.models[0].snapshots[] | select(.version <= $l) | {version, parent, tag, batch, reason}];
        ($a[0] | hist) == ($b[0] | hist)')
    continuous=$(jq '.models[0] | [.snapshots[].version] == [range(1; .last_version + 1)]' "$WORK/registry-2.json")
    first_new=$(jq --argjson l "$L1" '[.models[0].snapshots[] | select(.version > $l) | .version] | min' "$WORK/registry-2.json")
    # The first transaction after the savepoint was scored by the version served at the savepoint.
    first_version=$(committed "$WORK/run-a/scored" | jq -s --arg id "g-$((BOUNDARY + 1))" 'map(select(.id == $id)) | .[0].model_version')
    # Transactions across the stop and resume: no index twice, none missing. Only the tail is
    # exempt: records a scorer had buffered when the second savepoint was taken live in that
    # savepoint's SCORE state (one micro-batch per subtask: score.batch-size with one model) and are scored on a resume from it.
    ids=$(committed "$WORK/run-a/scored" | jq -r '.id[2:]' | sort -n)
    total=$(wc -l <<<"$ids")
    distinct=$(uniq <<<"$ids" | wc -l)
    last_id=$(tail -1 <<<"$ids")
    upto=$((last_id - 1024))
    complete=$(awk -v lim="$upto" '$1 <= lim' <<<"$ids" | wc -l)
    if [[ $same_history == true && $continuous == true && $first_new == $((L1 + 1)) && $first_version == "$C1" ]] \
        && ((L2 > L1 && total == distinct && complete == upto + 1 && BOUNDARY < upto)); then
        pass "check 2: resumed with flink.sh run -s: transaction g-$((BOUNDARY + 1)) (the first after the savepoint) scored by version $first_version (= current $C1 at the savepoint), next version $first_new = $L1 + 1, registry continuous 1..$L2 with versions 1..$L1 unchanged, current now $C2; no transaction scored twice ($total scored) and g-0..g-$upto, across the savepoint at g-$BOUNDARY, all scored exactly once"
    else
        fail "check 2: resume did not continue (same history $same_history, continuous $continuous, first new $first_new vs $((L1 + 1)), first scored version $first_version vs $C1, last $L2 vs $L1, scored $total, distinct $distinct, complete $complete of g-0..g-$upto, boundary g-$BOUNDARY)"
    fi

    log "roll back to the older savepoint"
    # Restoring SP1 again must bring back SP1's registry and forget what job B recorded after it.
    job_config "$WORK/job-c.yaml" "input.transactions=generator:seed:42" "input.rate=5" "output.dir=$WORK/run-a"
    c_start_ms=$(date +%s%3N)
    JOB_C=$(submit "$WORK/job-c.yaml" "$SP1") || JOB_C=
    if [[ -n $JOB_C ]] && wait_until 120 job_running "$JOB_C" && SP3=$(stop_with_savepoint "$JOB_C" "$SAVEPOINTS") \
        && registry_json "$SP3" > "$WORK/registry-3.json"; then
        # Versions up to L1 exactly as in SP1 (same parents, tags, batches, recording times); anything
        # newer recorded only after the rollback, none of job B's versions L1+1..L2.
        if jq -e -n --slurpfile a "$WORK/registry-1.json" --slurpfile b "$WORK/registry-2.json" \
                --slurpfile c "$WORK/registry-3.json" --argjson l "$L1" --argjson t "$c_start_ms" '
                def upto: [.models[0].snapshots[] | select(.version <= $l) | {version, parent, tag, batch, time_ms}];
                def newer: [.models[0].snapshots[] | select(.version > $l) | .time_ms];
                ($a[0] | upto) == ($c[0] | upto) and ($c[0] | newer | all(. >= $t)) and ($b[0] | newer | all(. < $t))' > /dev/null; then
            pass "check 2: rolled back by savepoint: resumed from the older $SP1 after $SP2: registry versions 1..$L1 identical to the older savepoint's, none of the newer savepoint's versions $((L1 + 1))..$L2 (registry now current $(jq '.models[0].current_version' "$WORK/registry-3.json"), last $(jq '.models[0].last_version' "$WORK/registry-3.json"), versions after $L1 recorded after the rollback)"
        else
            fail "check 2: the registry after rolling back to $SP1 is not the older one: current/last $(jq -c '.models[0] | [.current_version, .last_version]' "$WORK/registry-3.json") vs $C1/$L1"
        fi
    else
        fail "check 2: could not resume from the older savepoint and stop it again: $(cat "$WORK/registry-err.log" 2>/dev/null)"
    fi
else
    fail "check 2: the job did not resume from $SP1 and heal (job '${JOB_B}')"
fi

# --- check 4: kill -9 the TaskManager mid-stream ---------------------------------------------------

log "TaskManager failure"
COUNT=9000
job_config "$WORK/job-d.yaml" "input.transactions=generator:seed:42:$COUNT" "input.rate=300" "output.dir=$WORK/run-d"
JOB_D=$(submit "$WORK/job-d.yaml") || JOB_D=
if [[ -n $JOB_D ]] && wait_until 120 job_running "$JOB_D" && wait_until 120 scored_at_least "$WORK/run-d" 2000 \
    && wait_until 60 has_checkpoint "$JOB_D"; then
    TM_PID=$(cat "$SELFHEAL_CLUSTER_DIR"/run/taskmanager-*.pid | head -1)
    before=$(scored_count "$WORK/run-d")
    cp_before=$(completed_checkpoints "$JOB_D")
    kill -9 "$TM_PID"
    log "killed TaskManager pid $TM_PID with -9 after $before committed scored events, $cp_before checkpoints"
    killed_at=$SECONDS
    "$CLUSTER" start-taskmanager > "$WORK/tm-restart.log" 2>&1 || cat "$WORK/tm-restart.log"
    if wait_until 240 job_in_state "$JOB_D" FINISHED; then
        restored=$(curl -sf "$REST/jobs/$JOB_D/checkpoints" | jq -r '.latest.restored.id // empty')
        scored=$(committed "$WORK/run-d/scored" | jq -r .id | sort)
        total=$(wc -l <<<"$scored")
        distinct=$(uniq <<<"$scored" | wc -l)
        registry=$(committed "$WORK/run-d/events" | jq -s '[.[] | select(.type == "registry")] | last | .details')
        reg_ok=$(jq '[.snapshots[].version] == [range(1; .last_version + 1)]' <<<"$registry")
        reg_last=$(jq .last_version <<<"$registry")
        if [[ -n $restored && $reg_ok == true ]] && ((total == COUNT && distinct == COUNT)); then
            pass "check 4: TaskManager pid $TM_PID killed -9 mid-stream ($before/$COUNT committed); job recovered from checkpoint $restored on a new TaskManager and FINISHED $((SECONDS - killed_at)) s later; scored output holds $total events, $distinct distinct ids (each of $COUNT transactions exactly once); registry versions continuous 1..$reg_last"
        else
            fail "check 4: after the kill: restored checkpoint '${restored}', scored $total events / $distinct distinct of $COUNT, registry continuous $reg_ok"
        fi
    else
        fail "check 4: the job did not finish after the TaskManager was killed (state $(job_state "$JOB_D"))"
    fi
else
    fail "check 4: the job did not run far enough to kill its TaskManager (job '${JOB_D}')"
fi

# --- check 5: Kafka carries transactions, labels, control and scored events --------------------------

log "Kafka broker"
if "$KAFKA" start > "$WORK/kafka-start.log" 2>&1; then
    for topic in transactions labels control scored; do
        "$KAFKA" topic "$topic" > /dev/null 2>&1
    done
    stream=$WORK/data/stream.csv
    header=$(head -1 "$stream")
    rows=$(($(wc -l < "$stream") - 1))
    held=300 # sent only after the rollback, to see which version scores them
    # Labels: id,label,ts from the stream's own columns.
    label_lines() { awk -F, -v h="$header" 'BEGIN { n = split(h, c, ","); for (i = 1; i <= n; i++) col[c[i]] = i }
        NR > 1 { print $col["id"] "," $col["label"] "," $col["ts"] }' "$1"; }
    tail -n +2 "$stream" | head -n $((rows - held)) | "$KAFKA" produce transactions
    { echo "$header"; tail -n +2 "$stream" | head -n $((rows - held)); } > "$WORK/stream-first.csv"
    label_lines "$WORK/stream-first.csv" | "$KAFKA" produce labels
    job_config "$WORK/job-e.yaml" "input.transactions=kafka:transactions" "input.labels=kafka:labels" \
        "input.control=kafka:control" "input.header=$header" "kafka.bootstrap-servers=127.0.0.1:$KAFKA_PORT" \
        "kafka.scored-topic=scored" "output.dir=$WORK/run-e"
    JOB_E=$(submit "$WORK/job-e.yaml") || JOB_E=
    if [[ -n $JOB_E ]] && wait_until 120 job_running "$JOB_E" && wait_until 120 adapter_beyond "$WORK/run-e" 1; then
        served=$(max_adapter_version "$WORK/run-e")
        echo '{"cmd":"rollback","model":"default","version":1}' | "$KAFKA" produce control
        rolled_back() { committed "$WORK/run-e/events" | jq -e -s 'any(.[]; .type == "control" and .details.cmd == "rollback" and .details.accepted == true)' > /dev/null; }
        if wait_until 60 rolled_back; then
            audit=$(committed "$WORK/run-e/events" | jq -c -s '[.[] | select(.type == "control" and .details.cmd == "rollback")] | first')
            R=$(committed "$WORK/run-e/adapters" | jq -s '[.[] | select(.reason | test("rollback"))] | map(.version) | max // empty')
            tail -n +2 "$stream" | tail -n $held | "$KAFKA" produce transactions
            { echo "$header"; tail -n +2 "$stream" | tail -n $held; } > "$WORK/stream-last.csv"
            label_lines "$WORK/stream-last.csv" | "$KAFKA" produce labels
            all_scored() { (($("$KAFKA" consume scored "$rows" 15000 2> /dev/null | wc -l) >= rows)); }
            wait_until 120 all_scored
            "$KAFKA" consume scored "" 10000 > "$WORK/scored-e.jsonl" 2> /dev/null
            total=$(wc -l < "$WORK/scored-e.jsonl")
            distinct=$(jq -r .id "$WORK/scored-e.jsonl" | sort -u | wc -l)
            late_ids=$(tail -n $held "$stream" | cut -d, -f1 | jq -R . | jq -s .)
            late_versions=$(jq -c -s --argjson ids "$late_ids" '[.[] | select(.id as $i | $ids | index($i)) | .model_version] | unique' "$WORK/scored-e.jsonl")
            # Both scorer subtasks (parallelism 2) applied the rolled-back adapter.
            applied=$(committed "$WORK/run-e/applied" | jq -s --argjson r "${R:-0}" '[.[] | select(.version == $r and .refused == null) | .subtask] | unique | length')
            if [[ -n $R ]] && ((total == rows && distinct == rows && applied == 2)) \
                && jq -e --argjson r "$R" 'length > 0 and min >= $r' <<<"$late_versions" > /dev/null; then
                pass "check 5: Kafka (KRaft 3.9.1 on 127.0.0.1:$KAFKA_PORT) carried $rows transactions, their labels, the control command and $total scored events ($distinct distinct, read_committed: exactly once); control rollback to version 1 (served was $served) audited as $audit; it published version $R, applied by $applied/2 scorer subtasks, and the $held transactions sent after it were scored by versions $late_versions"
            else
                fail "check 5: rollback through Kafka: version '${R}' applied by $applied/2 scorers, scored $total/$distinct of $rows, versions after it $late_versions"
            fi
        else
            fail "check 5: the rollback command sent through Kafka was not audited as accepted"
        fi
        "$FLINK" cancel "$JOB_E" > /dev/null 2>&1
    else
        fail "check 5: the Kafka job did not run and heal (job '${JOB_E}')"
    fi
else
    fail "check 5: the Kafka broker did not start: $(tail -n 5 "$WORK/kafka-start.log")"
fi

# --- checks 6-9: many machines: 3 TaskManagers, 2 JobManagers with ZooKeeper HA, S3 -----------------

now_ms() { date +%s%3N; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }

# poll TIMEOUT_S COMMAND...: every half second; true when the command succeeded in time.
poll() {
    local deadline=$((SECONDS + $1))
    shift
    while ((SECONDS < deadline)); do
        "$@" && return 0
        sleep 0.5
    done
    return 1
}

vertex_id() { curl -sf "$REST/jobs/$1" | jq -r --arg n "$2" '[.vertices[] | select(.name | startswith($n)) | .id][0] // empty'; }
# The TaskManagers (resource ids) running any task of a job.
job_taskmanagers() {
    local v
    for v in $(curl -sf "$REST/jobs/$1" | jq -r '.vertices[] | select(.status == "RUNNING") | .id'); do
        curl -sf "$REST/jobs/$1/vertices/$v/taskmanagers" | jq -r '.taskmanagers[]."taskmanager-id"'
    done | sort -u
}
# The pid of the TaskManager process with this resource id, found by its data port.
taskmanager_pid() {
    local port
    port=$(curl -sf "$REST/taskmanagers/$1" | jq -r '.dataPort')
    ss -Hltnp "sport = :$port" | sed -n 's/.*pid=\([0-9]*\),.*/\1/p' | head -1
}
restored_count() { curl -sf "$REST/jobs/$1/checkpoints" | jq -r '.counts.restored // 0'; }
latest_checkpoint() { curl -sf "$REST/jobs/$1/checkpoints" | jq -r '.latest.completed.id // 0'; }
# Restored once more than before and every task running again (REST may not answer meanwhile).
recovered() {
    local n
    n=$(restored_count "$1") || return 1
    [[ -n $n ]] && ((n > $2)) && job_running "$1"
}
completed_beyond() { (($(completed_checkpoints "$1") > $2)); }

# Every model m0..m(N-1) has a heal committed.
models_healed() { (($(committed "$1/events" | jq -s '[.[] | select(.type == "heal") | .model] | unique | length') >= $2)); }
# Every model of a registry listing has an adapter version beyond the last one the listing holds.
healing_beyond() {
    committed "$1/adapters" | jq -e -s --slurpfile r "$2" '
        ($r[0].models | map({(.model): .last_version}) | add) as $last
        | [.[] | select(.version > $last[.model]) | .model] | unique | length == ($last | length)' > /dev/null
}
# Every SCORE subtask 0..P-1 applied, from restored broadcast state, each model's current version of
# the registry listing (or a newer one).
restored_everywhere() {
    committed "$1/applied" | jq -e -s --slurpfile r "$2" --argjson p "$3" '
        ($r[0].models | map({(.model): .current_version}) | add) as $cur
        | [.[] | select(.restored and .refused == null and .subtask < $p and .version >= $cur[.model])
              | "\(.subtask)/\(.model)"] | unique | length == ($p * ($cur | length))' > /dev/null
}
# Scored records after a savepoint (ids beyond the last one committed before it): their count, the
# subtasks that scored them, how many carry a version older than the model's current one at the
# savepoint (must be none), and each model's first version.
after_savepoint() {
    committed "$1/scored" | jq -c -s --slurpfile r "$2" --argjson b "$3" '
        ($r[0].models | map({(.model): .current_version}) | add) as $cur
        | [.[] | select((.id[2:] | tonumber) > $b)] as $post
        | {n: ($post | length), subtasks: ($post | map(.subtask) | unique),
           older: ($post | map(select(.model_version < $cur[.model])) | length),
           first: ($post | group_by(.model) | map(min_by(.id[2:] | tonumber) | {(.model): .model_version}) | add)}'
}
last_scored_id() { committed "$1/scored" | jq -r '.id[2:]' | sort -n | tail -1; }
# Registry listings A and B: both continuous for every model, B keeps A's history unchanged.
registries_agree() {
    jq -e -n --slurpfile a "$1" --slurpfile b "$2" '
        def cont: all(.models[]; [.snapshots[].version] == [range(1; .last_version + 1)]);
        def hist($l): [.snapshots[] | select(.version <= $l) | {version, parent, tag, batch, reason, time_ms}];
        ($a[0] | cont) and ($b[0] | cont) and ($a[0].models | length) == ($b[0].models | length)
        and all($a[0].models[]; . as $m | ($b[0].models[] | select(.model == $m.model) | hist($m.last_version))
                                == ($m | hist($m.last_version)))' > /dev/null
}
# Each of COUNT transactions scored exactly once: "total distinct missing".
exactly_once() {
    committed "$1/scored" | jq -r '.id[2:]' | sort -n | awk -v n="$2" '
        { total++; if ($1 != prev || total == 1) { distinct++; if ($1 >= 0 && $1 < n) seen++ } prev = $1 }
        END { print total + 0, distinct + 0, n - seen }'
}

R_MODELS=8
R_COUNT=200000
R_OUT=$WORK/run-r
log "restarting as several machines: 3 TaskManagers, 2 JobManagers (ZooKeeper HA), S3"
"$CLUSTER" stop > "$WORK/cluster-stop.log" 2>&1
if "$CLUSTER" start --taskmanagers 3 --jobmanagers 2 --storage s3 > "$WORK/cluster-start-ha.log" 2>&1; then
    HA_UP=1
    ZK_PID=$(cat "$SELFHEAL_CLUSTER_DIR/zookeeper/zookeeper.pid")
    S3_PID=$(cat "$SELFHEAL_CLUSTER_DIR/s3/s3proxy.pid")
    log "$(grep -c '^started' "$WORK/cluster-start-ha.log") processes up; leader: $("$CLUSTER" leader)"
else
    HA_UP=
    cat "$WORK/cluster-start-ha.log"
    fail "check 6: the cluster of 3 TaskManagers and 2 JobManagers did not start"
fi

# Step 1: eight models healing at parallelism 2.
R_STATUS=
if [[ -n $HA_UP ]]; then
    all_pids=$(cat "$SELFHEAL_CLUSTER_DIR"/run/*.pid | paste -sd'|')
    wildcard=$(ss -Hltnp | grep -E "pid=($all_pids|$ZK_PID|$S3_PID)," | awk '{print $4}' | grep -vE '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):' || true)
    [[ -z $wildcard ]] || fail "check 6: sockets bound beyond 127.0.0.1: $wildcard"
    job_config "$WORK/job-r2.yaml" "input.transactions=generator:seed:42:$R_COUNT" "input.generator-models=$R_MODELS" \
        "input.rate=400" "output.dir=$R_OUT" "parallelism=2"
    JOB_R2=$(submit "$WORK/job-r2.yaml") || JOB_R2=
    if [[ -n $JOB_R2 ]] && wait_until 180 job_running "$JOB_R2" && wait_until 180 models_healed "$R_OUT" $R_MODELS \
        && wait_until 60 has_checkpoint "$JOB_R2"; then
        R_STATUS=p2
    else
        fail "check 6: $R_MODELS models did not heal at parallelism 2 (job '${JOB_R2}', state $(job_state "${JOB_R2:-none}"))"
    fi
fi

# Step 2: stop with a savepoint at parallelism 2, resume at parallelism 4 across the 3 TaskManagers.
if [[ $R_STATUS == p2 ]]; then
    log "rescale 2 -> 4"
    t0=$(now_ms)
    SP_A=$(stop_with_savepoint "$JOB_R2" "$SAVEPOINTS") || SP_A=
    t1=$(now_ms)
    BOUNDARY_A=$(last_scored_id "$R_OUT")
    job_config "$WORK/job-r4.yaml" "input.transactions=generator:seed:42:$R_COUNT" "input.generator-models=$R_MODELS" \
        "input.rate=400" "output.dir=$R_OUT" "parallelism=4"
    JOB_R4=$( [[ -n $SP_A ]] && submit "$WORK/job-r4.yaml" "$SP_A") || JOB_R4=
    t_sub=$(now_ms)
    if [[ -n $JOB_R4 ]] && poll 180 job_running "$JOB_R4"; then
        t2=$(now_ms)
        DOWN_UP=$((t2 - t0))
        # Where the downtime went: the savepoint, the client building and submitting the job graph,
        # then scheduling, deploying and restoring until every task runs.
        PARTS_UP="savepoint $(secs $((t1 - t0))) s, submission $(secs $((t_sub - t1))) s, until every task ran $(secs $((t2 - t_sub))) s"
        tms=$(job_taskmanagers "$JOB_R4" | wc -l)
        registry_json "$SP_A" > "$WORK/registry-a.json"
        if wait_until 180 restored_everywhere "$R_OUT" "$WORK/registry-a.json" 4 \
            && wait_until 180 healing_beyond "$R_OUT" "$WORK/registry-a.json" && wait_until 60 has_checkpoint "$JOB_R4"; then
            R_STATUS=p4
            log "at parallelism 4 on $tms TaskManagers after $(secs $DOWN_UP) s ($PARTS_UP)"
        else
            fail "check 6: after resuming at parallelism 4 not every subtask applied the current versions of $SP_A, or healing stopped"
        fi
    else
        fail "check 6: could not stop job $JOB_R2 with a savepoint and resume it at parallelism 4 (savepoint '${SP_A}', job '${JOB_R4}')"
    fi
fi

# Step 3 (check 7): a TaskManager that runs part of the job dies at parallelism 4.
if [[ $R_STATUS == p4 ]]; then
    log "TaskManager failure at parallelism 4"
    heal_vertex=$(vertex_id "$JOB_R4" HEAL)
    victim=$(curl -sf "$REST/jobs/$JOB_R4/vertices/$heal_vertex/taskmanagers" | jq -r '.taskmanagers[0]."taskmanager-id"')
    victim_pid=$(taskmanager_pid "$victim")
    restored_before=$(restored_count "$JOB_R4")
    if [[ -n $victim_pid ]]; then
        kill -9 "$victim_pid"
        t_kill=$(now_ms)
        if poll 240 recovered "$JOB_R4" "$restored_before"; then
            TM_RECOVERY=$(($(now_ms) - t_kill))
            TM_RESTORED=$(curl -sf "$REST/jobs/$JOB_R4/checkpoints" | jq -r '.latest.restored | "\(.id) \(.external_path)"')
            TM_AFTER=$(job_taskmanagers "$JOB_R4" | wc -l)
            cp_now=$(completed_checkpoints "$JOB_R4")
            max_v=$(max_adapter_version "$R_OUT")
            if wait_until 120 completed_beyond "$JOB_R4" "$cp_now" && wait_until 120 adapter_beyond "$R_OUT" "$max_v"; then
                R_STATUS=tm
                log "TaskManager pid $victim_pid killed; RUNNING again on $TM_AFTER TaskManagers $(secs $TM_RECOVERY) s later, restored checkpoint $TM_RESTORED"
            else
                fail "check 7: the job recovered from the TaskManager's loss but made no checkpoint or heal after it"
            fi
        else
            fail "check 7: the job did not recover after TaskManager pid $victim_pid was killed (state $(job_state "$JOB_R4"))"
        fi
    else
        fail "check 7: no TaskManager process found for resource id '$victim'"
    fi
fi

# Step 4 (check 8): kill -9 the leading JobManager; the standby recovers the job from S3.
if [[ $R_STATUS == tm ]]; then
    log "JobManager failover"
    read -r leader_name leader_pid leader_url <<<"$("$CLUSTER" leader)"
    standby_url=http://127.0.0.1:$FLINK_REST_PORT
    [[ $leader_url == "$standby_url" ]] && standby_url=http://127.0.0.1:$((FLINK_REST_PORT + 1))
    latest_before=$(latest_checkpoint "$JOB_R4")
    max_v=$(max_adapter_version "$R_OUT")
    kill -9 "$leader_pid"
    t_kill=$(now_ms)
    REST=$standby_url
    # The new leader builds the job anew: its checkpoint statistics start from the restore.
    if poll 180 recovered "$JOB_R4" 0; then
        JM_RECOVERY=$(($(now_ms) - t_kill))
        JM_RESTORED=$(curl -sf "$REST/jobs/$JOB_R4/checkpoints" | jq -r '.latest.restored | "\(.id) \(.external_path)"')
        JM_RESTORED_ID=${JM_RESTORED%% *}
        new_leader=$("$CLUSTER" leader | cut -d' ' -f1)
        if wait_until 120 has_checkpoint "$JOB_R4" && wait_until 120 adapter_beyond "$R_OUT" "$max_v"; then
            R_STATUS=jm
            log "$leader_name (pid $leader_pid) killed; $new_leader leads, job RUNNING $(secs $JM_RECOVERY) s later from checkpoint $JM_RESTORED (latest completed before the kill: $latest_before)"
        else
            fail "check 8: after the failover the job made no checkpoint or heal"
        fi
    else
        fail "check 8: the job was not RUNNING within 180 s of killing $leader_name (pid $leader_pid) (state on the standby: $(job_state "$JOB_R4"))"
    fi
fi

# Step 5: scale down to 1 with another savepoint; the rest of the input unthrottled, to its end.
if [[ $R_STATUS == jm ]]; then
    log "rescale 4 -> 1"
    t0=$(now_ms)
    SP_B=$(stop_with_savepoint "$JOB_R4" "$SAVEPOINTS") || SP_B=
    t1=$(now_ms)
    BOUNDARY_B=$(last_scored_id "$R_OUT")
    job_config "$WORK/job-r1.yaml" "input.transactions=generator:seed:42:$R_COUNT" "input.generator-models=$R_MODELS" \
        "input.rate=0" "output.dir=$R_OUT" "parallelism=1"
    JOB_R1=$( [[ -n $SP_B ]] && submit "$WORK/job-r1.yaml" "$SP_B") || JOB_R1=
    t_sub=$(now_ms)
    if [[ -n $JOB_R1 ]] && poll 180 job_running "$JOB_R1"; then
        t2=$(now_ms)
        DOWN_DOWN=$((t2 - t0))
        PARTS_DOWN="savepoint $(secs $((t1 - t0))) s, submission $(secs $((t_sub - t1))) s, until every task ran $(secs $((t2 - t_sub))) s"
        log "at parallelism 1 after $(secs $DOWN_DOWN) s ($PARTS_DOWN)"
        registry_json "$SP_B" > "$WORK/registry-b.json"
        if wait_until 300 job_in_state "$JOB_R1" FINISHED; then
            R_STATUS=done
        else
            fail "check 6: the job at parallelism 1 did not finish its input (state $(job_state "$JOB_R1"))"
        fi
    else
        fail "check 6: could not stop job $JOB_R4 with a savepoint and resume it at parallelism 1 (savepoint '${SP_B}', job '${JOB_R1}')"
    fi
fi

if [[ $R_STATUS == done ]]; then
    read -r total distinct missing <<<"$(exactly_once "$R_OUT" "$R_COUNT")"
    once="$total scored, $distinct distinct, $missing of $R_COUNT missing"
    exact=$(( total == R_COUNT && distinct == R_COUNT && missing == 0 ))
    after_a=$(after_savepoint "$R_OUT" "$WORK/registry-a.json" "$BOUNDARY_A")
    after_b=$(after_savepoint "$R_OUT" "$WORK/registry-b.json" "$BOUNDARY_B")
    # The registry each model ended with (audited at the end of the input) continues savepoint B's.
    committed "$R_OUT/events" | jq -s '{models: [.[] | select(.type == "registry") | .details + {model}]}' > "$WORK/registry-end.json"
    applied_1=$(restored_everywhere "$R_OUT" "$WORK/registry-b.json" 1 && echo yes || echo no)
    if ((exact)) && registries_agree "$WORK/registry-a.json" "$WORK/registry-b.json" \
        && registries_agree "$WORK/registry-b.json" "$WORK/registry-end.json" \
        && jq -e '.older == 0 and (.subtasks | length) == 4' <<<"$after_a" > /dev/null \
        && jq -e '.older == 0 and .subtasks == [0]' <<<"$after_b" > /dev/null && [[ $applied_1 == yes ]] \
        && [[ $(jq '.models | length' "$WORK/registry-end.json") == "$R_MODELS" ]]; then
        pass "check 6: rescale 2 -> 4 -> 1 with $R_MODELS models healing, 3 TaskManagers: downtime $(secs $DOWN_UP) s (2 -> 4: $PARTS_UP; savepoint $SP_A, resumed on $tms TaskManagers) and $(secs $DOWN_DOWN) s (4 -> 1: $PARTS_DOWN; savepoint $SP_B); registries of every model identical across both savepoints and the end, continuous (last versions $(jq -c '[.models[].last_version]' "$WORK/registry-end.json")); all 4 new SCORE subtasks and then the single one applied each model's current version from restored state before scoring, and no record after either savepoint was scored by an older version (after 2 -> 4: $(jq -c '{n, subtasks, older}' <<<"$after_a"); after 4 -> 1: $(jq -c '{n, subtasks, older}' <<<"$after_b")); exactly once: $once"
    else
        fail "check 6: rescale: exactly once '$once', registries A/B agree $(registries_agree "$WORK/registry-a.json" "$WORK/registry-b.json" && echo yes || echo no), B/end agree $(registries_agree "$WORK/registry-b.json" "$WORK/registry-end.json" && echo yes || echo no), after 2 -> 4 $after_a, after 4 -> 1 $after_b, single scorer applied $applied_1"
    fi
    reg_end_ok=$(jq -e 'all(.models[]; [.snapshots[].version] == [range(1; .last_version + 1)])' "$WORK/registry-end.json" > /dev/null && echo yes || echo no)
    if ((exact)) && [[ $reg_end_ok == yes && $TM_RESTORED == *s3://* ]]; then
        pass "check 7: TaskManager pid $victim_pid (running HEAL) killed -9 at parallelism 4: RUNNING again on the $TM_AFTER remaining TaskManagers $(secs $TM_RECOVERY) s later from checkpoint $TM_RESTORED; exactly once over the whole run ($once); every registry continuous"
    else
        fail "check 7: after the TaskManager's loss: restored '$TM_RESTORED', $once, registries continuous $reg_end_ok"
    fi
    if ((exact)) && [[ $reg_end_ok == yes && $JM_RESTORED == *s3://* && ${JM_RESTORED_ID:-0} -ge ${latest_before:-1} ]] \
        && ((JM_RECOVERY <= 30000)); then
        pass "check 8: leading $leader_name (pid $leader_pid) killed -9 mid-stream: $new_leader took over through ZooKeeper and the job was RUNNING $(secs $JM_RECOVERY) s later (goal <= 30 s) from checkpoint $JM_RESTORED, the latest (the last completed before the kill was $latest_before); exactly once ($once); every registry continuous and identical to the savepoints'"
    else
        fail "check 8: JobManager failover: RUNNING after $(secs "${JM_RECOVERY:-0}") s (goal <= 30 s), restored '$JM_RESTORED' (latest before the kill $latest_before), $once, registries continuous $reg_end_ok"
    fi
elif [[ -n $HA_UP ]]; then
    fail "check 7/8: not reached (the rescale run stopped at step '${R_STATUS:-start}')"
fi

# --- check 9: every checkpoint and savepoint of the run went to S3 ----------------------------------

log "where checkpoints and savepoints went"
store=$SELFHEAL_CLUSTER_DIR/s3/data/selfheal
local_meta=$(find "$WORK" "$SELFHEAL_CLUSTER_DIR" "$REPO/deploy/local" -name _metadata -not -path "$store/*" 2>/dev/null | head -5)
sp_in_store=$(find "$store/savepoints" -name _metadata 2>/dev/null | wc -l)
chk_in_store=$(find "$store/checkpoints" -name _metadata 2>/dev/null | wc -l)
paths="${SP1:-} ${SP2:-} ${SP3:-} ${SP_A:-} ${SP_B:-}"
not_s3=$(tr ' ' '\n' <<<"$paths" | grep . | grep -v '^s3://' || true)
# The Kafka job was cancelled, so its checkpoints are retained: the registry command finds the newest.
retained=
if [[ -n ${JOB_E:-} ]] && registry_json "s3://selfheal/checkpoints/$JOB_E" > "$WORK/registry-retained.json" \
    && jq -e '(.models | length) == 1 and all(.models[]; [.snapshots[].version] == [range(1; .last_version + 1)])' \
        "$WORK/registry-retained.json" > /dev/null; then
    retained="; registry --savepoint s3://selfheal/checkpoints/$JOB_E read the newest retained checkpoint of the cancelled Kafka job (versions 1..$(jq '.models[0].last_version' "$WORK/registry-retained.json"), continuous)"
fi
if [[ -z $local_meta && -z $not_s3 && -n $retained ]] && ((sp_in_store >= $(wc -w <<<"$paths") && sp_in_store > 0)); then
    pass "check 9: every savepoint of the run ($(wc -w <<<"$paths"), the last $SP_B) and every checkpoint went to s3://selfheal through the S3 plugin: the store holds $sp_in_store savepoints and $chk_in_store retained checkpoints; no _metadata file on local disk outside the store$retained"
else
    fail "check 9: savepoints or checkpoints outside S3 or unreadable there: paths not on s3 '${not_s3}', local _metadata files '${local_meta}', savepoints in the store $sp_in_store, retained checkpoint read '${retained:-no}' ($(tail -n 1 "$WORK/registry-err.log" 2>/dev/null))"
fi

# --- check 10: a demo's report.html renders offline in a browser -----------------------------------

log "a demo's report.html in headless Chromium"
# Plain java, not selfheal(): the demo runs its own embedded cluster and must not read the
# standalone cluster's configuration; no Prometheus reporter, so no port is taken.
if java -jar "$JAR" demo --scenario shift --labels requested:0.1 --epochs 5 --quiet --out "$WORK/demo" \
        --set metrics.prometheus.port= > "$WORK/demo.log" 2>&1; then
    result=$("$E2E_DIR/report-check.sh" "$WORK/demo/report.html" --screenshot "$WORK/demo/report.png")
    case $? in
        0) pass "check 10: ${result#PASS: }" ;;
        3) echo "SKIP check 10: ${result#SKIP: }" ;;
        *) fail "check 10: the demo's report.html: ${result#FAIL: }" ;;
    esac
else
    fail "check 10: the demo did not run: $(tail -n 2 "$WORK/demo.log" | tr '\n' ' ')"
fi

log "done in $((SECONDS - T0)) s"
echo "e2e: $PASSED passed, $FAILED failed"
((FAILED == 0))
