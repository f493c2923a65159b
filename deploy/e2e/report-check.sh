#!/usr/bin/env bash
# Opens a report.html (of demo, experiment or zoo) in headless Chromium, offline, and checks that it
# renders whole: the page loads, has its sections, and every image decodes (none is broken or comes
# from anywhere but a data: URI). Before the browser, the file itself is checked to fetch nothing:
# no scripts, style sheets, frames or images from outside.
#
# The browser reads a copy of the report with one probe script added just before </body>; the
# report's Content-Security-Policy is kept, with only a nonce for that script added to it, so an
# image the report tried to load from elsewhere would be blocked and counted broken, as it would be
# for a reader. Chromium is the Debian package `chromium`; when it is missing it is installed (as
# root, or with sudo -n), and when that is not possible the check fails, unless
# SELFHEAL_SKIP_BROWSER=1 is set: then it is skipped.
#
#   deploy/e2e/report-check.sh REPORT.html [--screenshot FILE.png]
#
# Prints one line, "PASS: ...", "FAIL: ..." or "SKIP: ...", and exits 0 (pass), 1 (fail) or
# 3 (skipped).
set -uo pipefail

usage() { echo "usage: $0 REPORT.html [--screenshot FILE.png]" >&2; exit 2; }

REPORT=
SHOT=
while (($#)); do
    case $1 in
        --screenshot) [[ $# -ge 2 ]] || usage; SHOT=$2; shift 2 ;;
        -h|--help) usage ;;
        *) [[ -z $REPORT ]] || usage; REPORT=$1; shift ;;
    esac
done
[[ -n $REPORT ]] || usage

fail() { echo "FAIL: $*"; exit 1; }

[[ -f $REPORT && -r $REPORT ]] || fail "$REPORT is not a readable file"
grep -q '</body>' "$REPORT" || fail "$REPORT has no </body>: not a whole HTML page"

# --- the file itself fetches nothing --------------------------------------------------------------
# Escaped text from a run (a reason reading "<script>") is "&lt;script" in the file: only real tags match.
outside=$(grep -oiE "<(script|link|iframe|object|embed|base)\b|@import|url\(\s*(&#39;|&quot;|['\"])?\s*(https?:|//|file:)" \
    "$REPORT" | sort -u | tr '\n' ' ')
[[ -z $outside ]] || fail "$REPORT refers to outside resources: $outside"
not_data=$(grep -oE '\ssrc="[^"]{0,40}' "$REPORT" | grep -v 'src="data:image/' | head -3 | tr '\n' ' ')
[[ -z $not_data ]] || fail "$REPORT has images that are not data: URIs: $not_data"
images=$(grep -o '<img ' "$REPORT" | wc -l)

# --- a browser --------------------------------------------------------------------------------------
find_browser() { command -v chromium || command -v chromium-browser || command -v google-chrome; }
BROWSER=$(find_browser)
if [[ -z $BROWSER ]]; then
    apt_log=$(mktemp)
    install='apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium'
    if [[ $(id -u) -eq 0 ]]; then
        bash -c "$install" > "$apt_log" 2>&1
    elif command -v sudo > /dev/null; then
        sudo -n bash -c "$install" > "$apt_log" 2>&1
    fi
    BROWSER=$(find_browser)
    why=$(tail -n 1 "$apt_log" 2>/dev/null)
    rm -f "$apt_log"
    if [[ -z $BROWSER ]]; then
        if [[ ${SELFHEAL_SKIP_BROWSER:-} == 1 ]]; then
            echo "SKIP: no Chromium here and it could not be installed (SELFHEAL_SKIP_BROWSER=1); the file itself fetches nothing and holds $images data: images"
            exit 3
        fi
        fail "no Chromium (Debian package chromium) and it could not be installed${why:+ ($why)}; install it, or set SELFHEAL_SKIP_BROWSER=1 to skip the browser"
    fi
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# --- the probe --------------------------------------------------------------------------------------
# After load (every image decoded or failed), it writes what it found into the page, which
# --dump-dom then prints.
NONCE=selfheal-report-check
cat > "$TMP/probe.html" <<EOF
<script nonce="$NONCE">
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var broken = imgs.filter(function (i) { return !i.complete || i.naturalWidth === 0; })
                   .map(function (i) { return (i.alt || i.src.slice(0, 30)).replace(/[^A-Za-z0-9_.-]/g, '_'); });
  var sections = Array.prototype.slice.call(document.querySelectorAll('section'))
                   .map(function (s) { return s.id; });
  var p = document.createElement('pre');
  p.id = 'report-check';
  p.textContent = 'probe images=' + imgs.length + ' broken=' + broken.length + ' [' + broken.join(',') + ']'
      + ' sections=' + sections.length + ' [' + sections.join(',') + ']'
      + ' svg=' + document.querySelectorAll('svg').length + ' h1=' + document.querySelectorAll('h1').length
      + ' height=' + document.documentElement.scrollHeight + ' end';
  document.body.appendChild(p);
});
</script>
EOF
# The report's policy forbids scripts; allow only the probe, by its nonce (the quotes in the
# attribute may be written as &#39;).
sed -e "s/default-src 'none';/default-src 'none'; script-src 'nonce-$NONCE';/" \
    -e "s/default-src &#39;none&#39;;/default-src \&#39;none\&#39;; script-src \&#39;nonce-$NONCE\&#39;;/" "$REPORT" \
    | awk -v probe="$TMP/probe.html" '/<\/body>/ && !done { while ((getline l < probe) > 0) print l; done = 1 } { print }' \
    > "$TMP/report.html"

