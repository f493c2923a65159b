# Shared by kafka.sh, s3.sh and zookeeper.sh (sourced, not run): fetching a server's jars and
# stopping it by its pid file.

# Copies a server's jars from Maven Central once, through the small pom beside the script, and
# again only when that pom changes.

# assemble_jars NAME POM LIB_DIR PROPERTY=VALUE
#   NAME      what the jars are, for the messages
#   POM       the pom whose `package` copies the jars
#   LIB_DIR   where they land; a stamp of the pom there marks them as complete
#   PROPERTY  the pom's property naming the server's directory, with its value
assemble_jars() {
    local name=$1 pom=$2 lib=$3 property=$4 stamp
    stamp=$(sha256sum "$pom" | cut -c1-16)
    if [[ -f $lib/.assembled && $(cat "$lib/.assembled") == "$stamp" ]]; then
        return
    fi
    echo "copying $name's jars from Maven Central into $lib (first start only)"
    rm -rf "$lib"
    mvn -B -q -Dstyle.color=never ${MVN_ARGS:-} -f "$pom" package "-D$property" \
        || die "could not fetch the $name jars (mvn failed; see above)"
    echo "$stamp" > "$lib/.assembled"
}

# stop_server NAME PIDFILE GRACE_SECONDS
#   asks the process to stop, waits up to GRACE_SECONDS for it, then kills it; a stale pid file is removed
stop_server() {
    local name=$1 pidfile=$2 grace=$3 pid i
    if ! [[ -f $pidfile ]] || ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        rm -f "$pidfile"
        echo "$name not running"
        return 0
    fi
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 $((grace * 2))); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    echo "stopped $name (pid $pid)"
}
