#!/usr/bin/env bash
# A local Kafka broker for the job's Kafka inputs and scored-event sink: Kafka 3.9.1 in KRaft
# combined mode (broker and controller in one java process), no ZooKeeper, no Docker, bound to
# 127.0.0.1. The first start copies its jars from Maven Central (deploy/local/kafka/pom.xml).
#
#   kafka.sh start | stop | status
#   kafka.sh topic NAME [PARTITIONS]            create a topic if it does not exist
#   kafka.sh produce TOPIC < lines              one record per input line
#   kafka.sh consume TOPIC [MAX] [TIMEOUT_MS]   print committed record values from the beginning
#
# Overrides: SELFHEAL_KAFKA_DIR (default deploy/local/.kafka), KAFKA_PORT (9092),
# KAFKA_CONTROLLER_PORT (9093).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/servers.sh"
KAFKA_DIR=${SELFHEAL_KAFKA_DIR:-$HERE/.kafka}
mkdir -p "$KAFKA_DIR"
KAFKA_DIR=$(cd "$KAFKA_DIR" && pwd)
PORT=${KAFKA_PORT:-9092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
BOOTSTRAP=127.0.0.1:$PORT
LIBS=$KAFKA_DIR/libs
PIDFILE=$KAFKA_DIR/kafka.pid
JAVA=${JAVA:-java}

die() {
    echo "kafka.sh: $*" >&2
    exit 1
}

assemble() {
    assemble_jars "the Kafka broker" "$HERE/kafka/pom.xml" "$LIBS" "kafka.dir=$KAFKA_DIR"
}

write_config() {
    mkdir -p "$KAFKA_DIR"/{config,data,log}
    cat > "$KAFKA_DIR/config/server.properties" <<PROPS
# Written by kafka.sh at every start. One node that is both broker and KRaft controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=1
auto.create.topics.enable=false
# A single broker: internal topics cannot have more than one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
    cat > "$KAFKA_DIR/config/log4j.properties" <<'PROPS'
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${kafka.logs.dir}/server.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
PROPS
    cat > "$KAFKA_DIR/config/tools-log4j.properties" <<'PROPS'
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
PROPS
}

tool() {
    "$JAVA" -Xmx256m -Dlog4j.configuration="file:$KAFKA_DIR/config/tools-log4j.properties" -cp "$LIBS/*" "$@"
}

alive() {
    [[ -f $PIDFILE ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

start() {
    if alive; then
        echo "kafka already running (pid $(cat "$PIDFILE")) on $BOOTSTRAP"
        return 0
    fi
    assemble
    write_config
    if [[ ! -f $KAFKA_DIR/data/meta.properties ]]; then
        tool kafka.tools.StorageTool format -t "$(tool kafka.tools.StorageTool random-uuid)" \
            -c "$KAFKA_DIR/config/server.properties" > "$KAFKA_DIR/log/format.out" 2>&1 \
            || die "formatting the KRaft storage failed: $(cat "$KAFKA_DIR/log/format.out")"
    fi
    nohup "$JAVA" -Xmx768m -Dkafka.logs.dir="$KAFKA_DIR/log" \
        -Dlog4j.configuration="file:$KAFKA_DIR/config/log4j.properties" \
        -cp "$LIBS/*" kafka.Kafka "$KAFKA_DIR/config/server.properties" \
        > "$KAFKA_DIR/log/kafka.out" 2>&1 < /dev/null &
    echo $! > "$PIDFILE"
    echo "started kafka (pid $!)"
    local deadline=$((SECONDS + 60))
    while ((SECONDS < deadline)); do
        if ! alive; then
            tail -n 30 "$KAFKA_DIR/log/kafka.out" "$KAFKA_DIR/log/server.log" >&2 || true
            rm -f "$PIDFILE"
            die "the broker died at start"
        fi
        if tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --list > /dev/null 2>&1; then
            echo "kafka ready on $BOOTSTRAP"
            return 0
        fi
        sleep 1
    done
    stop
    die "the broker did not answer within 60 s"
}

stop() {
    stop_server kafka "$PIDFILE" 20
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status)
        if alive; then echo "kafka running (pid $(cat "$PIDFILE")) on $BOOTSTRAP"; else echo "kafka not running"; exit 3; fi
        ;;
    topic)
        [[ -n ${2:-} ]] || die "usage: kafka.sh topic NAME [PARTITIONS]"
        tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
            --topic "$2" --partitions "${3:-1}" --replication-factor 1
        ;;
    produce)
        [[ -n ${2:-} ]] || die "usage: kafka.sh produce TOPIC < lines"
        tool kafka.tools.ConsoleProducer --bootstrap-server "$BOOTSTRAP" --topic "$2" \
            --producer-property acks=all > /dev/null
        ;;
    consume)
        [[ -n ${2:-} ]] || die "usage: kafka.sh consume TOPIC [MAX] [TIMEOUT_MS]"
        args=(--bootstrap-server "$BOOTSTRAP" --topic "$2" --from-beginning --isolation-level read_committed
            --timeout-ms "${4:-10000}")
        [[ -n ${3:-} ]] && args+=(--max-messages "$3")
        # The consumer exits non-zero when its timeout ends the read; what it printed is the answer.
        tool org.apache.kafka.tools.consumer.ConsoleConsumer "${args[@]}" || true
        ;;
    *)
        echo "usage: $0 start|stop|status|topic|produce|consume" >&2
        exit 2
        ;;
esac
