#!/usr/bin/env bash
# Builds the base image every Mosaic image starts from, without a Docker engine or a registry:
# a JRE cut from the build's JDK with jlink, the few shared libraries it links against (glibc,
# copied from this machine as ldd resolves them), an unprivileged user 65532 (nonroot) and a
# writable working directory. Written as a `docker save` tarball, which Jib takes as a tar:// base.
#
# Usage: build-base-image.sh <jdk-home> <output-dir>
# Output: <output-dir>/base-image.tar. Everything in it is normalised (owner, mtime, order), so the
# same JDK and libraries give the same bytes and the same layer digest on every build.
set -euo pipefail

jdk="${1:?usage: $0 <jdk-home> <output-dir>}"
out="${2:?usage: $0 <jdk-home> <output-dir>}"
java_home=/opt/java/openjdk
uid=65532

die() {
  echo "build-base-image: $*" >&2
  exit 1
}

[ -x "$jdk/bin/jlink" ] || die "no jlink in $jdk: build with a full JDK 21+ (JAVA_HOME), not a JRE"
[ "$(uname -s)" = Linux ] || die "the local base image is cut from this machine's JDK and glibc, so it needs Linux; \
elsewhere build with -Dimage.base=docker://eclipse-temurin:25-jre (or any registry base) instead"
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) die "unsupported machine $(uname -m)" ;;
esac
for tool in ldd tar gzip sha256sum; do
  command -v "$tool" >/dev/null || die "$tool is missing; it comes with every Linux distribution's base system"
done

# Built once per JDK: the same JDK, script and libraries give the same image, so an existing one is kept.
stamp="$("$jdk/bin/java" -version 2>&1 | tr '\n' ' ') $(sha256sum "$0" | cut -d' ' -f1) $(sha256sum /lib64/ld-linux-x86-64.so.2 2>/dev/null | cut -d' ' -f1)"
if [ -f "$out/base-image.tar" ] && [ "$(cat "$out/base-image.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "build-base-image: $out/base-image.tar is up to date"
  exit 0
fi

work="$out/base-image"
rootfs="$work/rootfs"
rm -rf "$work"
mkdir -p "$rootfs"

# The JRE: every Java SE module (a service's dependencies are not ours to audit module by module),
# plus the JDK modules a server uses at run time. jdk.crypto.ec exists up to JDK 21 only.
modules="java.se,jdk.unsupported,jdk.management,jdk.management.agent,jdk.jfr,jdk.naming.dns,jdk.zipfs,jdk.crypto.cryptoki"
if "$jdk/bin/java" --list-modules | grep -q '^jdk.crypto.ec@'; then
  modules="$modules,jdk.crypto.ec"
fi
mkdir -p "$rootfs/opt/java"
"$jdk/bin/jlink" --add-modules "$modules" --output "$rootfs$java_home" \
  --strip-debug --no-man-pages --no-header-files --generate-cds-archive

# The shared libraries the JRE links against, where its ELF headers look for them. The GUI and sound
# libraries of java.desktop are left out: a server runs headless and never loads them.
libs="$(
  {
    ldd "$rootfs$java_home/bin/java"
    ldd "$rootfs$java_home/lib/server/libjvm.so"
    for so in "$rootfs$java_home"/lib/*.so; do
      case "$(basename "$so")" in
        libawt_xawt.so | libjawt.so | libjsound.so | libsplashscreen.so) ;;
        *) ldd "$so" ;;
      esac
    done
  } | awk '
    /not found/ && $1 != "libjvm.so" { print "MISSING " $1; next }
    $2 == "=>" && $3 ~ /^\// { print $3 }
    $1 ~ /^\// { print $1 }
  ' | sort -u
)"
if grep -q '^MISSING' <<<"$libs"; then
  die "the JRE needs libraries this machine does not have: $(grep '^MISSING' <<<"$libs" | tr '\n' ' ')"
fi
while read -r lib; do
  case "$lib" in "$rootfs"*) continue ;; esac # the JRE's own libraries are in place already
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done <<<"$libs"

# Users, a home, a temp dir and the working directory the services keep their data in.
mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/home/nonroot" "$rootfs/var/lib/mosaic"
cat >"$rootfs/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:$uid:$uid:nonroot:/home/nonroot:/sbin/nologin
PASSWD
cat >"$rootfs/etc/group" <<GROUP
root:x:0:
nonroot:x:$uid:
GROUP
cat >"$rootfs/etc/nsswitch.conf" <<NSS
hosts: files dns
NSS
chmod 1777 "$rootfs/tmp"

# One layer: root-owned system files, then the two directories the user writes to, owned by it.
layer="$work/layer.tar"
normalise=(--sort=name --mtime=@1 --numeric-owner --format=gnu)
tar -C "$rootfs" "${normalise[@]}" --owner=0 --group=0 \
  --exclude=./home/nonroot --exclude=./var/lib/mosaic -cf "$layer" .
tar -C "$rootfs" "${normalise[@]}" --owner="$uid" --group="$uid" \
  --no-recursion -rf "$layer" ./home/nonroot ./var/lib/mosaic
diff_id="$(sha256sum "$layer" | cut -d' ' -f1)"
gzip -n -6 "$layer"

jdk_version="$("$rootfs$java_home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p')"
cat >"$work/config.json" <<CONFIG
{"architecture":"$arch","os":"linux","created":"1970-01-01T00:00:01Z",
 "config":{"User":"$uid:$uid","WorkingDir":"/var/lib/mosaic",
  "Env":["PATH=$java_home/bin:/usr/bin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8","HOME=/home/nonroot"],
  "Labels":{"org.opencontainers.image.description":"Mosaic base: JRE $jdk_version (jlink), glibc, user nonroot ($uid)"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:01Z","created_by":"images/base/build-base-image.sh: JRE $jdk_version"}]}
CONFIG
cat >"$work/manifest.json" <<MANIFEST
[{"Config":"config.json","RepoTags":["mosaic/base:latest"],"Layers":["layer.tar.gz"]}]
MANIFEST
tar -C "$work" "${normalise[@]}" --owner=0 --group=0 -cf "$out/base-image.tar" manifest.json config.json layer.tar.gz
rm -rf "$work"
echo "$stamp" >"$out/base-image.stamp"
echo "build-base-image: $out/base-image.tar (JRE $jdk_version, layer sha256:${diff_id:0:12}, $(du -h "$out/base-image.tar" | cut -f1))"
