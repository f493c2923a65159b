#!/usr/bin/env bash
# A real standalone Flink 2.3.0 session cluster on this machine: JobManager and TaskManager java
# processes, RocksDB, checkpoint and savepoint directories, the Prometheus reporter, everything
# bound to 127.0.0.1. No Flink distribution is reachable, so the first start assembles lib/ and
# plugins/ from Maven Central (deploy/local/pom.xml) into the cluster directory.
#
#   cluster.sh start [OPTIONS]     assemble if needed, start the processes, wait until ready
#     --taskmanagers N             N TaskManager processes, each standing in for a machine (default 1)
#     --storage local|s3           checkpoints, savepoints (and HA data) in the cluster directory
#                                  (default) or on S3: s3://$S3_BUCKET/ in a local s3proxy (s3.sh),
#                                  or in the store at SELFHEAL_S3_ENDPOINT when that is set
#     --jobmanagers N              N >= 2: ZooKeeper HA, a local ZooKeeper server (zookeeper.sh) and
#                                  N JobManagers (one leader, the others standby), REST and RPC ports
#                                  counted up from the first JobManager's
#   cluster.sh stop                stop every process of the cluster (s3proxy and ZooKeeper included)
#   cluster.sh status              processes and the REST overview (exit 3 when not running)
#   cluster.sh start-taskmanager   start one more TaskManager (e.g. after one died)
#   cluster.sh start-jobmanager    start one more JobManager (HA only; e.g. a new standby)
#   cluster.sh leader              the leading JobManager: name, pid, REST address
#
# See env.sh for the directory and port overrides. Logs: CLUSTER_DIR/log/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

READY_TIMEOUT_S=${CLUSTER_READY_TIMEOUT_S:-120}
REPORTER_JAR=$REPO_DIR/reporter/target/selfheal-reporter.jar

# --- assembling lib/ and plugins/ ------------------------------------------------------------------

assemble() {
    local stamp
    stamp=$(sha256sum "$LOCAL_DIR/pom.xml" "$REPO_DIR/pom.xml" | sha256sum | cut -c1-16)
    if [[ -f $FLINK_LIB/.assembled && $(cat "$FLINK_LIB/.assembled") == "$stamp" ]]; then
        return
    fi
    echo "assembling the Flink cluster's lib/ from Maven Central into $CLUSTER_DIR (first start only)"
    rm -rf "$FLINK_LIB" "$FLINK_PLUGINS"
    mvn -B -q -Dstyle.color=never ${MVN_ARGS:-} -f "$LOCAL_DIR/pom.xml" package -Dcluster.dir="$CLUSTER_DIR" \
        || die "could not assemble the cluster's jars (mvn failed; see above)"
    echo "$stamp" > "$FLINK_LIB/.assembled"
}

# write_conf STORAGE JOBMANAGERS
write_conf() {
    local storage=$1 jobmanagers=$2 conf=$FLINK_CONF/config.yaml
    mkdir -p "$FLINK_CONF" "$FLINK_LOGS" "$FLINK_RUN" "$CLUSTER_DIR"/{checkpoints,savepoints,rocksdb,djl-cache}
    sed -e "s#@CLUSTER_DIR@#$CLUSTER_DIR#g" \
        -e "s#@REST_PORT@#$REST_PORT#g" \
        -e "s#@RPC_PORT@#$RPC_PORT#g" \
        -e "s#@PROM_PORTS@#${FLINK_PROM_PORTS:-9249-9260}#g" \
        "$LOCAL_DIR/conf/config.yaml" > "$conf"
    local ha_dir=file://$CLUSTER_DIR/ha
    if [[ $storage == s3 ]]; then
        # The same keys a real cluster sets for its bucket (docs/operations.md); only the endpoint,
        # path-style addressing and the credentials are the local store's.
        sed -i -e "s#^execution.checkpointing.dir: .*#execution.checkpointing.dir: s3://$S3_BUCKET/checkpoints#" \
            -e "s#^execution.checkpointing.savepoint-dir: .*#execution.checkpointing.savepoint-dir: s3://$S3_BUCKET/savepoints#" "$conf"
        ha_dir=s3://$S3_BUCKET/ha
        cat >> "$conf" <<YAML

# Shared object storage (cluster.sh --storage s3): checkpoints, savepoints and HA data on s3://
# through the flink-s3-fs-presto plugin (plugins/s3-fs-presto).
s3.endpoint: $S3_ENDPOINT
s3.path.style.access: true
s3.access-key: ${S3_ACCESS_KEY:-selfheal}
s3.secret-key: ${S3_SECRET_KEY:-selfheal-local-only}
YAML
    fi
    if ((jobmanagers > 1)); then
        cat >> "$conf" <<YAML

# JobManager high availability (cluster.sh --jobmanagers $jobmanagers): leader election through
# ZooKeeper, job graphs and checkpoint pointers under the storage directory. A short session lets a
# standby take over a few seconds after the leader dies (the default, 60 s, would be the outage).
high-availability.type: zookeeper
high-availability.zookeeper.quorum: $ZOOKEEPER_QUORUM
high-availability.zookeeper.path.root: /flink
high-availability.cluster-id: /selfheal-local
high-availability.storageDir: $ha_dir
high-availability.zookeeper.client.session-timeout: 6000
high-availability.zookeeper.client.connection-timeout: 3000
# The local ZooKeeper has no Kerberos: without this every client logs a failed SASL login.
zookeeper.sasl.disable: true
YAML
    fi
    cp "$LOCAL_DIR/conf/log4j.properties" "$LOCAL_DIR/conf/log4j-cli.properties" "$FLINK_CONF/"
    # Our reporter binds one address; it shares the plugin directory (and class loader) with Flink's.
    [[ -f $REPORTER_JAR ]] || die "$REPORTER_JAR is missing: build first (mvn -B package -DskipTests)"
    cp "$REPORTER_JAR" "$FLINK_PLUGINS/metrics-prometheus/"
}