chrome() {
    timeout 120 "$BROWSER" --headless --disable-gpu --no-sandbox --no-first-run --disable-extensions \
        --disable-background-networking --disable-sync --disable-default-apps --mute-audio \
        --user-data-dir="$TMP/profile" --virtual-time-budget=15000 "$@"
}

chrome --dump-dom "file://$TMP/report.html" > "$TMP/dom.html" 2> "$TMP/chromium.log"
code=$?
probe=$(grep -o 'probe images=[^<]* end' "$TMP/dom.html" | head -1)
if [[ -z $probe ]]; then
    # The probe did not run: the page did not load, or a policy other than the report's blocked it.
    fail "Chromium ($BROWSER, exit $code) did not run the probe in the page ($(wc -c < "$TMP/dom.html") bytes of DOM): not loaded, or its Content-Security-Policy is not the report's; $(grep -E 'ERROR|FATAL' "$TMP/chromium.log" | grep -v -e dbus -e Fontconfig | tail -n 1)"
fi
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$probe"; }
loaded=$(field images)
broken=$(field broken)
sections=$(field sections)
headings=$(field h1)
list=$(sed -n 's/.*broken=[0-9]* \[\([^]]*\)\].*/\1/p' <<<"$probe")
names=$(sed -n 's/.*sections=[0-9]* \[\([^]]*\)\].*/\1/p' <<<"$probe")

((broken == 0)) || fail "$broken of $loaded images did not load: $list"
((loaded == images)) || fail "the page has $loaded images, the file $images"
((sections > 0 && headings == 1)) || fail "broken page: $sections sections, $headings h1 headings"

if [[ -n $SHOT ]]; then
    chrome --hide-scrollbars --window-size=1280,2400 --screenshot="$SHOT" "file://$(realpath "$REPORT")" \
        > /dev/null 2>> "$TMP/chromium.log"
    [[ -s $SHOT ]] || fail "Chromium wrote no screenshot to $SHOT"
fi

echo "PASS: $(basename "$REPORT") renders in $($BROWSER --version 2>/dev/null | awk 'NR == 1 { print $1, $2 }'), offline: sections $names, $loaded images all decoded from data: URIs, $(field svg) inline SVG charts, page $(field height) px high, file $(($(wc -c < "$REPORT") / 1024)) KiB; nothing fetched"
