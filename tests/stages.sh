#!/usr/bin/env bash
# Runs the stages of `make test` in order, each timed; stops at the first that fails. Prints a
# table of the stages' times and the total at the end (and after a failure, what ran so far).
# Usage: tests/stages.sh NAME COMMAND [NAME COMMAND …] (each COMMAND a string for bash -c).
set -uo pipefail
names=()
times=()
start=$SECONDS
summary() {
  echo
  echo "make test: stage times"
  for i in "${!names[@]}"; do
    printf '  %-24s %5d s\n' "${names[$i]}" "${times[$i]}"
  done
  printf '  %-24s %5d s (%d min)\n' "total" $((SECONDS - start)) $(((SECONDS - start + 59) / 60))
}
while (($# >= 2)); do
  name=$1 cmd=$2
  shift 2
  echo "==> make test: $name"
  t=$SECONDS
  bash -c "$cmd"
  rc=$?
  names+=("$name")
  times+=($((SECONDS - t)))
  if ((rc != 0)); then
    summary
    echo "make test: stage '$name' failed (exit $rc)" >&2
    exit "$rc"
  fi
done
summary
