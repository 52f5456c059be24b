#!/usr/bin/env bash
# render-template.sh <template> NAME=value…: prints the template with each ${NAME} replaced by its value; every
# other $ is left alone (nginx's $variables, a shell's). The one renderer of the templates that ./haneul and
# deploy/rehearsal/run.sh fill in (the nginx gateway's, Kafka's); inside Docker the nginx image does the same
# with envsubst.
set -euo pipefail
text=$(<"$1"); shift
for pair in "$@"; do
  name=${pair%%=*} value=${pair#*=}
  text=${text//"\${$name}"/"$value"}
done
printf '%s\n' "$text"
