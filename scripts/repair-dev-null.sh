#!/usr/bin/env bash
# /dev/null must be the null device. Some container images (or a script run in one) leave a
# regular file there instead; whatever is sent to it then comes back to every program that
# reads it, e.g. cargo's probe of rustc, which reads its source from /dev/null and fails on the
# junk (and cargo caches that failure). Puts the device back when it can; run before each build
# step, since whatever replaced it may do so again.
set -euo pipefail
[ -c /dev/null ] && exit 0
echo "repair-dev-null: /dev/null is not the null device; recreating it" >&2
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! { $SUDO rm -f /dev/null && $SUDO mknod -m 666 /dev/null c 1 3; }; then
  echo "repair-dev-null: could not recreate /dev/null (mknod c 1 3); builds may fail" >&2
fi
# A rustc probe that already read junk is cached: forget it.
rm -f target/.rustc_info.json
