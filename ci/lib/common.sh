# Shared by the ci/ scripts: strict mode, the repository root, the deployable modules, logging.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ROOT
# Module folder of each deployable, by name; the image name comes from the module's pom (image.name).
declare -A MODULES=(
  [catalog]=services/catalog
  [inventory]=services/inventory
  [orders]=services/orders
  [payments]=services/payments
  [notifications]=services/notifications
  [gateway]=gateway
)
# Used by the scripts that source this file:
# shellcheck disable=SC2034
# Fixed order, so logs and traffic changes read the same every run.
DEPLOYABLES=(catalog inventory orders payments notifications gateway)
# shellcheck disable=SC2034
NAMESPACE="${MOSAIC_NAMESPACE:-mosaic}"

log() { echo "[$(basename "$0")] $*" >&2; }
die() {
  echo "[$(basename "$0")] ERROR: $*" >&2
  exit 1
}
need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed; it is needed here (see ci/README.md)"
  done
}

# image.name of a deployable, as its pom declares it (mosaic/orders).
image_name() {
  local pom="$ROOT/${MODULES[$1]}/pom.xml" name
  name="$(sed -n 's:.*<image\.name>\(.*\)</image\.name>.*:\1:p' "$pom" | head -n 1)"
  [ -n "$name" ] || die "$pom has no <image.name> property"
  echo "$name"
}

# The image tag of this build: MOSAIC_IMAGE_TAG, else the short commit (with -dirty for local changes).
image_tag() {
  if [ -n "${MOSAIC_IMAGE_TAG:-}" ]; then
    echo "$MOSAIC_IMAGE_TAG"
    return
  fi
  local tag
  tag="$(git -C "$ROOT" rev-parse --short=12 HEAD)"
  if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]; then
    tag="$tag-dirty"
  fi
  echo "$tag"
}
