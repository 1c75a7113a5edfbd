#!/usr/bin/env bash
# Take the AppStream screenshots (packaging/screenshots/*.png) from the real window on a
# fresh library with a few highlights and notes. Needs ../shared/tools/screenshot (Xvfb).
#   bash packaging/take_screenshots.sh [path/to/article-reader]
set -euo pipefail
cd "$(dirname "$0")/.."
app=${1:-.venv/bin/article-reader}
shot=../shared/tools/screenshot
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ARTICLE_READER_LIBRARY=$work/library.db
export XDG_CONFIG_HOME=$work/config  # the default window layout, not yours
QT_QPA_PLATFORM=offscreen "$app" --quit-after-show >/dev/null 2>&1  # adds the samples
id=$("$app" list --json | python3 -c 'import json,sys
print(next(a["id"] for a in json.load(sys.stdin) if a["title"] == "The Craft of Slow Reading"))')
"$app" highlight "$id" --quote "It asks us to slow down, to read a sentence twice" \
    --note "The whole essay in one line." >/dev/null
"$app" highlight "$id" --quote "A slow reader notices how an argument is built" --colour green \
    --note "Compare Nietzsche's preface to Daybreak." >/dev/null
"$app" highlight "$id" --quote "Some books are to be tasted, others to be swallowed" \
    --colour blue --note "Bacon, Of Studies (1625)" >/dev/null
"$app" highlight "$id" --quote "The margin is for replies, not just for underlining" \
    --colour pink >/dev/null
"$app" tag "$id" reading >/dev/null
# the window opens the article last open: this one
python3 - "$ARTICLE_READER_LIBRARY" "$id" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('ui.last_article', ?)", (sys.argv[2],))
db.commit()
PY
mkdir -p packaging/screenshots
"$shot" packaging/screenshots/reading.png --size 1240x780 --wait 4 -- "$app"
python3 - "$ARTICLE_READER_LIBRARY" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('ui.theme', '\"dark\"')")
db.commit()
PY
rm -rf "$XDG_CONFIG_HOME"  # Xvfb has no window manager: a restored position would shift
"$shot" packaging/screenshots/dark.png --size 1240x780 --wait 4 -- "$app"
