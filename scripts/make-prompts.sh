#!/usr/bin/env bash
# Regenerates the telephone's placeholder prompts (server/assets/prompts/<id>.wav) from the list in
# server/src/phone/promptList.ts with a synthetic Japanese voice, and its tones (the mute chime) with sox. Only
# for whoever changes the list: the files are committed, and neither the server nor CI needs these tools.
#
#   apt-get install -y espeak-ng sox     # Debian bookworm: espeak-ng (Japanese voice "ja"), sox
#   scripts/make-prompts.sh              # every prompt
#   scripts/make-prompts.sh joined goodbye   # only these
#
# Output: 8 kHz, mono, G.711 μ-law WAV (what the line carries, half the size of 16-bit PCM), peak-normalised to
# -3 dBFS, with 0.1 s of silence before and 0.2 s after. A recorded human voice is kinder for older callers: see
# the README (Telephone → Recording the prompts); keep the same names and format.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "make-prompts: $tool is missing (apt-get install -y espeak-ng sox)" >&2; exit 1; }
done
out=server/assets/prompts
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Slower than espeak's default (175 words per minute): older callers on a telephone line.
speed=${KAYOI_PROMPT_SPEED:-130}
wanted=" $* "
node_modules/.bin/tsx scripts/promptTexts.ts | while IFS=$'\t' read -r id kind what; do
  if [ $# -gt 0 ] && [[ "$wanted" != *" $id "* ]]; then continue; fi
  if [ "$kind" = tone ]; then
    # Each note a sine with a quick attack and a bell-like fade, then the notes one after another.
    notes=()
    for note in $what; do
      sox -n -r 8000 -c 1 -b 16 "$tmp/$id-${#notes[@]}.wav" synth "${note#*:}" sine "${note%%:*}" fade q 0.01 "${note#*:}" "${note#*:}"
      notes+=("$tmp/$id-${#notes[@]}.wav")
    done
    sox "${notes[@]}" "$tmp/$id.wav"
  else
    espeak-ng -v ja -s "$speed" -w "$tmp/$id.wav" "$what"
  fi
  sox "$tmp/$id.wav" -r 8000 -c 1 -e u-law "$out/$id.wav" norm -3 pad 0.1 0.2
  echo "$out/$id.wav"
done
