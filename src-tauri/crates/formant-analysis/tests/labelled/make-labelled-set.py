#!/usr/bin/env python3
"""Makes the labelled recordings the analysis is tested against (tests/labelled/*.wav).

Real speech (espeak-ng, English and Hindi, telephony band 300-3400 Hz) is placed at known times
on two channels, so the truth is known to the sample: every clip is trimmed to its speech
(sox `silence`), and its placement is its speech segment. From the placements the script works
out, independently of the Rust code, what the analysis must find: each side's speech, every
customer-to-agent response latency, every interruption and every dead-air stretch of 2 s or
more. It writes, per set, NAME.wav, NAME.truth.json and NAME.conversation.json (a call as
`formant conversations get ID --json` prints it, with turn times as the vendor states them:
most close to the audio, one late on purpose, to be flagged as drift).

Sets: clean, pink line noise at about -50 dBFS and at -32 dBFS, and the agent's voice leaking
into the customer's channel at -24 dB (echo); 8 kHz 16-bit PCM and 8 kHz mu-law; mono mixes at
16 kHz and 44.1 kHz PCM. Deterministic: the same files every run (seeded noise; espeak-ng 1.51
and SoX 14.4 were used for the committed ones).

Each scenario's call ends TAIL_S after its last word.

Usage: make-labelled-set.py [OUT_DIR]   (default: the folder of this script)
Needs: python3, espeak-ng, sox.
"""

import json
import math
import os
import random
import subprocess
import sys
import tempfile
import wave

RATE = 8000
MIN_DEAD_AIR_S = 2.0

# Each scenario: the call's length and its lines in order. `after` places a line relative to
# the previous line's end (a gap, which may be negative: a barge-in starts before the other
# side is done); `into` places it that many seconds after the previous line's start.
SCENARIOS = {
    "en": {
        "voices": {"agent": "en-us+f2", "customer": "en-gb+m3"},
        "lines": [
            ("agent", {"at": 0.6}, "Hello and thank you for calling Formant support"),
            ("customer", {"after": 0.45}, "Hi I cannot log in to my account"),
            ("agent", {"after": 1.3}, "I am sorry to hear that let me look at your details"),
            ("customer", {"into": 1.2}, "It keeps telling me my password is wrong"),
            ("agent", {"after": 0.7}, "Thank you please hold for a moment"),
            ("customer", {"after": 3.2}, "Are you still there"),
            ("agent", {"after": 2.4}, "Yes I have reset your password now"),
            ("customer", {"after": 0.5}, "Great thank you so much for your help today"),
            ("agent", {"into": 0.9}, "You are very welcome"),
        ],
    },
    "hi": {
        "voices": {"agent": "hi+f2", "customer": "hi+m3"},
        "lines": [
            ("agent", {"at": 0.8}, "नमस्ते फ़ॉर्मेंट सपोर्ट में आपका स्वागत है"),
            ("customer", {"after": 0.6}, "मेरा ऑर्डर अभी तक नहीं आया"),
            ("agent", {"after": 1.8}, "माफ़ कीजिए मैं अभी आपका ऑर्डर देखती हूँ"),
            ("customer", {"into": 1.0}, "मुझे यह कल चाहिए था"),
            ("agent", {"after": 0.9}, "आपका ऑर्डर कल सुबह पहुँच जाएगा"),
            ("customer", {"after": 2.6}, "ठीक है धन्यवाद"),
            ("agent", {"after": 0.55}, "क्या मैं आपकी और कोई मदद कर सकती हूँ"),
            ("customer", {"into": 1.1}, "नहीं बस इतना ही"),
        ],
    },
}

# name: (scenario, layout, noise dBFS or None, echo dB or None, coding)
SETS = {
    "en-clean-pcm8k": ("en", "stereo", None, None, "pcm8k"),
    "hi-clean-mulaw8k": ("hi", "stereo", None, None, "mulaw8k"),
    "hi-clean-mulaw8k-agent-right": ("hi", "stereo-swapped", None, None, "mulaw8k"),
    "en-noise50-mulaw8k": ("en", "stereo", -50.0, None, "mulaw8k"),
    "hi-noise50-mulaw8k": ("hi", "stereo", -50.0, None, "mulaw8k"),
    "en-noise32-mulaw8k": ("en", "stereo", -32.0, None, "mulaw8k"),
    "hi-noise32-pcm8k": ("hi", "stereo", -32.0, None, "pcm8k"),
    "en-echo24-mulaw8k": ("en", "stereo", -50.0, -24.0, "mulaw8k"),
    "hi-echo24-pcm8k": ("hi", "stereo", -50.0, -24.0, "pcm8k"),
    "en-mono-pcm16k": ("en", "mono", -50.0, None, "pcm16k"),
    # 8-bit unsigned PCM keeps the 44.1 kHz file small (its quantisation noise is a line hiss).
    "hi-mono-u8-44k": ("hi", "mono", None, None, "u8-44k"),
}

