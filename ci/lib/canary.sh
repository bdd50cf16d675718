# The canary's traffic and its verdict, shared by ci/deploy, ci/promote and ci/rollback.
# shellcheck shell=bash

# Name of the revision tagged $2 in Knative Service $1's traffic ("stable" or "canary"), or nothing.
tagged_revision() {
  kubectl -n "$NAMESPACE" get ksvc "$1" -o "jsonpath={.spec.traffic[?(@.tag==\"$2\")].revisionName}" 2>/dev/null || true
}

# Sends all of Service $1's traffic to revision $2, which becomes the stable one.
route_all_to() {
  kubectl -n "$NAMESPACE" patch ksvc "$1" --type=merge \
    -p "{\"spec\":{\"traffic\":[{\"revisionName\":\"$2\",\"percent\":100,\"tag\":\"stable\"}]}}" >/dev/null
}

# promote, rollback or quiet, from the canary's numbers over the analysis window:
#   verdict <requests> <5xx responses> <p95 latency ms> <max error ratio> <max p95 ms> <min requests>
# Too few requests to judge by rates is "quiet" when none of them failed (push-fed services such as payments and
# notifications see a few dozen events in five minutes: ci/promote then judges the revision by its readiness), and
# "rollback" when any failed.
verdict() {
  awk -v n="$1" -v e="$2" -v p95="$3" -v max_err="$4" -v max_p95="$5" -v min_n="$6" 'BEGIN {
    if (n + 0 < min_n + 0) { print (e + 0 > 0 ? "rollback" : "quiet"); exit }
    if (e / n > max_err + 0) { print "rollback"; exit }
    if (p95 == "NaN" || p95 + 0 > max_p95 + 0) { print "rollback"; exit }
    print "promote"
  }'
}

# Deletes the ConfigMaps of earlier builds that no revision refers to any more. ci/deploy names each ConfigMap by
# its content (<name>-<10 hex digits>) and a revision keeps reading the one it started with, so they pile up with
# every configuration change; once Knative's garbage collector has removed the last revision that used one (its
# config-gc settings), nothing can need it again: a rollback goes to a revision that still exists, and keeps its
# map. Names given as arguments (those just applied, whose revisions may not exist yet) are always kept, and so is
# every ConfigMap without a content suffix. Usage: prune_configmaps [name ...]
prune_configmaps() {
  local referenced map name
  referenced="$(kubectl -n "$NAMESPACE" get revisions -o 'jsonpath={range .items[*]}{range .spec.containers[*]}{range .envFrom[*]}{.configMapRef.name}{"\n"}{end}{range .env[*]}{.valueFrom.configMapKeyRef.name}{"\n"}{end}{end}{range .spec.volumes[*]}{.configMap.name}{"\n"}{end}{end}')" ||
    die "could not list the revisions of namespace $NAMESPACE: no ConfigMap deleted"
  referenced+=$'\n'"$(printf '%s\n' "$@")"
  for map in $(kubectl -n "$NAMESPACE" get configmaps -l app.kubernetes.io/part-of=mosaic -o name); do
    name="${map#configmap/}"
    [[ "$name" =~ -[0-9a-f]{10}$ ]] || continue
    grep -qxF "$name" <<<"$referenced" && continue
    kubectl -n "$NAMESPACE" delete configmap "$name" >/dev/null
    log "deleted ConfigMap $name: no revision refers to it any more"
  done
}