# --- processes -------------------------------------------------------------------------------------

alive() {
    [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

# JVM memory flags (line 1) and -D dynamic properties (line 2) that Flink derives from config.yaml.
resource_params() {
    local out
    out=$("$JAVA" -cp "$FLINK_LIB/*" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$FLINK_CONF" 2>&1) \
        || die "BashJavaUtils $1 failed: $out"
    grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

# launch NAME MAIN_CLASS RESOURCE_QUERY ROLE_OPTS_KEY [-Dkey=value...]: start one daemon in the
# background, its pid in run/NAME.pid; JVM options from env.java.opts.all and the role's own key (as
# Flink's scripts do), then the dynamic properties Flink derived and those given.
launch() {
    local name=$1 main=$2 params jvm dyn
    params=$(resource_params "$3")
    jvm=$(sed -n 1p <<<"$params")
    dyn=$(sed -n 2p <<<"$params")
    # shellcheck disable=SC2086  # word splitting of option lists is intended
    nohup "$JAVA" $jvm $(conf_value env.java.opts.all) $(conf_value "$4") \
        -Dlog.file="$FLINK_LOGS/$name.log" \
        -Dlog4j.configurationFile="file:$FLINK_CONF/log4j.properties" \
        -cp "$FLINK_LIB/*" "$main" --configDir "$FLINK_CONF" $dyn "${@:5}" \
        > "$FLINK_LOGS/$name.out" 2>&1 < /dev/null &
    echo $! > "$FLINK_RUN/$name.pid"
    echo "started $name (pid $!)"
}

start_taskmanager() {
    local n=1 pidfile
    # A TaskManager that died (killed, crashed) leaves its pid file: forget it, keep its log.
    for pidfile in "$FLINK_RUN"/taskmanager-*.pid; do
        [[ -e $pidfile ]] && ! alive "$pidfile" && rm -f "$pidfile"
    done
    while [[ -e $FLINK_RUN/taskmanager-$n.pid || -e $FLINK_LOGS/taskmanager-$n.log ]]; do
        n=$((n + 1))
    done
    launch "taskmanager-$n" org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS \
        env.java.opts.taskmanager
    LAST_TASKMANAGER=taskmanager-$n
}

# Waits until the TaskManager just started has registered with the ResourceManager (counting
# TaskManagers would be fooled by a dead one the JobManager has not yet noticed).
wait_registered() {
    local name=$1 deadline=$((SECONDS + READY_TIMEOUT_S))
    while ((SECONDS < deadline)); do
        if grep -q 'Successful registration at resource manager' "$FLINK_LOGS/$name.log" 2>/dev/null; then
            echo "$name registered: $(leader_url || rest_url)"
            return 0
        fi
        if ! alive "$FLINK_RUN/$name.pid"; then
            echo "$name died; its log:" >&2
            tail -n 30 "$FLINK_LOGS/$name.log" "$FLINK_LOGS/$name.out" >&2 || true
            return 1
        fi
        sleep 1
    done
    echo "$name did not register within ${READY_TIMEOUT_S}s" >&2
    return 1
}

# start_jobmanager N: JobManager N; with HA each has its own REST and RPC port (the first one's + N-1).
start_jobmanager() {
    local n=$1
    # With HA the RPC port is high-availability.jobmanager.port (random by default): TaskManagers
    # and clients find the leader through ZooKeeper, not through a configured address.
    launch "jobmanager-$n" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
        GET_JM_RESOURCE_PARAMS env.java.opts.jobmanager -Drest.port=$((REST_PORT + n - 1))
}

# The leading JobManager: "NAME PID REST_URL". Every JobManager's REST endpoint answers (a standby
# forwards to the leader), so the leader is the live one that was granted leadership last and has
# not lost it since, as its log says.
leader() {
    local pidfile name log granted revoked best="" best_t=""
    for pidfile in "$FLINK_RUN"/jobmanager-*.pid; do
        [[ -e $pidfile ]] && alive "$pidfile" || continue
        name=$(basename "$pidfile" .pid)
        log=$FLINK_LOGS/$name.log
        granted=$(grep 'DefaultDispatcherRunner was granted leadership' "$log" 2>/dev/null | tail -1 | cut -c1-23)
        revoked=$(grep 'DefaultDispatcherRunner was revoked' "$log" 2>/dev/null | tail -1 | cut -c1-23)
        [[ -n $granted && ! $revoked > $granted ]] || continue
        if [[ -z $best || $granted > $best_t ]]; then
            best=$name
            best_t=$granted
        fi
    done
    [[ -n $best ]] || return 1
    echo "$best $(cat "$FLINK_RUN/$best.pid") http://127.0.0.1:$((REST_PORT + ${best#jobmanager-} - 1))"
}

# The REST address of the leading JobManager: with HA a standby's REST endpoint answers 503 or
# not at all, so the one whose overview answers is the leader.
leader_url() {
    local pidfile n url
    for pidfile in "$FLINK_RUN"/jobmanager-*.pid; do
        [[ -e $pidfile ]] && alive "$pidfile" || continue
        n=$(basename "$pidfile" .pid)
        n=${n#jobmanager-}
        url=http://127.0.0.1:$((REST_PORT + n - 1))
        if curl -sf --max-time 2 "$url/overview" > /dev/null 2>&1; then
            echo "$url"
            return 0
        fi
    done
    return 1
}

registered_taskmanagers() {
    local url
    url=$(leader_url) || return 1
    curl -sf --max-time 2 "$url/overview" | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p'
}

# Waits until at least $1 TaskManagers are registered; fails early when a process died.
wait_ready() {
    local want=$1 deadline=$((SECONDS + READY_TIMEOUT_S)) n pidfile
    while ((SECONDS < deadline)); do
        n=$(registered_taskmanagers || true)
        if [[ -n $n && $n -ge $want ]]; then
            echo "cluster ready: $(leader_url) ($n TaskManager(s))"
            return 0
        fi
        for pidfile in "$FLINK_RUN"/*.pid; do
            [[ -e $pidfile ]] || continue
            if ! alive "$pidfile"; then
                echo "$(basename "$pidfile" .pid) died; its log:" >&2
                tail -n 30 "$FLINK_LOGS/$(basename "$pidfile" .pid).log" "$FLINK_LOGS/$(basename "$pidfile" .pid).out" >&2 || true
                return 1
            fi
        done
        sleep 1
    done
    echo "cluster not ready after ${READY_TIMEOUT_S}s" >&2
    return 1
}

stop_all() {
    local pidfile pid i any=0
    for pidfile in "$FLINK_RUN"/taskmanager-*.pid "$FLINK_RUN"/jobmanager-*.pid; do
        [[ -e $pidfile ]] || continue
        pid=$(cat "$pidfile")
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for i in $(seq 1 30); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.5
            done
            if kill -0 "$pid" 2>/dev/null; then
                kill -9 "$pid" 2>/dev/null || true
            fi
            echo "stopped $(basename "$pidfile" .pid) (pid $pid)"
            any=1
        fi
        rm -f "$pidfile"
    done
    ((any)) || echo "no cluster process was running"
    # The store and ZooKeeper go with the cluster that started them (their data stays on disk).
    if [[ -e $FLINK_RUN/s3.started ]]; then
        "$LOCAL_DIR/s3.sh" stop
        rm -f "$FLINK_RUN/s3.started"
    fi
    if [[ -e $FLINK_RUN/zookeeper.started ]]; then
        "$LOCAL_DIR/zookeeper.sh" stop
        rm -f "$FLINK_RUN/zookeeper.started"
    fi
}

status() {
    local pidfile running=0
    for pidfile in "$FLINK_RUN"/jobmanager-*.pid "$FLINK_RUN"/taskmanager-*.pid; do
        [[ -e $pidfile ]] || continue
        if alive "$pidfile"; then
            echo "$(basename "$pidfile" .pid): running (pid $(cat "$pidfile"))"
            running=1
        else
            echo "$(basename "$pidfile" .pid): dead (stale pid $(cat "$pidfile"))"
        fi
    done
    [[ -e $FLINK_RUN/s3.started ]] && { "$LOCAL_DIR/s3.sh" status || true; }
    [[ -e $FLINK_RUN/zookeeper.started ]] && { "$LOCAL_DIR/zookeeper.sh" status || true; }
    if ((running)); then
        local url
        url=$(leader_url) || url=
        echo "leader: ${url:-none answering}"
        echo "overview: $( [[ -n $url ]] && curl -sf --max-time 2 "$url/overview" || echo 'REST not answering')"
        return 0
    fi
    echo "cluster not running ($CLUSTER_DIR)"
    return 3
}

any_jobmanager_alive() {
    local pidfile
    for pidfile in "$FLINK_RUN"/jobmanager-*.pid; do
        [[ -e $pidfile ]] && alive "$pidfile" && return 0
    done
    return 1
}

start() {
    local taskmanagers=1 jobmanagers=1 storage=local i
    while (($#)); do
        case $1 in
            --taskmanagers) taskmanagers=${2:-}; shift 2 ;;
            --jobmanagers) jobmanagers=${2:-}; shift 2 ;;
            --storage) storage=${2:-}; shift 2 ;;
            *) die "unknown option '$1' (start [--taskmanagers N] [--jobmanagers N] [--storage local|s3])" ;;
        esac
    done
    [[ $taskmanagers =~ ^[1-9][0-9]*$ ]] || die "--taskmanagers needs a number >= 1, not '$taskmanagers'"
    [[ $jobmanagers =~ ^[1-9][0-9]*$ ]] || die "--jobmanagers needs a number >= 1, not '$jobmanagers'"
    [[ $storage == local || $storage == s3 ]] || die "--storage is local or s3, not '$storage'"
    if any_jobmanager_alive; then
        echo "cluster already running"
        status
        return 0
    fi
    assemble
    mkdir -p "$FLINK_RUN"
    # Whatever this start launched is stopped again if the cluster does not come up.
    trap 'echo "start failed: stopping what was started" >&2; stop_all' ERR
    if [[ $storage == s3 && -z ${SELFHEAL_S3_ENDPOINT:-} ]]; then
        touch "$FLINK_RUN/s3.started"
        "$LOCAL_DIR/s3.sh" start
    fi
    if ((jobmanagers > 1)) && [[ -z ${SELFHEAL_ZOOKEEPER_QUORUM:-} ]]; then
        touch "$FLINK_RUN/zookeeper.started"
        "$LOCAL_DIR/zookeeper.sh" start
    fi
    write_conf "$storage" "$jobmanagers"
    # Logs of an earlier run of the cluster are kept aside, not mixed with this one's.
    if compgen -G "$FLINK_LOGS/*.log" > /dev/null; then
        local old="$FLINK_LOGS/previous-$(date +%Y%m%d-%H%M%S)"
        mkdir -p "$old"
        mv "$FLINK_LOGS"/*.log "$FLINK_LOGS"/*.out "$old/" 2>/dev/null || true
    fi
    for ((i = 1; i <= jobmanagers; i++)); do
        start_jobmanager "$i"
    done
    for ((i = 1; i <= taskmanagers; i++)); do
        start_taskmanager
    done
    wait_ready "$taskmanagers"
    trap - ERR
}

case "${1:-}" in
    start)
        shift
        start "$@"
        ;;
    stop) stop_all ;;
    status) status ;;
    start-taskmanager)
        any_jobmanager_alive || die "no JobManager running: cluster.sh start"
        start_taskmanager
        if ! wait_registered "$LAST_TASKMANAGER"; then
            kill -9 "$(cat "$FLINK_RUN/$LAST_TASKMANAGER.pid")" 2>/dev/null || true
            rm -f "$FLINK_RUN/$LAST_TASKMANAGER.pid"
            die "the new TaskManager did not come up"
        fi
        ;;
    start-jobmanager)
        any_jobmanager_alive || die "no JobManager running: cluster.sh start"
        [[ $(conf_value high-availability.type) == zookeeper ]] \
            || die "one JobManager without HA: a second one needs cluster.sh start --jobmanagers 2"
        n=1
        while [[ -e $FLINK_RUN/jobmanager-$n.pid ]] && alive "$FLINK_RUN/jobmanager-$n.pid"; do
            n=$((n + 1))
        done
        rm -f "$FLINK_RUN/jobmanager-$n.pid"
        start_jobmanager "$n"
        ;;
    leader) leader || die "no live JobManager holds the leadership" ;;
    *)
        echo "usage: $0 start [--taskmanagers N] [--jobmanagers N] [--storage local|s3]|stop|status|start-taskmanager|start-jobmanager|leader" >&2
        exit 2
        ;;
esac
