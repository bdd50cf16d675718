#!/usr/bin/env bash
# Trains the JDK AOT cache (JEP 483/514, JDK 25+) of a module's image, for the image's own files.
#
# Usage: train-aot-cache.sh <module target dir>
# Reads <target>/jib-image.tar, unpacks its layers into <target>/aot/rootfs, runs the image's entrypoint
# there with the image's own JRE, classpath and JDK_JAVA_OPTIONS until /health/live answers, touches a
# few endpoints, stops it with SIGTERM (the JVM writes the cache as it exits) and leaves
# <target>/aot/layer/app.aot, which the image-aot execution adds to the image as /app/app.aot.
#
# Why the cache fits the image: it records each classpath jar's path, size and mtime. The unpacked jars
# are the image's jars with the image's mtimes (Jib normalises them to 1970-01-01T00:00:01Z; tar keeps
# them), and the JVM accepts a classpath that moved as a whole, from <rootfs>/app to /app. No root and
# no chroot needed: the image's loader and C library are this machine's, the ones its base was cut from.
set -euo pipefail

target="${1:?usage: $0 <module target dir>}"
image="$target/jib-image.tar"
work="$target/aot"
rootfs="$work/rootfs"
live_within=240

die() {
  echo "train-aot-cache: $*" >&2
  [ -f "$work/training.log" ] && tail -n 30 "$work/training.log" >&2
  exit 1
}

[ -f "$image" ] || die "no $image: the jib:buildTar execution of the package phase writes it (with -Djib.skip=true, pass -Dimage.aot.skip=true too)"
digests() { grep -o '"digest":"sha256:[0-9a-f]*"' "$1" | sed 's/.*sha256:\([0-9a-f]*\)"/\1/'; }

# Jib's images are reproducible: the same jars give the same manifest digest, and the cache trained for
# it still fits. Only a changed image is trained again (a build that changed nothing costs nothing here).
index="$(tar -xOf "$image" index.json)"
trained_for="$(digests <(echo "$index") | head -n 1)"
if [ -s "$work/layer/app.aot" ] && [ "$(cat "$work/trained-for" 2>/dev/null)" = "$trained_for" ]; then
  echo "train-aot-cache: $work/layer/app.aot fits this image (sha256:${trained_for:0:12}) already"
  exit 0
fi

rm -rf "$work"
mkdir -p "$rootfs" "$work/layer" "$work/oci" "$work/data"

# OCI layout: index.json names the manifest; the manifest names the config, then the layers in order.
tar -xf "$image" -C "$work/oci"
blob() { echo "$work/oci/blobs/sha256/$1"; }
manifest="$(blob "$(digests "$work/oci/index.json" | head -n 1)")"
config="$(blob "$(digests "$manifest" | head -n 1)")"
for digest in $(digests "$manifest" | tail -n +2); do
  tar --warning=no-unknown-keyword --no-same-owner -xzf "$(blob "$digest")" -C "$rootfs"
done

java="$rootfs/opt/java/openjdk/bin/java"
[ -x "$java" ] || die "the image has no JRE at /opt/java/openjdk"
if ! "$java" -XX:AOTMode=record -XX:AOTConfiguration="$work/probe.conf" -version >/dev/null 2>&1; then
  die "the image's JRE ($("$java" -version 2>&1 | head -n 1)) cannot write an AOT cache (JDK 25+ can); build with JDK 25+, or pass -Dimage.aot.skip=true"
fi
rm -f "$work/probe.conf"

# The entrypoint as the image has it, with the classpath file read from the unpacked image.
entrypoint="$(grep -o '"Entrypoint":\[[^]]*\]' "$config" | sed 's/^"Entrypoint":\[//; s/\]$//')"
main="$(sed 's/.*,"\([^"]*\)"$/\1/' <<<"$entrypoint")"
[ -n "$main" ] || die "no main class in the image's entrypoint: $entrypoint"
options="$(grep -o '"JDK_JAVA_OPTIONS=[^"]*"' "$config" | sed 's/^"JDK_JAVA_OPTIONS=//; s/"$//' || true)"
classpath="$(sed "s#/app/#$rootfs/app/#g" "$rootfs/app/jib-classpath-file")"
rm -rf "$work/oci"

# A free port: one nothing answers on.
port=0
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 30000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    port=$candidate
    break
  fi
done
[ "$port" != 0 ] || die "found no free port"

status() {
  local code
  code="$( (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$1" >&3 \
    && head -n 1 <&3) 2>/dev/null | cut -d' ' -f2)" || true
  echo "${code:-none}"
}

started=$SECONDS
# No broker (nothing listens on port 1): startup does not need one. H2 in the scratch folder. Token keys from a
# JWKS URL nobody serves: they are fetched only when a token arrives, and the gateway will not start without one.
# The gateway's metrics listener takes any free port (8090 may be taken by a running stack).
(
  cd "$work/data"
  exec env -i PATH=/usr/bin:/bin HOME="$work/data" LANG=C.UTF-8 \
    PORT="$port" SERVER_HOST=127.0.0.1 MOSAIC_DATA_DIR="$work/data" MOSAIC_GATEWAY_METRICS_PORT=0 \
    MOSAIC_DB_URL="jdbc:h2:file:$work/data/db;WRITE_DELAY=0" MOSAIC_KAFKA_BOOTSTRAP=127.0.0.1:1 \
    MOSAIC_AUTH_JWKS_URL=http://127.0.0.1:1/jwks.json MOSAIC_AUTH_ISSUER=mosaic-training MOSAIC_AUTH_AUDIENCE=mosaic \
    JDK_JAVA_OPTIONS="$options" \
    "$java" -XX:AOTCacheOutput="$work/layer/app.aot" -Xlog:aot=warning:file="$work/aot.log" \
    -cp "$classpath" "$main"
) >"$work/training.log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true' EXIT

until [ "$(status /health/live)" = 200 ]; do
  kill -0 "$pid" 2>/dev/null || die "the training run exited before /health/live answered"
  [ $((SECONDS - started)) -lt $live_within ] || die "/health/live did not answer within ${live_within}s"
  sleep 0.5
done
live=$((SECONDS - started))
for path in /health/started /health/ready /health/live /metrics /openapi; do
  status "$path" >/dev/null
done
kill -TERM "$pid"
wait "$pid" || true
trap - EXIT
[ -s "$work/layer/app.aot" ] || die "the JVM wrote no AOT cache; see $work/aot.log"
rm -rf "$rootfs" "$work/data"
echo "$trained_for" >"$work/trained-for"
echo "train-aot-cache: $work/layer/app.aot ($(du -h "$work/layer/app.aot" | cut -f1); live after ${live}s, $((SECONDS - started))s with the cache written)"
