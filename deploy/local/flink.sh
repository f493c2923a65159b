#!/usr/bin/env bash
# bin/flink of the local cluster: the Flink CLI against the cluster that cluster.sh started.
# Examples (a stop without --savepointPath writes into the cluster's own .cluster/savepoints/ and
# prints the savepoint's path, which -s takes):
#   deploy/local/flink.sh run -d job/target/selfheal-job.jar run --config job.yaml
#   deploy/local/flink.sh list
#   deploy/local/flink.sh stop JOBID
#   deploy/local/flink.sh run -d -s SAVEPOINT_PATH job/target/selfheal-job.jar run --config job.yaml
#   deploy/local/flink.sh cancel JOBID
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

[[ -f $FLINK_CONF/config.yaml && -d $FLINK_LIB ]] \
    || die "no cluster in $CLUSTER_DIR: run deploy/local/cluster.sh start first"

# The client builds the job graph, which loads the model with DJL: it needs DJL's switches too.
# shellcheck disable=SC2046  # the options are a space-separated list by design
exec "$JAVA" $(conf_value env.java.opts.all) \
    -Dlog4j.configurationFile="file:$FLINK_CONF/log4j-cli.properties" \
    -cp "$FLINK_LIB/*" org.apache.flink.client.cli.CliFrontend "$@"
