# Shared by cluster.sh and flink.sh (sourced, not run): where the local cluster lives and how to
# read its configuration. Override with environment variables:
#   SELFHEAL_CLUSTER_DIR  cluster files (lib/, plugins/, conf/, logs, state); default deploy/local/.cluster
#   FLINK_REST_PORT       REST/web UI port (default 8081; with HA the first JobManager's, the next
#                         ones count up)
#   FLINK_RPC_PORT        JobManager RPC port (default 6123; counts up like the REST port)
#   FLINK_PROM_PORTS      Prometheus reporter port range (default 9249-9260; one port per process)
#   S3_PORT, S3_BUCKET    the local s3proxy's port (default 9000) and bucket (default selfheal)
#   SELFHEAL_S3_ENDPOINT  an S3 endpoint to use instead of starting s3proxy (with S3_ACCESS_KEY,
#                         S3_SECRET_KEY and S3_BUCKET)
#   ZOOKEEPER_PORT        the local ZooKeeper's client port (default 2181)
#   SELFHEAL_ZOOKEEPER_QUORUM  a ZooKeeper quorum to use instead of starting one

LOCAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$LOCAL_DIR/../.." && pwd)
CLUSTER_DIR=$(realpath -m "${SELFHEAL_CLUSTER_DIR:-$LOCAL_DIR/.cluster}")
FLINK_LIB=$CLUSTER_DIR/lib
FLINK_PLUGINS=$CLUSTER_DIR/plugins
FLINK_CONF=$CLUSTER_DIR/conf
FLINK_LOGS=$CLUSTER_DIR/log
FLINK_RUN=$CLUSTER_DIR/run
JAVA=${JAVA:-java}
REST_PORT=${FLINK_REST_PORT:-8081}
RPC_PORT=${FLINK_RPC_PORT:-6123}
# The object store and ZooKeeper that cluster.sh starts keep their jars and data beside the cluster's.
export SELFHEAL_S3_DIR=${SELFHEAL_S3_DIR:-$CLUSTER_DIR/s3}
export SELFHEAL_ZOOKEEPER_DIR=${SELFHEAL_ZOOKEEPER_DIR:-$CLUSTER_DIR/zookeeper}
export S3_BUCKET=${S3_BUCKET:-selfheal}
S3_ENDPOINT=${SELFHEAL_S3_ENDPOINT:-http://127.0.0.1:${S3_PORT:-9000}}
ZOOKEEPER_QUORUM=${SELFHEAL_ZOOKEEPER_QUORUM:-127.0.0.1:${ZOOKEEPER_PORT:-2181}}

export FLINK_CONF_DIR=$FLINK_CONF
export FLINK_PLUGINS_DIR=$FLINK_PLUGINS
export FLINK_LIB_DIR=$FLINK_LIB
export FLINK_LOG_DIR=$FLINK_LOGS
# DJL extracts its natives here once (~430 MiB), and must never reach the network.
export DJL_CACHE_DIR=$CLUSTER_DIR/djl-cache
export DJL_OFFLINE=true

die() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

# The value of a flat key in the cluster's config.yaml, without surrounding quotes.
conf_value() {
    local v
    v=$(sed -n "s/^$1:[[:space:]]*//p" "$FLINK_CONF/config.yaml" | tail -1)
    v=${v#\"}
    v=${v%\"}
    printf '%s' "$v"
}

rest_url() {
    printf 'http://127.0.0.1:%s' "$(conf_value rest.port)"
}