# Stated turn times: the vendor's clock is a little off everywhere and one turn is stated
# late on purpose (index into the scenario's lines: the fifth line, +0.8 s).
STATED_JITTER_S = 0.12
LATE_TURN = (4, 0.8)
ECHO_DELAY_S = 0.03
# Line noise after the last word, before the call ends.
TAIL_S = 1.0


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1
        frames = w.readframes(w.getnframes())
    return [int.from_bytes(frames[i:i + 2], "little", signed=True) / 32768.0
            for i in range(0, len(frames), 2)]


def speak(voice, text, tmp, index):
    """One line as 8 kHz telephony speech, trimmed to where the speech is."""
    raw = os.path.join(tmp, f"raw{index}.wav")
    clip = os.path.join(tmp, f"clip{index}.wav")
    run("espeak-ng", "-v", voice, "-s", "160", "-w", raw, text)
    run("sox", raw, "-r", str(RATE), "-b", "16", "-c", "1", clip,
        "sinc", "300-3400",
        "silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse",
        "norm", "-6")
    return read_wav(clip)


def place(scenario, clips):
    """Start and end of every line, in seconds."""
    spans = []
    for (side, where, _text), clip in zip(scenario["lines"], clips):
        length = len(clip) / RATE
        if "at" in where:
            start = where["at"]
        elif "after" in where:
            start = spans[-1][2] + where["after"]
        else:
            start = spans[-1][1] + where["into"]
        spans.append((side, round(start, 4), round(start + length, 4)))
    return spans


def merge(segments):
    out = []
    for s, e in sorted(segments):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def truth_of(spans, duration_s):
    """What the analysis must find, from the placements alone."""
    agent = [(s, e) for side, s, e in spans if side == "agent"]
    customer = [(s, e) for side, s, e in spans if side == "customer"]
    latencies, interruptions = [], []
    for i, (side, s, e) in enumerate(spans):
        others = [(os_, oe) for oside, os_, oe in spans[:i] if oside != side]
        talking = [(os_, oe) for os_, oe in others if os_ < s < oe]
        if talking:
            interruptions.append({"by": side, "at_s": s,
                                  "overlap_s": round(min(e, talking[-1][1]) - s, 4)})
        elif side == "agent" and i > 0:
            # A hand-off: of all the speech that ended before the agent started, the customer's
            # ended last.
            ended = [(oe, oside) for oside, _, oe in spans[:i] if oe <= s]
            if ended and max(ended)[1] == "customer":
                last_end = max(ended)[0]
                latencies.append({"after_s": last_end, "latency_s": round(s - last_end, 4)})
    union = merge([[s, e] for _, s, e in spans])
    silences = [{"start_s": a[1], "end_s": b[0]} for a, b in zip(union, union[1:])
                if b[0] - a[1] >= MIN_DEAD_AIR_S]
    return {
        "duration_s": duration_s,
        "speech": {"agent": [list(x) for x in agent], "customer": [list(x) for x in customer]},
        "response_latencies": latencies,
        "interruptions": interruptions,
        "silences": silences,
    }


def pink_noise(n, dbfs, seed):
    """Paul Kellet's economy pink filter over seeded white noise, scaled to an RMS of dbfs."""
    rng = random.Random(seed)
    b0 = b1 = b2 = 0.0
    out = []
    for _ in range(n):
        white = rng.gauss(0.0, 1.0)
        b0 = 0.99765 * b0 + white * 0.0990460
        b1 = 0.96300 * b1 + white * 0.2965164
        b2 = 0.57000 * b2 + white * 1.0526913
        out.append(b0 + b1 + b2 + white * 0.1848)
    rms = math.sqrt(sum(x * x for x in out) / n)
    gain = 10 ** (dbfs / 20) / rms
    return [x * gain for x in out]


