#!/bin/sh
# deploy/kafka/create-topics.sh <bootstrap> — compose's one-shot kafka-topics service (the apache/kafka image):
# creates every topic of topics.txt (beside this script) that does not exist, before any service starts.
# Why: see event-contracts' Topics (an auto-created topic can lose a producer's first batch, KAFKA-15591).
set -eu
dir=$(dirname "$0")
grep -v '^#' "$dir/topics.txt" | while read -r topic; do
  [ -n "$topic" ] || continue
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$1" --create --if-not-exists --topic "$topic"
done
