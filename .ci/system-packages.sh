#!/usr/bin/env bash
# Installs the Debian packages GrooveLoom needs, skipping those already there.
# As root: apt-get installs what is missing. Otherwise: prints the exact command and fails.
set -euo pipefail
PKGS=(
  # sound: FluidSynth and GM soundfonts (TimGM6mb is small; FluidR3 sounds better)
  libfluidsynth3 timgm6mb-soundfont fluid-soundfont-gm
  # Qt 6 widgets (xcb platform) and fonts for legible text in offscreen screenshots
  libegl1 libgl1 libglib2.0-0 libdbus-1-3 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 fonts-dejavu-core
  # a virtual display for `make run` on a machine without one; the soak test drives the real window on it
  # (xdotool) with sound through a real audio server that needs no sound card (jackd2, dummy backend)
  xvfb xauth xdotool jackd2
  # a C compiler for the audio callback (engine/native/glaudio.c: no Python in the audio thread)
  gcc libc6-dev
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "GrooveLoom needs these Debian packages. Install them, then run make again:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
