#!/usr/bin/env bash
# Validates docker/compose.yaml with `docker compose config`, with and without its profiles.
# Needs no Docker engine, only the client and its compose plugin. Where the client has no plugin
# (Debian 12's docker.io has none, and its docker-compose is the old v1), this fetches Debian 13's
# docker-compose package (compose v2) through apt's chain of trust: the release file's signature
# is checked against the installed Debian archive keyring, the package index against the
# release file, and the package against the index. The plugin is kept in .cache/docker (git
# ignores it) and used through DOCKER_CONFIG, so nothing outside the project is touched.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! docker compose version >/dev/null 2>&1; then
  export DOCKER_CONFIG="$PWD/.cache/docker"
  if ! docker compose version >/dev/null 2>&1; then
    mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    curl -fsS --retry 3 -o "$work/InRelease" "$mirror/dists/trixie/InRelease"
    gpgv --keyring /usr/share/keyrings/debian-archive-keyring.gpg --output "$work/Release" "$work/InRelease" 2>/dev/null
    index_sha=$(awk '/^SHA256:/ { in_sha = 1; next } /^[^ ]/ { in_sha = 0 } in_sha && $3 == "main/binary-amd64/Packages.xz" { print $1 }' "$work/Release")
    curl -fsS --retry 3 -o "$work/Packages.xz" "$mirror/dists/trixie/main/binary-amd64/Packages.xz"
    echo "$index_sha  $work/Packages.xz" | sha256sum --check --quiet
    read -r filename deb_sha < <(xz -dc "$work/Packages.xz" | awk '
      /^Package: / { pkg = $2 } /^Filename: / { file = $2 } /^SHA256: / { sha = $2 }
      /^$/ { if (pkg == "docker-compose") { print file, sha; exit } pkg = "" }')
    curl -fsS --retry 3 -o "$work/compose.deb" "$mirror/$filename"
    echo "$deb_sha  $work/compose.deb" | sha256sum --check --quiet
    dpkg-deb -x "$work/compose.deb" "$work/root"
    mkdir -p "$DOCKER_CONFIG/cli-plugins"
    install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-compose" "$DOCKER_CONFIG/cli-plugins/docker-compose"
  fi
fi

docker compose version
# Interpolation must not depend on the caller's environment: the file has to work as checked out.
env -u POSTGRES_PASSWORD -u EVENT_STORE docker compose -f docker/compose.yaml config --quiet
env -u POSTGRES_PASSWORD -u EVENT_STORE docker compose -f docker/compose.yaml --profile kurrentdb --profile demo config --quiet
echo "docker/compose.yaml: valid, with and without its profiles"
