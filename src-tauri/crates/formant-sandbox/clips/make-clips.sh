#!/usr/bin/env bash
# Renders the sandbox's speech clips (clips/*.ul): short phrases spoken by espeak-ng, in the
# telephony band, as headerless 8 kHz mono G.711 mu-law. The clips are committed and embedded
# in the crate (src/audio/clips.rs), so building needs neither tool; run this only to change
# them, then update the list in src/audio/clips.rs.
#
# Made the way formant-analysis's labelled set is (tests/labelled/make-labelled-set.py): the
# same voices, espeak-ng at 160 words a minute, band-passed 300-3400 Hz, trimmed to the speech
# so a clip's first and last samples are its speech edges, with every pause inside it
# shortened to 80 ms (so a cut at a turn's end lands on speech, not in a pause),
# peak-normalised to -3 dBFS, without dither so a rerun gives the same bytes.
# espeak-ng 1.51 and SoX 14.4 made the committed ones. Needs: espeak-ng, sox.
#
# Usage: make-clips.sh [OUT_DIR]   (default: the folder of this script)
set -euo pipefail

out=${1:-$(cd "$(dirname "$0")" && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name|voice|text: a female and a male voice per language; the sandbox picks the one that
# fits each side's pitch.
clips=(
  "en-f-1|en-us+f2|Thank you for calling, how can I help"
  "en-f-2|en-us+f2|Let me check that for you"
  "en-f-3|en-us+f2|Your payment is due on Friday"
  "en-f-4|en-us+f2|Yes, that works for me"
  "en-f-5|en-us+f2|I have sent you a link by message"
  "en-f-6|en-us+f2|Is there anything else"
  "en-m-1|en-gb+m3|Hi, I have a question about my account"
  "en-m-2|en-gb+m3|Sure, go ahead"
  "en-m-3|en-gb+m3|Can you send me the details"
  "en-m-4|en-gb+m3|I will pay it next week"
  "en-m-5|en-gb+m3|Okay, thank you very much"
  "en-m-6|en-gb+m3|The parcel has not arrived yet"
  "hi-f-1|hi+f2|नमस्ते, मैं आपकी क्या मदद कर सकती हूँ"
  "hi-f-2|hi+f2|आपका भुगतान बाकी है"
  "hi-f-3|hi+f2|जी हाँ, बिल्कुल"
  "hi-f-4|hi+f2|धन्यवाद, आपका दिन शुभ हो"
  "hi-m-1|hi+m3|हाँ, बोलिए क्या बात है"
  "hi-m-2|hi+m3|मैं कल तक कर दूँगा"
  "hi-m-3|hi+m3|ठीक है, धन्यवाद"
  "hi-m-4|hi+m3|मेरा ऑर्डर अभी तक नहीं आया"
)

for entry in "${clips[@]}"; do
  IFS='|' read -r name voice text <<<"$entry"
  espeak-ng -v "$voice" -s 160 -w "$tmp/$name.wav" "$text"
  sox -R -D "$tmp/$name.wav" -r 8000 -c 1 -e u-law -t ul "$out/$name.ul" \
    sinc 300-3400 \
    silence -l 1 0.01 0.5% -1 0.08 0.5% reverse silence 1 0.02 2% fade h 0.01 reverse \
    norm -3
  echo "$name: $(( $(stat -c %s "$out/$name.ul") / 8 )) ms"
done
