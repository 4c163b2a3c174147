#!/usr/bin/env bash
# Regenerates the shipped IVR prompts from prompts.txt with espeak-ng (Debian package
# espeak-ng) and sox: en/<name>.wav, 16 kHz, mono, 16-bit PCM, silence trimmed, peak-normalised to -3 dBFS.
# Usage: bash packages/bridge/prompts/make-prompts.sh [voice] [output-folder]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
voice="${1:-en-us}"
out="${2:-$here/en}"
command -v espeak-ng >/dev/null || { echo "espeak-ng is missing: apt-get install espeak-ng" >&2; exit 1; }
command -v sox >/dev/null || { echo "sox is missing: apt-get install sox" >&2; exit 1; }
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
count=0
while IFS=$'\t' read -r name text; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  espeak-ng -v "$voice" -s 150 -w "$tmp/raw.wav" "$text"
  # -D: no dither, so the same input always gives the same bytes.
  # Trim leading/trailing silence (prompts are chained: "there are" + "3" + ...), keep short pads.
  sox -D "$tmp/raw.wav" -r 16000 -c 1 -b 16 -e signed-integer "$out/$name.wav" \
    silence 1 0.01 0.1% reverse silence 1 0.01 0.1% reverse pad 0.05 0.1 gain -n -3
  count=$((count + 1))
done < "$here/prompts.txt"
echo "wrote $count prompts to $out"
