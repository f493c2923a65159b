#!/usr/bin/env bash
# A local S3-compatible object store for checkpoints, savepoints and the JobManagers' HA data:
# s3proxy with its filesystem backend (each bucket a directory, each object a file), bound to
# 127.0.0.1. The first start copies its jars from Maven Central (deploy/local/s3/pom.xml).
# cluster.sh start --storage s3 starts it; it can also run on its own.
#
#   s3.sh start | stop | status
#   s3.sh ls [PREFIX]          the objects of the bucket (keys below PREFIX), one per line
#
# Overrides: SELFHEAL_S3_DIR (default deploy/local/.s3), S3_PORT (9000), S3_BUCKET (selfheal),
# S3_ACCESS_KEY / S3_SECRET_KEY (credentials the store accepts; local defaults, not secrets).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/servers.sh"
S3_DIR=${SELFHEAL_S3_DIR:-$HERE/.s3}
mkdir -p "$S3_DIR"
S3_DIR=$(cd "$S3_DIR" && pwd)
PORT=${S3_PORT:-9000}
BUCKET=${S3_BUCKET:-selfheal}
ENDPOINT=http://127.0.0.1:$PORT
LIB=$S3_DIR/lib
DATA=$S3_DIR/data
PIDFILE=$S3_DIR/s3proxy.pid
JAVA=${JAVA:-java}

die() {
    echo "s3.sh: $*" >&2
    exit 1
}

assemble() {
    assemble_jars "s3proxy" "$HERE/s3/pom.xml" "$LIB" "s3.dir=$S3_DIR"
}

write_config() {
    mkdir -p "$S3_DIR/log" "$DATA/$BUCKET"
    # The filesystem backend serves every directory under DATA as a bucket: the one above is ours.
    cat > "$S3_DIR/s3proxy.properties" <<PROPS
# Written by s3.sh at every start.
s3proxy.endpoint=$ENDPOINT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${S3_ACCESS_KEY:-selfheal}
s3proxy.credential=${S3_SECRET_KEY:-selfheal-local-only}
jclouds.provider=filesystem-nio2
jclouds.identity=local
jclouds.credential=local
jclouds.filesystem.basedir=$DATA
PROPS
    # s3proxy's jar carries no logging configuration, and logback's default logs every request at DEBUG.
    cat > "$S3_DIR/logback.xml" <<'XML'
<configuration>
  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d %level %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="out"/></root>
</configuration>
XML
}

alive() {
    [[ -f $PIDFILE ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

answers() {
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$ENDPOINT/" 2>/dev/null || true)
    [[ -n $code && $code != 000 ]]
}

start() {
    if alive; then
        echo "s3proxy already running (pid $(cat "$PIDFILE")) on $ENDPOINT"
        return 0
    fi
    assemble
    write_config
    nohup "$JAVA" -Xmx256m -Dlogback.configurationFile="$S3_DIR/logback.xml" -cp "$LIB/*" org.gaul.s3proxy.Main \
        --properties "$S3_DIR/s3proxy.properties" > "$S3_DIR/log/s3proxy.out" 2>&1 < /dev/null &
    echo $! > "$PIDFILE"
    echo "started s3proxy (pid $!)"
    local deadline=$((SECONDS + 60))
    while ((SECONDS < deadline)); do
        if ! alive; then
            tail -n 30 "$S3_DIR/log/s3proxy.out" >&2 || true
            rm -f "$PIDFILE"
            die "s3proxy died at start"
        fi
        if answers; then
            echo "s3proxy ready on $ENDPOINT, bucket s3://$BUCKET in $DATA/$BUCKET"
            return 0
        fi
        sleep 0.5
    done
    stop
    die "s3proxy did not answer within 60 s"
}

stop() {
    stop_server s3proxy "$PIDFILE" 10
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status)
        if alive; then
            echo "s3proxy: running (pid $(cat "$PIDFILE")) on $ENDPOINT, bucket s3://$BUCKET"
        else
            echo "s3proxy: not running"
            exit 3
        fi
        ;;
    ls)
        # The filesystem backend keeps an object's key as its path below the bucket's directory.
        [[ -d $DATA/$BUCKET ]] || exit 0
        (cd "$DATA/$BUCKET" && find . -type f -path "./${2:-}*" | sed 's#^\./##' | sort)
        ;;
    *)
        echo "usage: $0 start|stop|status|ls [PREFIX]" >&2
        exit 2
        ;;
esac
