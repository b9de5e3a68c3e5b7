#!/usr/bin/env bash
# Runs a command against a private PulseAudio daemon with a 48 kHz null sink `vsink` as the
# default output, with FORMANT_AUDIO_TESTS=1 set so the real-audio tests run, e.g.
#   src-tauri/crates/formant-audio/tests/with-pulse.sh cargo test -p formant-audio --test playback
# Needs: pulseaudio, pulseaudio-utils (pactl, parec), libasound2-plugins (ALSA -> pulse).
set -euo pipefail

# The daemon gets a fresh HOME; keep cargo and rustup where they are.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
scratch=$(mktemp -d)
mkdir -m 700 "$scratch/run"
export HOME="$scratch" XDG_RUNTIME_DIR="$scratch/run"
unset PULSE_SERVER

cleanup() {
    pulseaudio --kill >/dev/null 2>&1 || true
    rm -rf "$scratch"
}
trap cleanup EXIT

pulseaudio -n --daemonize=yes --exit-idle-time=-1 \
    -L module-native-protocol-unix \
    -L "module-null-sink sink_name=vsink rate=48000 channels=2 norewinds=1"
for _ in $(seq 50); do
    pactl info >/dev/null 2>&1 && break
    sleep 0.1
done
pactl set-default-sink vsink

FORMANT_AUDIO_TESTS=1 "$@"
