#!/usr/bin/env bash
# The packages installed for real (issue 20), run by `make test-dist` under Xvfb and a D-Bus
# session, as root (it installs a package): the .deb installs with apt-get; its files are where
# a desktop looks for them; the desktop knows our file types and opens them with the app; the
# installed app, given an invitation, shows it, and a second launch hands its file to the
# running window; a double-click (xdg-open) on an invitation opens the app on it (screenshot);
# removing the package leaves nothing it installed. The RPM holds the same files.
#
#   tests/dist/run.sh BUNDLE_DIR OUT_DIR     (BUNDLE_DIR: target/debug/bundle)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bundles=$1
out=$(mkdir -p "$2" && cd "$2" && pwd)
fail() { echo "test-dist: $*" >&2; exit 1; }
[[ $(id -u) == 0 ]] || fail "installs a package: run it as root"

shopt -s nullglob
debs=("$bundles"/deb/*.deb)
rpms=("$bundles"/rpm/*.rpm)
(( ${#debs[@]} == 1 )) || fail "expected one .deb in $bundles/deb, found ${#debs[@]}"
(( ${#rpms[@]} == 1 )) || fail "expected one .rpm in $bundles/rpm, found ${#rpms[@]}"
deb=$(realpath "${debs[0]}")
rpm_file=$(realpath "${rpms[0]}")

# One version, the workspace's.
pkg=$(dpkg-deb -f "$deb" Package)
want=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' "$root/Cargo.toml")
[[ -n $want ]] || fail "no version in the workspace's Cargo.toml"
[[ $(dpkg-deb -f "$deb" Version) == "$want" ]] || fail "the .deb is version $(dpkg-deb -f "$deb" Version), the workspace $want"
[[ $(rpm -qp --qf '%{VERSION}' "$rpm_file" 2>/dev/null) == "$want" ]] || fail "the .rpm is not version $want"
# The Maintainer, a name and an address: the workspace's authors (the bundler's source for it).
maintainer=$(sed -n '/^\[workspace.package\]/,/^\[/s/^authors *= *\["\(.*\)"\]/\1/p' "$root/Cargo.toml")
[[ $maintainer == *' <'*'@'*'>' ]] || fail "the workspace's authors are not \"Name <address>\": $maintainer"
[[ $(dpkg-deb -f "$deb" Maintainer) == "$maintainer" ]] || fail "the .deb's Maintainer is $(dpkg-deb -f "$deb" Maintainer), not $maintainer"
depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//')
grep -qx 'libwebkit2gtk-4.1-0' <<<"$depends" || fail "the .deb does not depend on libwebkit2gtk-4.1-0: $depends"
[[ -z $(sort <<<"$depends" | uniq -d) ]] || fail "the .deb names a dependency twice: $depends"
echo "- $pkg $want: $(basename "$deb"), $(basename "$rpm_file")"

# Install.
if dpkg -s "$pkg" >/dev/null 2>&1; then apt-get remove --purge -y -q "$pkg" >/dev/null; fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb" >"$out/apt-install.log" 2>&1 \
  || { cat "$out/apt-install.log" >&2; fail "apt-get install $deb failed"; }
dpkg -L "$pkg" | while read -r f; do if [[ -f $f ]]; then echo "$f"; fi; done | sort >"$out/installed-files.txt"
echo "- installed: $(wc -l <"$out/installed-files.txt") files"

# The files a desktop looks for.
bin=/usr/bin/undersigned-app
desktop=$(grep -m1 '^/usr/share/applications/.*\.desktop$' "$out/installed-files.txt") || fail "no desktop entry installed"
for f in "$bin" /usr/share/mime/packages/undersigned.xml /usr/share/icons/hicolor/32x32/apps/undersigned-app.png \
  /usr/share/icons/hicolor/128x128/apps/undersigned-app.png; do
  grep -qx "$f" "$out/installed-files.txt" || fail "$f is not installed (see $out/installed-files.txt)"
done
desktop-file-validate "$desktop" || fail "$desktop does not validate"
grep -q '^Exec=.*undersigned-app %F$' "$desktop" || fail "$desktop's Exec does not take files (%F)"
echo "- $desktop validates; icons, MIME types and binary in place"

# The desktop knows our file types, and that the app opens them.
samples=$out/files
rm -rf "$samples" && mkdir -p "$samples"
declare -A type_of=(
  [invitation]=application/vnd.undersigned.invitation+json
  [endorsement]=application/vnd.undersigned.endorsement+json
  [withdrawal]=application/vnd.undersigned.withdrawal+json
  [bundle]=application/vnd.undersigned.bundle+json
  [key]=application/vnd.undersigned.secret-key+json
)
cp "$root/docs/vectors/invitation-v1.json" "$samples/Joint statement on rivers.undersigned-invitation"
cp "$root/docs/vectors/endorsement-organization.json" "$samples/green-rivers.undersigned-endorsement"
cp "$root/docs/vectors/withdrawal.json" "$samples/green-rivers.undersigned-withdrawal"
cp "$root/docs/vectors/bundle-release-1.json" "$samples/signatories-release-1.undersigned-bundle"
printf '{"format":"undersigned/1","type":"secret-key"}' >"$samples/identity-backup.undersigned-key"
for kind in "${!type_of[@]}"; do
  file=$(ls "$samples"/*."undersigned-$kind")
  got=$(xdg-mime query filetype "$file")
  [[ $got == "${type_of[$kind]}" ]] || fail "xdg-mime: $file is $got, not ${type_of[$kind]}"
  default=$(xdg-mime query default "${type_of[$kind]}")
  [[ $default == "$(basename "$desktop")" ]] || fail "xdg-mime: ${type_of[$kind]} opens with '$default', not $(basename "$desktop")"
done
echo "- xdg-mime: the five types are known and open with $(basename "$desktop")"

# The installed app, opened with an invitation, and a second launch with a bundle.
node "$root/tests/dist/open.mjs" "$bin" "$samples/Joint statement on rivers.undersigned-invitation" \
  "$samples/signatories-release-1.undersigned-bundle" "$out"

# A double-click: xdg-open, as a file manager does it.
export UNDERSIGNED_DB=$out/work/double-click/undersigned.db WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1
mkdir -p "$(dirname "$UNDERSIGNED_DB")"
invitation="$samples/Joint statement on rivers.undersigned-invitation"
xdg-open "$invitation" >"$out/xdg-open.log" 2>&1 &
opener=$!
# The app started by xdg-open, found by its command line: the invitation is its argument.
# (Matching the name alone could find a defunct app of the run above, whose command line is gone.)
for _ in $(seq 100); do
  pid=$(pgrep -n -f -- 'undersigned-app .*\.undersigned-invitation$' || true)
  [[ -n $pid ]] && break
  sleep 0.2
done
[[ -n ${pid:-} ]] || { cat "$out/xdg-open.log" >&2; fail "xdg-open did not start the app with the invitation"; }
tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qx "$invitation" || fail "xdg-open started the app without the invitation: $(tr '\0' ' ' <"/proc/$pid/cmdline")"
for _ in $(seq 100); do
  xwininfo -root -tree | grep -q '"Undersigned"' && break
  sleep 0.2
done
xwininfo -root -tree | grep -q '"Undersigned"' || { cat "$out/xdg-open.log" >&2; fail "no Undersigned window appeared"; }
sleep 4 # the UI's first paint
import -silent -window root "$out/screenshots/dist-03-double-clicked-invitation.png"
kill "$pid"
wait "$opener" 2>/dev/null || true
echo "- xdg-open started $bin on the invitation; screenshot $out/screenshots/dist-03-double-clicked-invitation.png"

# Remove: nothing the package installed is left, and the types are gone.
apt-get remove --purge -y -q "$pkg" >"$out/apt-remove.log" 2>&1 || { cat "$out/apt-remove.log" >&2; fail "apt-get remove failed"; }
left=$(while read -r f; do if [[ -e $f ]]; then echo "$f"; fi; done <"$out/installed-files.txt")
[[ -z $left ]] || fail "left after removal: $left"
[[ $(xdg-mime query filetype "$invitation") != "${type_of[invitation]}" ]] || fail "the invitation type is still known after removal"
echo "- removed: none of its files left, its MIME types gone"

# The RPM holds the same files.
rpm -qlp "$rpm_file" 2>/dev/null | sort >"$out/rpm-files.txt"
missing=$(comm -23 "$out/installed-files.txt" "$out/rpm-files.txt")
[[ -z $missing ]] || fail "in the .deb, not in the .rpm: $missing"
echo "- the .rpm holds the same $(wc -l <"$out/installed-files.txt") files"
echo "test-dist: passed"
