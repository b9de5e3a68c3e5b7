#!/bin/sh
# Runs CMD... against a real, private Secret Service: a fresh HOME, its own D-Bus session bus and
# an unlocked GNOME Keyring, with FORMANT_KEYCHAIN_TESTS=1 so the keychain tests run. Nothing
# touches the user's own keyring, and everything is gone when CMD ends.
#
#   src-tauri/crates/formant-vault/tests/with-keyring.sh cargo test -p formant-vault --test os_keychain
#
# Needs: dbus (dbus-run-session), gnome-keyring, libsecret-tools (secret-tool).
set -eu
if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARG...]" >&2
    exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
    command -v "$tool" >/dev/null || { echo "$0: $tool is not installed" >&2; exit 2; }
done

keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT INT TERM
mkdir -m 700 "$keyring_home/run"

# cargo finds its caches through CARGO_HOME/RUSTUP_HOME, which default to HOME: keep them.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export HOME="$keyring_home"
export XDG_DATA_HOME="$keyring_home/.local/share"
export XDG_RUNTIME_DIR="$keyring_home/run"
export FORMANT_KEYCHAIN_TESTS=1

# The keyring is created on first unlock with this throwaway password, and stays unlocked.
dbus-run-session -- sh -c '
    printf %s throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"
' with-keyring "$@"
