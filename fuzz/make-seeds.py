#!/usr/bin/env python3
"""Builds fuzz/seeds/ from the project's fixtures: small enough that libFuzzer mutates them fast,
real enough that it starts from every encoding and every kind of damage the fixtures have.

WAV seeds: each fixture's header, then its first data bytes (the RIFF and data sizes patched to
match, so they stay valid files); the broken fixtures truncated but otherwise as they are. Each
gets the target's control bytes in front (see fuzz/src/wav.rs). Conversation seeds: the API
docs' examples, the sandbox's calls (kept in fuzz/seeds/sandbox/, refreshed with --sandbox), and
hand-written odd shapes.

    python3 fuzz/make-seeds.py                                # rebuild the seeds (deterministic)
    python3 fuzz/make-seeds.py --sandbox target/debug/formant # refetch the sandbox's calls first
"""
import hashlib
import json
import pathlib
import re
import shutil
import struct
import subprocess
import sys
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"
WAV_DIRS = [ROOT / "src-tauri/crates/formant-audio/tests/fixtures"]
DATA_BYTES = 480  # divisible by every frame size the fixtures use (1..32 bytes)
BROKEN_BYTES = 600


def chunks(wav):
    pos = 12
    while pos + 8 <= len(wav):
        cid, size = wav[pos:pos + 4], struct.unpack("<I", wav[pos + 4:pos + 8])[0]
        yield pos, cid, size
        pos += 8 + size + (size & 1)


def small_wav(wav):
    """Header and first DATA_BYTES of audio, sizes patched; None when there is no data chunk."""
    for pos, cid, _ in chunks(wav):
        if cid == b"data":
            body = wav[pos + 8:pos + 8 + DATA_BYTES]
            out = bytearray(wav[:pos + 8] + body)
            struct.pack_into("<I", out, pos + 4, len(body))
            struct.pack_into("<I", out, 4, len(out) - 8)
            return bytes(out)
    return None


def wav_seeds():
    seen = {}
    for d in WAV_DIRS:
        for path in sorted(d.rglob("*.wav")):
            wav = path.read_bytes()
            small = None if path.name.startswith("broken") else small_wav(wav)
            seed = small if small is not None else wav[:BROKEN_BYTES]
            seen.setdefault(hashlib.sha1(seed).hexdigest(), (path.stem, seed))
    return sorted(seen.values())


def write(target, name, data):
    d = SEEDS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def conversation_seeds():
    docs = ROOT.parent / "shared" / "api"
    found = []
    for md in [pathlib.Path("/work/shared/api"), docs]:
        if md.is_dir():
            for f in sorted(md.glob("*.md")):
                for block in re.findall(r"```json\n(.*?)```", f.read_text(), re.S):
                    try:
                        value = json.loads(block)
                    except ValueError:
                        continue
                    found.append((f"doc-{f.stem}", value))
                    if isinstance(value, dict) and isinstance(value.get("data"), dict):
                        found.append((f"doc-{f.stem}-data", value["data"]))
            break
    for f in sorted((SEEDS / "sandbox").glob("*.json")):
        found.append((f"sandbox-{f.stem}", json.loads(f.read_text())))
    found += HAND_WRITTEN
    out, seen = [], set()
    for name, value in found:
        text = json.dumps(value, ensure_ascii=False, indent=1).encode()
        if text not in seen:
            seen.add(text)
            out.append((name, text))
    return out


# Shapes the documented examples do not show: both turn shapes, times as strings, seconds and
# milliseconds, RFC 3339, unknown statuses, hostile text.
HAND_WRITTEN = [
    ("roles", {"conversation_id": "r1", "status": "voicemail", "duration_seconds": "39",
               "transcript": [{"role": "assistant", "message": "नमस्ते"},
                              {"role": "user", "content": "வணக்கம் 🙏"}, "a bare line", None]}),
    ("millis-turns", {"conversation_id": 7, "duration_seconds": 39, "start_timestamp": "2026-03-18T20:53:21.766Z",
                      "transcript": [{"speaker": "agent", "start_time": 429, "end_time": 6832, "text": "a\n\nb"},
                                     {"speaker": "supervisor", "start": "7400", "end": "9036", "text": "<b>&amp; --></b>"}]}),
    ("no-times", {"conversation_id": "../a/b\\c:d*e?\u202e.", "start_timestamp": 1685606154,
                  "end_timestamp": 1685606400, "transcript": [{"speaker": "agent", "text": "x", "start_time": -1}]}),
    ("page", {"data": [{"conversation_id": "p1", "agent_id": 1.0, "status": "failed",
                        "failure_reason": " "}, {"conversation_id": ""}], "has_more": True, "total": 2}),
]


def fetch_sandbox(formant):
    """Every call of `formant sandbox`'s sample account, as its detail endpoint serves it."""
    server = subprocess.Popen([formant, "sandbox", "--key", "seeds"], stdout=subprocess.PIPE, text=True)
    try:
        url = re.search(r"listening on (\S+)", server.stdout.readline()).group(1)

        def get(path):
            req = urllib.request.Request(url + path, headers={"Authorization": "Bearer seeds"})
            with urllib.request.urlopen(req) as resp:
                return json.load(resp)

        out = SEEDS / "sandbox"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        page = get("/v1/conversations?limit=100")
        (out / "page.json").write_text(json.dumps(page, ensure_ascii=False, indent=1))
        for call in page["data"]:
            cid = call["conversation_id"]
            detail = get(f"/v1/conversations/{cid}")
            name = re.sub(r"[^A-Za-z0-9_-]", "_", cid)[:40]
            (out / f"{name}.json").write_text(json.dumps(detail.get("data", detail), ensure_ascii=False, indent=1))
    finally:
        server.terminate()
        server.wait()


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--sandbox":
        fetch_sandbox(sys.argv[2])
    if SEEDS.exists():
        for d in SEEDS.iterdir():
            if d.is_dir() and d.name != "sandbox":
                shutil.rmtree(d)
    for i, (name, wav) in enumerate(wav_seeds()):
        # peaks: [options, scale, chunk]; options cycle through 8-bit, split and pixels/second.
        options = i % 8
        scale = 100 if options & 4 else 64
        write("wav_peaks", f"{name}.bin", bytes([options, scale, 7 + i]) + wav)
        # decode: [seek, buffer]
        write("wav_decode", f"{name}.bin", bytes([128, 63]) + wav)
    for name, text in conversation_seeds():
        write("conversation_json", f"{name}.json", text)
        write("export_formats", f"{name}.json", text)


if __name__ == "__main__":
    main()