def write_wav(path, channels):
    n = len(channels[0])
    data = bytearray()
    for i in range(n):
        for ch in channels:
            v = max(-32768, min(32767, int(round(ch[i] * 32767))))
            data += v.to_bytes(2, "little", signed=True)
    with wave.open(path, "wb") as w:
        w.setnchannels(len(channels))
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(data))


def conversation(name, scenario, spans, seed, duration_s):
    rng = random.Random(seed)
    turns = []
    for i, ((side, _, text), (_, s, e)) in enumerate(zip(scenario["lines"], spans)):
        shift = rng.uniform(-STATED_JITTER_S, STATED_JITTER_S)
        if i == LATE_TURN[0]:
            shift = LATE_TURN[1]
        start, end = max(0.0, s + shift), e + shift
        if name.startswith("hi"):
            # Hindi calls state their turn times in milliseconds, as some accounts do.
            turns.append({"speaker": side, "start_time": round(start * 1000),
                          "end_time": round(end * 1000), "text": text})
        else:
            turns.append({"speaker": side, "start_time": round(start, 2),
                          "end_time": round(end, 2), "text": text})
    return {"conversation_id": name, "agent_id": 7, "status": "completed",
            "duration_seconds": duration_s, "transcript": turns}


def make_set(name, spec, clips_by_scenario, out_dir, tmp, seed):
    scenario_name, layout, noise, echo, coding = spec
    scenario = SCENARIOS[scenario_name]
    clips = clips_by_scenario[scenario_name]
    spans = place(scenario, clips)
    duration_s = round(max(e for _, _, e in spans) + TAIL_S, 2)
    n = int(duration_s * RATE)
    agent, customer = [0.0] * n, [0.0] * n
    for (side, s, _), clip in zip(spans, clips):
        track = agent if side == "agent" else customer
        offset = int(round(s * RATE))
        for i, v in enumerate(clip):
            if offset + i < n:
                track[offset + i] += v
    if echo is not None:
        delay, gain = int(ECHO_DELAY_S * RATE), 10 ** (echo / 20)
        customer = [c + (agent[i - delay] * gain if i >= delay else 0.0)
                    for i, c in enumerate(customer)]
    if layout == "mono":
        channels = [[a + c for a, c in zip(agent, customer)]]
    elif layout == "stereo-swapped":
        channels = [customer, agent]
    else:
        channels = [agent, customer]
    if noise is not None:
        channels = [[x + y for x, y in zip(ch, pink_noise(n, noise, seed + k))]
                    for k, ch in enumerate(channels)]
    pcm = os.path.join(tmp, f"{name}.pcm.wav")
    write_wav(pcm, channels)
    target = os.path.join(out_dir, f"{name}.wav")
    if coding == "pcm8k":
        run("sox", pcm, target)
    elif coding == "mulaw8k":
        run("sox", pcm, "-e", "mu-law", "-b", "8", target)
    elif coding == "pcm16k":
        run("sox", pcm, "-r", "16000", "-b", "16", target)
    elif coding == "u8-44k":
        run("sox", pcm, "-r", "44100", "-e", "unsigned-integer", "-b", "8", target)
    truth = truth_of(spans, duration_s)
    truth.update({
        "name": name, "channels": len(channels),
        "agent_channel": None if layout == "mono" else ("right" if layout == "stereo-swapped" else "left"),
        "noise_dbfs": noise, "echo_db": echo, "coding": coding,
    })
    with open(os.path.join(out_dir, f"{name}.truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(out_dir, f"{name}.conversation.json"), "w", encoding="utf-8") as f:
        json.dump(conversation(name, scenario, spans, seed, duration_s), f, indent=1, ensure_ascii=False)
        f.write("\n")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        clips = {}
        for key, scenario in SCENARIOS.items():
            clips[key] = [speak(scenario["voices"][side], text, tmp, f"{key}{i}")
                          for i, (side, _, text) in enumerate(scenario["lines"])]
        for seed, (name, spec) in enumerate(SETS.items()):
            make_set(name, spec, clips, out_dir, tmp, 1000 + seed)
            print(name)


if __name__ == "__main__":
    main()
