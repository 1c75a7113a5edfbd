#!/usr/bin/env bash
# Regenerate python3-deps.json (the manifest's Python dependencies, pinned with hashes)
# from requirements.txt. Needs network access and flatpak-pip-generator from
# https://github.com/flatpak/flatpak-builder-tools (pip/flatpak-pip-generator.py).
set -euo pipefail
cd "$(dirname "$0")"
flatpak-pip-generator --runtime='org.kde.Sdk//6.9' --requirements-file=requirements.txt \
    --output python3-deps
echo "wrote $(pwd)/python3-deps.json: commit it with the manifest"
