#!/usr/bin/env bash
# The .deb tested as a user meets it: it is named as Debian names packages, it declares every
# package its binary links against, `apt-get install ./…deb` installs it, the installed
# `formant-desk --demo` opens its window (under Xvfb, in a throwaway HOME), and removing the
# package takes the binary away again.
#
#   scripts/test-package.sh path/to/formant-desk_VERSION_ARCH.deb
set -euo pipefail
deb=$(realpath "${1:?usage: test-package.sh DEB}")
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
fail() { echo "test-package: FAIL: $*" >&2; exit 1; }
pass() { echo "test-package: ok: $*"; }

# 1. The file name follows Debian's package_version_arch.deb.
package=$(dpkg-deb -f "$deb" Package)
expected="${package}_$(dpkg-deb -f "$deb" Version)_$(dpkg-deb -f "$deb" Architecture).deb"
[ "$(basename "$deb")" = "$expected" ] || fail "named $(basename "$deb"), expected $expected"
[ "$package" = "formant-desk" ] || fail "package name is $package"
pass "named $expected"

# 2. Every shared library the binary needs comes from a package that Depends names.
work=$(mktemp -d /tmp/formant-package.XXXXXX)
app_pid=""
cleanup() {
  [ -z "$app_pid" ] || kill "$app_pid" 2>/dev/null || true
  [ -z "${xvfb_pid:-}" ] || kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
dpkg-deb -x "$deb" "$work/root"
binary="$work/root/usr/bin/formant-desk"
[ -x "$binary" ] || fail "the package holds no /usr/bin/formant-desk"
depends=$(dpkg-deb -f "$deb" Depends)
# Depends as a list of package names, alternatives included ("a | b" gives a and b).
declared=$(tr ',|' '\n\n' <<<"$depends" | sed -E 's/\(.*\)//; s/^ +//; s/ +$//' | sort -u)
# The packages the declared ones depend on directly (names without ":amd64" or "<…>").
carried=$(for p in $declared; do
  apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
    --no-enhances "$p" 2>/dev/null || true
done | sed -nE 's/^ *\|?Depends: <?([^:>]+).*/\1/p' | sort -u)
missing=()
# (Pipelines read their whole input: under pipefail an early exit would SIGPIPE the writer.)
libraries=$(ldconfig -p)
while read -r lib; do
  path=$(awk -v l="$lib" '$1 == l && !found { print $NF; found = 1 }' <<<"$libraries")
  [ -n "$path" ] || fail "$lib is not installed on this machine"
  owner=$( { dpkg -S "$(realpath "$path")" || dpkg -S "$path"; } 2>/dev/null | awk -F: 'NR == 1 { print $1 }') || true
  [ -n "$owner" ] || fail "no package owns $path"
  case "$owner" in libc6 | libgcc-s1 | libstdc++6) continue ;; esac # essential: always there
  # A library the app gets through WebKit or GTK (glib, cairo, soup, …) comes with them: accept
  # an owner that a declared package itself depends on. What the app links for its own sake
  # (ALSA for audio, D-Bus for the keychain) must be declared.
  grep -qx "$owner" <<<"$declared" && continue
  grep -qx "$owner" <<<"$carried" && continue
  missing+=("$lib ($owner)")
done < <(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ ${#missing[@]} -eq 0 ] || fail "Depends ($depends) does not name: ${missing[*]}"
pass "Depends: $depends"

# 3. Install it as a user would.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$deb" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "apt-get install failed"; }
[ -x /usr/bin/formant-desk ] || fail "installed, but /usr/bin/formant-desk is missing"
files=$(dpkg -L "$package")
grep -q '^/usr/share/applications/.*\.desktop$' <<<"$files" || fail "no desktop entry installed"
pass "installed"

# 4. The installed app starts on the demo and opens its window.
for n in $(seq 130 160); do [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break; done
Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
mkdir -p "$work/home/run" && chmod 700 "$work/home/run"
HOME="$work/home" XDG_RUNTIME_DIR="$work/home/run" DISPLAY=":$n" \
  /usr/bin/formant-desk --demo >"$work/app.log" 2>&1 &
app_pid=$!
if ! DISPLAY=":$n" timeout 60 xdotool search --sync --onlyvisible --name '^Formant Desk$' >/dev/null; then
  cat "$work/app.log" >&2
  fail "the installed app showed no window within 60 s"
fi
kill -0 "$app_pid" 2>/dev/null || fail "the installed app exited"
if [ -n "${FORMANT_E2E_ARTIFACTS:-}" ]; then
  mkdir -p "$FORMANT_E2E_ARTIFACTS"
  DISPLAY=":$n" import -window root "$FORMANT_E2E_ARTIFACTS/installed-app.png" 2>/dev/null || true
fi
pass "the installed app opened its window"
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""

# 5. Removing it takes it away.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq "$package" >"$work/remove.log" 2>&1 ||
  { cat "$work/remove.log" >&2; fail "apt-get remove failed"; }
[ ! -e /usr/bin/formant-desk ] || fail "removed, but /usr/bin/formant-desk is still there"
pass "removed"
