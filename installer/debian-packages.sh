#!/bin/sh
# System packages BranchDesk needs on Debian/Ubuntu (run as root):
#   Qt's usual libraries (offscreen and desktop), xcb extras for a real X display,
#   a TrueType CJK font for the window and the PDFs (fonts-wqy-microhei), and the PDFs'
#   fallbacks for rarer characters: HanaMin for CJK extensions A-F (fonts-hanazono), DejaVu Sans
#   for Latin, Cyrillic, Arabic and symbols (fonts-dejavu-core),
#   poppler (pdftoppm) and poppler-data to render PDFs to images, Python's venv and pip.
set -e
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    python3 python3-venv python3-pip \
    libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
    libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 \
    fonts-wqy-microhei fonts-hanazono fonts-dejavu-core poppler-utils poppler-data >/dev/null
