# Shared by cluster.sh and flink.sh (sourced, not run): where the local cluster lives and how to
# read its configuration. Override with environment variables:
#   SELFHEAL_CLUSTER_DIR  cluster files (lib/, plugins/, conf/, logs, state); default deploy/local/.cluster
#   FLINK_REST_PORT       REST/web UI port (default 8081)
#   FLINK_RPC_PORT        JobManager RPC port (default 6123)
#   FLINK_PROM_PORTS      Prometheus reporter port range (default 9249-9260)

LOCAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$LOCAL_DIR/../.." && pwd)
CLUSTER_DIR=$(realpath -m "${SELFHEAL_CLUSTER_DIR:-$LOCAL_DIR/.cluster}")
FLINK_LIB=$CLUSTER_DIR/lib
FLINK_PLUGINS=$CLUSTER_DIR/plugins
FLINK_CONF=$CLUSTER_DIR/conf
FLINK_LOGS=$CLUSTER_DIR/log
FLINK_RUN=$CLUSTER_DIR/run
JAVA=${JAVA:-java}

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
