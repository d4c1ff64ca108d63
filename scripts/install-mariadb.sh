#!/usr/bin/env bash
# Builds, once, a root file system holding one MariaDB version from Debian's
# packages, so the bot can start temporary and target servers of that version
# with chroot. Usage: scripts/install-mariadb.sh <version>   (11.8, 10.11, 10.5)
# The image lands in $MIGRATE_BOT_IMAGES (default /var/cache/migrate-bot/images)
# as mariadb-<version>/; a finished image holds the marker file .migrate-bot-image.
set -euo pipefail

version="${1:-}"
case "$version" in
  11.8) suite=trixie ;;
  10.11) suite=bookworm ;;
  10.5) suite=bullseye ;;
  *) echo "usage: $0 <11.8|10.11|10.5>  (MariaDB version; Debian ships 11.8 in trixie, 10.11 in bookworm, 10.5 in bullseye)" >&2; exit 2 ;;
esac

images="${MIGRATE_BOT_IMAGES:-/var/cache/migrate-bot/images}"
target="$images/mariadb-$version"
marker="$target/.migrate-bot-image"

if [ -f "$marker" ]; then
  echo "mariadb-$version image already built in $target"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "building a MariaDB image needs root (debootstrap and chroot); run: sudo $0 $version" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "debootstrap is missing; installing it from Debian's packages"
  apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null
fi

# Build in a scratch directory and rename at the end, so an interrupted build
# never leaves a half image that looks finished.
mkdir -p "$images"
scratch="$target.partial.$$"
trap 'rm -rf "$scratch"' EXIT
echo "building mariadb-$version from Debian $suite into $target (about 2 minutes, 700 MB)"
debootstrap --variant=minbase --include=mariadb-server "$suite" "$scratch" >"$images/mariadb-$version.build.log" 2>&1 \
  || { echo "debootstrap failed; see $images/mariadb-$version.build.log" >&2; exit 1; }
# mariadb-install-db resolves the host name.
cp /etc/hosts "$scratch/etc/hosts"
installed=$(chroot "$scratch" mariadbd --version | sed -E 's/.*Ver ([0-9.]+).*/\1/')
case "$installed" in
  "$version".*) ;;
  *) echo "Debian $suite gave MariaDB $installed, not $version" >&2; exit 1 ;;
esac
echo "$installed" >"$scratch/.migrate-bot-image"
rm -rf "$target"
mv "$scratch" "$target"
trap - EXIT
echo "mariadb-$version image ready: MariaDB $installed in $target"
