#!/usr/bin/env bash
# Re-vendors govuk-frontend (version pinned in package.json) into src/riep/static/govuk.
# Only maintainers run this (it needs npm); `make run` uses the committed copy.
# The platform is not a service.gov.uk service, so by the Design System's rules it must not use
# the GDS Transport font or the crown: the font faces are dropped and Arial is used instead, and the crest goes.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --silent
src=node_modules/govuk-frontend/dist/govuk
dst=src/riep/static/govuk
rm -rf "$dst" && mkdir -p "$dst/assets/images"
python3 - "$src/govuk-frontend.min.css" "$dst/govuk-frontend.min.css" <<'PY'
import re, sys
css = open(sys.argv[1], encoding="utf-8").read()
css = re.sub(r"@font-face\{[^}]*\}", "", css)
css = css.replace("\"GDS Transport\",", "").replace("GDS Transport,", "")
css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
css = css.replace("url(/assets/", "url(assets/")
# No crown either: the footer's crest is not vendored, so its rules point at nothing (collectstatic's manifest
# refuses a stylesheet that names a missing file, and production would then fail on every page).
css = css.replace("url(assets/images/govuk-crest.svg)", "none")
open(sys.argv[2], "w", encoding="utf-8").write(css)
PY
sed 's#//\# sourceMappingURL=.*##' "$src/govuk-frontend.min.js" > "$dst/govuk-frontend.min.js"
cp "$src"/assets/images/favicon.ico "$src"/assets/images/favicon.svg "$dst/assets/images/"
cp node_modules/govuk-frontend/LICENSE.txt "$dst/LICENSE.txt" 2>/dev/null || true
version=$(node -p "require('./node_modules/govuk-frontend/package.json').version")
echo "govuk-frontend $version (MIT, Crown copyright; assets OGL v3). Vendored by scripts/vendor-govuk.sh; GDS Transport font removed." > "$dst/VERSION.txt"
echo "vendored govuk-frontend $version"
