#!/usr/bin/env bash
# A local ZooKeeper server for JobManager high availability (high-availability.type: zookeeper):
# leader election between the JobManagers and pointers to the HA data on shared storage. One
# standalone server, bound to 127.0.0.1, no admin web server. The first start copies its jars from
# Maven Central (deploy/local/zookeeper/pom.xml). cluster.sh start --jobmanagers 2 starts it.
#
#   zookeeper.sh start | stop | status
#
# Overrides: SELFHEAL_ZOOKEEPER_DIR (default deploy/local/.zookeeper), ZOOKEEPER_PORT (2181).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/servers.sh"
ZK_DIR=${SELFHEAL_ZOOKEEPER_DIR:-$HERE/.zookeeper}
mkdir -p "$ZK_DIR"
ZK_DIR=$(cd "$ZK_DIR" && pwd)
PORT=${ZOOKEEPER_PORT:-2181}
LIB=$ZK_DIR/lib
PIDFILE=$ZK_DIR/zookeeper.pid
JAVA=${JAVA:-java}

die() {
    echo "zookeeper.sh: $*" >&2
    exit 1
}

assemble() {
    assemble_jars "ZooKeeper" "$HERE/zookeeper/pom.xml" "$LIB" "zookeeper.dir=$ZK_DIR"
}

write_config() {
    mkdir -p "$ZK_DIR/data" "$ZK_DIR/log"
    cat > "$ZK_DIR/zoo.cfg" <<CFG
# Written by zookeeper.sh at every start. One standalone server.
tickTime=1000
# Sessions may be as short as 2 ticks: Flink asks for a short one so that a JobManager killed with
# -9 loses its leadership in seconds (high-availability.zookeeper.client.session-timeout).
minSessionTimeout=2000
dataDir=$ZK_DIR/data
clientPort=$PORT
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr,stat,mntr
maxClientCnxns=0
autopurge.purgeInterval=1
CFG
}

alive() {
    [[ -f $PIDFILE ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

# The four-letter "ruok" over a plain TCP connection (no nc needed).
answers() {
    local reply
    reply=$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT && printf ruok >&3 && cat <&3" 2>/dev/null || true)
    [[ $reply == imok ]]
}

start() {
    if alive; then
        echo "zookeeper already running (pid $(cat "$PIDFILE")) on 127.0.0.1:$PORT"
        return 0
    fi
    assemble
    write_config
    nohup "$JAVA" -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$LIB/*" \
        org.apache.zookeeper.server.ZooKeeperServerMain "$ZK_DIR/zoo.cfg" \
        > "$ZK_DIR/log/zookeeper.out" 2>&1 < /dev/null &
    echo $! > "$PIDFILE"
    echo "started zookeeper (pid $!)"
    local deadline=$((SECONDS + 60))
    while ((SECONDS < deadline)); do
        if ! alive; then
            tail -n 30 "$ZK_DIR/log/zookeeper.out" >&2 || true
            rm -f "$PIDFILE"
            die "zookeeper died at start"
        fi
        if answers; then
            echo "zookeeper ready on 127.0.0.1:$PORT"
            return 0
        fi
        sleep 0.5
    done
    stop
    die "zookeeper did not answer within 60 s"
}

stop() {
    stop_server zookeeper "$PIDFILE" 10
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status)
        if alive; then
            echo "zookeeper: running (pid $(cat "$PIDFILE")) on 127.0.0.1:$PORT"
        else
            echo "zookeeper: not running"
            exit 3
        fi
        ;;
    *)
        echo "usage: $0 start|stop|status" >&2
        exit 2
        ;;
esac
