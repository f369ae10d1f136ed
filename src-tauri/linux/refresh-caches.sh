#!/bin/sh
# Undersigned: after the package is installed or removed (.deb postinst and postrm, .rpm %post
# and %postun). Refreshes the caches that index the files the package ships: the MIME database (for
# /usr/share/mime/packages/undersigned.xml), the desktop entries' MimeType= cache and the hicolor
# icon cache. Each tool is optional: a missing one, or one that fails, never fails the install or the removal.
set -e

if command -v update-mime-database >/dev/null 2>&1; then
  update-mime-database /usr/share/mime || true
fi
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q /usr/share/applications || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -d /usr/share/icons/hicolor ]; then
  gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi

exit 0
