# shellcheck shell=bash
# deploy/local/kafka.sh — a single-node KRaft broker+controller from Maven Central's artifacts.
# Sourced by ./haneul after lib.sh (functions only; nothing runs when it is sourced).

# ---------------------------------------------------------------------------------------------
# Kafka: single-node KRaft broker+controller from Maven Central artifacts
# ---------------------------------------------------------------------------------------------
KDIR="$STATE/kafka"
kafka_classpath() {
  local pom="$REPO/deploy/local/kafka/pom.xml" cp="$KDIR/classpath.txt"
  if [[ ! -s "$cp" || "$pom" -nt "$cp" ]]; then
    (cd "$REPO" && ./mvnw -B -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$cp") >"$LOGS/kafka-classpath.log" 2>&1 ||
      die kafka "could not resolve the Kafka classpath from Maven Central" "$LOGS/kafka-classpath.log"
  fi
  cat "$cp"
}
kafka_cmd() {                     # kafka_cmd <part>: sets KCMD to the java command line (main class follows)
  KCMD=(java -Xms128m -Xmx512m -XX:+UseSerialGC -Dhaneul.part="$1" -Dhaneul.home="$STATE"
    -Dorg.slf4j.simpleLogger.showDateTime=true "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS"
    -Dorg.slf4j.simpleLogger.log.state.change.logger=warn -cp "$KAFKA_CP")
}
write_kafka_config() {
  render "$REPO/deploy/local/kafka/server.properties.template" KAFKA_HOST=127.0.0.1 KAFKA_PORT="$KAFKA_PORT" \
    CONTROLLER_PORT="$CONTROLLER_PORT" KDIR="$KDIR" >"$KDIR/server.properties"
}
start_kafka() {
  local t fresh=${1:-0} pid p; t=$(now)
  if pid=$(pid_of kafka); then ok kafka "already running (pid $pid, 127.0.0.1:$KAFKA_PORT)" "$t"; return; fi
  for p in "$KAFKA_PORT" "$CONTROLLER_PORT"; do
    port_open "$p" && die kafka "port $p is already in use by another process (ss -ltnp 'sport = :$p'); set HANEUL_KAFKA_PORT"
  done
  mkdir -p "$KDIR"; begin kafka "resolving classpath / formatting storage"
  KAFKA_CP=$(kafka_classpath)
  ((fresh)) && rm -rf "$KDIR/data" "$KDIR/cluster.id"
  write_kafka_config
  kafka_cmd kafka-tool
  [[ -s "$KDIR/cluster.id" ]] || "${KCMD[@]}" kafka.tools.StorageTool random-uuid 2>>"$LOGS/kafka.log" | tail -n1 >"$KDIR/cluster.id"
  "${KCMD[@]}" kafka.tools.StorageTool format -t "$(cat "$KDIR/cluster.id")" -c "$KDIR/server.properties" \
    --ignore-formatted >>"$LOGS/kafka.log" 2>&1 || die kafka "storage format failed" "$LOGS/kafka.log"
  kafka_cmd kafka
  spawn kafka "${KCMD[@]}" kafka.Kafka "$KDIR/server.properties"
  local deadline=$((SECONDS + 60)); pid=$(cat "$PIDS/kafka.pid")
  until port_open "$KAFKA_PORT"; do
    alive "$pid" || die kafka "the broker exited" "$LOGS/kafka.log"
    ((SECONDS < deadline)) || die kafka "port $KAFKA_PORT not open after 60s" "$LOGS/kafka.log"
    sleep 0.3
  done
  create_topics "127.0.0.1:$KAFKA_PORT" >>"$LOGS/kafka.log" 2>&1 || die kafka "creating the topics failed" "$LOGS/kafka.log"
  ok kafka "started (pid $pid, 127.0.0.1:$KAFKA_PORT, topics of deploy/kafka/topics.txt, log $LOGS/kafka.log)" "$t"
}
create_topics() {                 # create_topics <bootstrap>: every topic, before any service writes (see the file)
  java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$KAFKA_CP" "$REPO/deploy/kafka/CreateTopics.java" \
    "$1" "$REPO/deploy/kafka/topics.txt"
}
