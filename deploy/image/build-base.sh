#!/usr/bin/env bash
# Builds the base image of Glimpse's container image, without Docker and without a registry: Debian
# bookworm packages unpacked into a root file system (base-packages.txt) and a Java runtime made with
# jlink from Debian's OpenJDK 17 (jre-packages.txt), written as a `docker save` tar that Jib builds on
# (`tar://`). Everything comes from the Debian archive, checked by apt against its signed indexes.
#
#   deploy/image/build-base.sh OUT_DIR        writes OUT_DIR/glimpse-base.tar and OUT_DIR/packages.lock
#
# Needs apt-get, dpkg-deb, GNU tar and debian-archive-keyring (a Debian or Ubuntu host); no root.
# GLIMPSE_DEBIAN_MIRROR / GLIMPSE_DEBIAN_SECURITY_MIRROR choose the archive (a snapshot.debian.org URL
# pins it to a date; the default takes bookworm's current packages, security fixes included).
# GLIMPSE_IMAGE_CACHE (default ~/.cache/glimpse-image) keeps the indexes and packages between builds.
# The layers are reproducible for the same packages: sorted entries, fixed times and owners.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: build-base.sh OUT_DIR}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
mirror="${GLIMPSE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security="${GLIMPSE_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
cache="${GLIMPSE_IMAGE_CACHE:-$HOME/.cache/glimpse-image}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
# Jib's time for every file of the layers it makes: one time for the whole image.
epoch="${SOURCE_DATE_EPOCH:-1}"
uid=10001

# What the app needs of the JDK (jdeps over streams-app's runtime class path, plus what is found by
# name at run time: EC for TLS, JMX for Kafka's and Micrometer's meters).
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss
modules+=,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.unsupported

for tool in apt-get dpkg-deb tar sha256sum; do
  command -v "$tool" >/dev/null || { echo "build-base.sh: $tool is missing (a Debian or Ubuntu host is needed)" >&2; exit 1; }
done
[ -r "$keyring" ] || { echo "build-base.sh: $keyring is missing: apt-get install debian-archive-keyring" >&2; exit 1; }

packages() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$1" | awk '{print $1}'; }

# --- A private apt: its own sources, indexes and cache; the host's configuration plays no part. ------
apt_dir="$cache/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$cache/debs"
cat > "$apt_dir/sources.list" <<EOF
deb [signed-by=$keyring] $mirror bookworm main
deb [signed-by=$keyring] $mirror bookworm-updates main
deb [signed-by=$keyring] $security bookworm-security main
EOF
: > "$apt_dir/status"
apt=(apt-get -qq -o "APT::Sandbox::User=$(id -un)" -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
     -o "Dir::Etc::Preferences=/dev/null" -o Dir::Etc::PreferencesParts=/dev/null
     -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::State::status=$apt_dir/status" -o "Dir::Cache=$apt_dir/cache"
     -o APT::Architecture=amd64 -o APT::Architectures=amd64 -o Acquire::Languages=none -o Debug::NoLocking=1)
"${apt[@]}" update

mapfile -t base < <(packages "$here/base-packages.txt")
mapfile -t jre < <(packages "$here/jre-packages.txt")
# apt-get download fetches each package's candidate (the newest in bookworm, -updates and -security)
# and checks it against the signed index; --print-uris names the files and their hashes first.
declare -A deb
: > "$out/packages.lock"
while read -r url file size hash; do
  name="${file%%_*}"
  deb[$name]="$cache/debs/$file"
  version="${file#*_}"
  printf '%s %s %s\n' "$name" "${version%_*}" "${hash#SHA256:}" >> "$out/packages.lock"
done < <("${apt[@]}" download --print-uris "${base[@]}" "${jre[@]}")
(cd "$cache/debs" && for p in "${base[@]}" "${jre[@]}"; do
   [ -f "${deb[$p]}" ] || "${apt[@]}" download "$p"
 done)
sed -i 's/%3a/:/' "$out/packages.lock"

work="$(mktemp -d "${TMPDIR:-/tmp}/glimpse-base.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# --- Layer 1: the Debian files, a user, and the directories the app writes. -------------------------
root="$work/os"
mkdir -p "$root/var/lib/dpkg/status.d"
for p in "${base[@]}"; do
  dpkg-deb -x "${deb[$p]}" "$root"
  # Where distroless keeps its package records: image scanners read them to list what is installed.
  dpkg-deb -f "${deb[$p]}" > "$root/var/lib/dpkg/status.d/$p"
done
# Documentation other than licences, manuals and translations serve nobody in a container.
find "$root/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$root/usr/share/man" "$root/usr/share/info" "$root/usr/share/locale" "$root/usr/share/lintian" \
       "$root/usr/share/bash-completion" "$root/usr/share/menu"
mkdir -p "$root/tmp" "$root/opt/glimpse" "$root/var/lib/glimpse/state"
chmod 1777 "$root/tmp"
cat > "$root/etc/passwd" <<EOF
root:x:0:0:root:/root:/usr/sbin/nologin
glimpse:x:$uid:$uid:Glimpse:/var/lib/glimpse:/usr/sbin/nologin
EOF
cat > "$root/etc/group" <<EOF
root:x:0:
glimpse:x:$uid:
EOF
echo "hosts: files dns" > "$root/etc/nsswitch.conf"
cp "$out/packages.lock" "$root/var/lib/dpkg/glimpse-packages.lock"

layer_tar() { # DIR TAR [OWNER]: a reproducible layer of DIR's contents
  local owner="${3:-0}"
  tar --sort=name --mtime="@$epoch" --owner="$owner" --group="$owner" --numeric-owner --format=posix \
      --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime "${@:4}" -C "$1" -cf "$2" .
}
# All of it root's, except the state directory: the app's user owns it (a volume mounted there starts
# with the image's owner in Docker; Kubernetes needs fsGroup).
layer_tar "$root" "$work/os.tar" 0 --exclude=./var/lib/glimpse
tar --mtime="@$epoch" --owner="$uid" --group="$uid" --numeric-owner --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$root" --no-recursion -rf "$work/os.tar" \
    ./var/lib/glimpse ./var/lib/glimpse/state

# --- Layer 2: the Java runtime, jlink'd from Debian's OpenJDK. --------------------------------------
jdk="$work/jdk"
for p in "${jre[@]}"; do dpkg-deb -x "${deb[$p]}" "$jdk"; done
# Debian links the JDK's configuration to /etc/java-17-openjdk; point the links into the unpacked tree
# so that its jlink runs whatever the host has installed.
while IFS= read -r link; do
  target="$(readlink "$link")"
  case "$target" in /*) ln -sfn "$jdk$target" "$link" ;; esac
done < <(find "$jdk" -type l)
java_home="$jdk/usr/lib/jvm/java-17-openjdk-amd64"
jre_root="$work/jre"
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output "$jre_root/opt/java"
layer_tar "$jre_root" "$work/jre.tar"

# --- The image: docker save format (manifest.json, config, layers). ---------------------------------
os_id="sha256:$(sha256sum "$work/os.tar" | cut -d' ' -f1)"
jre_id="sha256:$(sha256sum "$work/jre.tar" | cut -d' ' -f1)"
java_version="$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$jre_root/opt/java/release")"
created="$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)"
cat > "$work/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"User":"$uid:$uid","WorkingDir":"/var/lib/glimpse",
  "Env":["PATH=/opt/java/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
  "Labels":{"io.glimpse.base.debian":"bookworm","io.glimpse.base.java":"$java_version"}},
 "rootfs":{"type":"layers","diff_ids":["$os_id","$jre_id"]},
 "history":[{"created":"$created","created_by":"deploy/image/build-base.sh: Debian bookworm ($(packages "$here/base-packages.txt" | tr '\n' ' ' | sed 's/ $//'))"},
            {"created":"$created","created_by":"deploy/image/build-base.sh: jlink $java_version ($modules)"}]}
EOF
echo "[{\"Config\":\"config.json\",\"RepoTags\":[\"glimpse/base:bookworm\"],\"Layers\":[\"os.tar\",\"jre.tar\"]}]" > "$work/manifest.json"
touch -d "@$epoch" "$work/config.json" "$work/manifest.json" "$work/os.tar" "$work/jre.tar"
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -C "$work" \
    -cf "$out/glimpse-base.tar" manifest.json config.json os.tar jre.tar
echo "build-base.sh: $out/glimpse-base.tar (Java $java_version; $(wc -l < "$out/packages.lock") packages in packages.lock)"
