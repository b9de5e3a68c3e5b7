#!/usr/bin/env bash
# Gives the Linux bundles their distributions' file names. Tauri names them after the product
# name ("Formant Desk_0.1.0_amd64.deb", with a space); Debian's convention is
# package_version_arch.deb and RPM's name-version-release.arch.rpm, with the package name the
# bundles already carry inside (Package: formant-desk).
#
#   scripts/name-bundles.sh target/release/bundle
set -euo pipefail
dir=${1:?usage: name-bundles.sh BUNDLE_DIR}
shopt -s nullglob
for deb in "$dir"/deb/*.deb; do
  name="$(dpkg-deb -f "$deb" Package)_$(dpkg-deb -f "$deb" Version)_$(dpkg-deb -f "$deb" Architecture).deb"
  [ "$(basename "$deb")" = "$name" ] || mv -f "$deb" "$dir/deb/$name"
  echo "$dir/deb/$name"
done
for rpm in "$dir"/rpm/*.rpm; do
  command -v rpm >/dev/null || { echo "$rpm"; continue; }
  name=$(rpm -qp --queryformat '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}.rpm' "$rpm" 2>/dev/null)
  [ "$(basename "$rpm")" = "$name" ] || mv -f "$rpm" "$dir/rpm/$name"
  echo "$dir/rpm/$name"
done
