#!/usr/bin/env bash
# A real standalone Flink 2.3.0 session cluster on this machine: one JobManager and one
# TaskManager java process, RocksDB, checkpoint and savepoint directories, the Prometheus reporter,
# everything bound to 127.0.0.1. No Flink distribution is reachable, so the first start assembles
# lib/ and plugins/ from Maven Central (deploy/local/pom.xml) into the cluster directory.
#
#   cluster.sh start              assemble if needed, start JobManager + TaskManager, wait until ready
#   cluster.sh stop               stop every process of the cluster
#   cluster.sh status             processes and the REST overview (exit 3 when not running)
#   cluster.sh start-taskmanager  start one more TaskManager (e.g. after one died)
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

write_conf() {
    mkdir -p "$FLINK_CONF" "$FLINK_LOGS" "$FLINK_RUN" "$CLUSTER_DIR"/{checkpoints,savepoints,rocksdb,djl-cache}
    sed -e "s#@CLUSTER_DIR@#$CLUSTER_DIR#g" \
        -e "s#@REST_PORT@#${FLINK_REST_PORT:-8081}#g" \
        -e "s#@RPC_PORT@#${FLINK_RPC_PORT:-6123}#g" \
        -e "s#@PROM_PORTS@#${FLINK_PROM_PORTS:-9249-9260}#g" \
        "$LOCAL_DIR/conf/config.yaml" > "$FLINK_CONF/config.yaml"
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

# launch NAME MAIN_CLASS RESOURCE_QUERY ROLE_OPTS_KEY: start one daemon in the background, its pid in
# run/NAME.pid; JVM options from env.java.opts.all and the role's own key (as Flink's scripts do).
launch() {
    local name=$1 main=$2 params jvm dyn
    params=$(resource_params "$3")
    jvm=$(sed -n 1p <<<"$params")
    dyn=$(sed -n 2p <<<"$params")
    # shellcheck disable=SC2086  # word splitting of option lists is intended
    nohup "$JAVA" $jvm $(conf_value env.java.opts.all) $(conf_value "$4") \
        -Dlog.file="$FLINK_LOGS/$name.log" \
        -Dlog4j.configurationFile="file:$FLINK_CONF/log4j.properties" \
        -cp "$FLINK_LIB/*" "$main" --configDir "$FLINK_CONF" $dyn \
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
            echo "$name registered: $(rest_url)"
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

registered_taskmanagers() {
    curl -sf --max-time 2 "$(rest_url)/overview" | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p'
}

# Waits until at least $1 TaskManagers are registered; fails early when a process died.
wait_ready() {
    local want=$1 deadline=$((SECONDS + READY_TIMEOUT_S)) n pidfile
    while ((SECONDS < deadline)); do
        n=$(registered_taskmanagers || true)
        if [[ -n $n && $n -ge $want ]]; then
            echo "cluster ready: $(rest_url) ($n TaskManager(s))"
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
    for pidfile in "$FLINK_RUN"/taskmanager-*.pid "$FLINK_RUN"/jobmanager.pid; do
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
}

status() {
    local pidfile running=0
    for pidfile in "$FLINK_RUN"/jobmanager.pid "$FLINK_RUN"/taskmanager-*.pid; do
        [[ -e $pidfile ]] || continue
        if alive "$pidfile"; then
            echo "$(basename "$pidfile" .pid): running (pid $(cat "$pidfile"))"
            running=1
        else
            echo "$(basename "$pidfile" .pid): dead (stale pid $(cat "$pidfile"))"
        fi
    done
    if ((running)); then
        echo "overview: $(curl -sf --max-time 2 "$(rest_url)/overview" || echo 'REST not answering')"
        return 0
    fi
    echo "cluster not running ($CLUSTER_DIR)"
    return 3
}

start() {
    if alive "$FLINK_RUN/jobmanager.pid"; then
        echo "cluster already running"
        status
        return 0
    fi
    assemble
    write_conf
    # Logs of an earlier run of the cluster are kept aside, not mixed with this one's.
    if compgen -G "$FLINK_LOGS/*.log" > /dev/null; then
        local old="$FLINK_LOGS/previous-$(date +%Y%m%d-%H%M%S)"
        mkdir -p "$old"
        mv "$FLINK_LOGS"/*.log "$FLINK_LOGS"/*.out "$old/" 2>/dev/null || true
    fi
    # Whatever this start launched is stopped again if the cluster does not come up.
    trap 'echo "start failed: stopping what was started" >&2; stop_all' ERR
    launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS \
        env.java.opts.jobmanager
    start_taskmanager
    wait_ready 1
    trap - ERR
}

case "${1:-}" in
    start) start ;;
    stop) stop_all ;;
    status) status ;;
    start-taskmanager)
        alive "$FLINK_RUN/jobmanager.pid" || die "no JobManager running: cluster.sh start"
        start_taskmanager
        if ! wait_registered "$LAST_TASKMANAGER"; then
            kill -9 "$(cat "$FLINK_RUN/$LAST_TASKMANAGER.pid")" 2>/dev/null || true
            rm -f "$FLINK_RUN/$LAST_TASKMANAGER.pid"
            die "the new TaskManager did not come up"
        fi
        ;;
    *)
        echo "usage: $0 start|stop|status|start-taskmanager" >&2
        exit 2
        ;;
esac
