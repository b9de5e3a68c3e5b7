#!/usr/bin/env bash
# Runs a command inside the real parts the end-to-end tests need, on a headless machine:
#   - an X display (Xvfb) for the app's window and WebKitWebDriver,
#   - a private dbus session with an unlocked gnome-keyring (the OS keychain, for real),
#   - a private PulseAudio daemon with a null sink (the audio output, for real).
# Everything lives in a fresh temporary HOME, so the user's own accounts, keys and settings are
# never touched, and is torn down when the command ends.
#
#   scripts/e2e.sh CMD [ARGS...]
set -euo pipefail

# cargo and rustup find their homes through HOME: pin them before HOME moves.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
H=$(mktemp -d /tmp/formant-e2e.XXXXXX)
mkdir -p "$H/run" "$H/.config" "$H/.cache" "$H/.local/share"
chmod 700 "$H/run"
export HOME="$H" XDG_RUNTIME_DIR="$H/run" XDG_CONFIG_HOME="$H/.config" XDG_CACHE_HOME="$H/.cache" \
       XDG_DATA_HOME="$H/.local/share"
export FORMANT_E2E_ARTIFACTS="${FORMANT_E2E_ARTIFACTS:-$(pwd)/artifacts}"
mkdir -p "$FORMANT_E2E_ARTIFACTS"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  pulseaudio --kill 2>/dev/null || true
  rm -rf "$H"
}
trap cleanup EXIT

# A display number nobody uses.
for n in $(seq 90 120); do [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break; done
Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$H/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=":$n"
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done

pulseaudio -n --daemonize=yes --exit-idle-time=-1 -L module-native-protocol-unix \
  -L "module-null-sink sink_name=vsink rate=48000 channels=2 norewinds=1" >"$H/pulse.log" 2>&1
pactl set-default-sink vsink

# dbus-run-session gives a private session bus; keyctl a session keyring for keyutils; the
# keyring daemon is unlocked with a throwaway password so nothing prompts.
dbus-run-session -- keyctl session - bash -c '
  echo -n e2e | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' _ "$@"
