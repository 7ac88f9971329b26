#!/usr/bin/env bash
# Runs the image tar without Docker, to show it is complete: its layers unpacked in order into a
# directory, its entry point run there with chroot as the image's user, with the image's environment,
# a private /proc and /dev, and the host's network (brokers on 127.0.0.1 are reachable).
#
#   sudo deploy/image/run-image.sh [--cpus N] [-e VAR=VALUE]... IMAGE_TAR [ARG...]
#
# ARGs replace the image's command, as with `docker run IMAGE ARG...`. --cpus N puts the process in a
# cgroup (v1 cpu controller) with a quota of N CPUs, as `docker run --cpus N` does. Needs root (chroot,
# mounts), jq and util-linux's unshare. The directory is removed afterwards.
set -euo pipefail

cpus=""
env_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --cpus) cpus="$2"; shift 2 ;;
    -e) env_args+=("$2"); shift 2 ;;
    *) break ;;
  esac
done
tar_file="${1:?usage: run-image.sh [--cpus N] [-e VAR=VALUE]... IMAGE_TAR [ARG...]}"; shift
[ "$(id -u)" = 0 ] || { echo "run-image.sh: needs root (chroot, mounts)" >&2; exit 77; }

work="$(mktemp -d "${TMPDIR:-/tmp}/glimpse-image-run.XXXXXX")"
cgroup=""
cleanup() {
  [ -z "$cgroup" ] || rmdir "$cgroup" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

tar -xf "$tar_file" -C "$work" manifest.json
config="$(jq -r '.[0].Config' "$work/manifest.json")"
tar -xf "$tar_file" -C "$work" "$config"
root="$work/rootfs"
mkdir "$root"
for layer in $(jq -r '.[0].Layers[]' "$work/manifest.json"); do
  tar -xOf "$tar_file" "$layer" | tar -xz --warning=no-unknown-keyword --same-owner --numeric-owner -C "$root"
done

user="$(jq -r '.config.User // "0"' "$work/$config")"
workdir="$(jq -r '.config.WorkingDir // "/"' "$work/$config")"
mapfile -t image_env < <(jq -r '.config.Env[]?' "$work/$config")
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]?' "$work/$config")
if [ $# -gt 0 ]; then args=("$@"); else mapfile -t args < <(jq -r '.config.Cmd[]?' "$work/$config"); fi
# The entry point names `java`; a container runtime finds it on the image's PATH, as here.
path="$(printf '%s\n' "${image_env[@]}" | sed -n 's/^PATH=//p')"
for dir in ${path//:/ }; do
  if [ -x "$root$dir/${entrypoint[0]}" ]; then entrypoint[0]="$dir/${entrypoint[0]}"; break; fi
done

if [ -n "$cpus" ]; then
  cgroup="/sys/fs/cgroup/cpu/glimpse-image-run-$$"
  mkdir "$cgroup"
  echo 100000 > "$cgroup/cpu.cfs_period_us"
  echo $((cpus * 100000)) > "$cgroup/cpu.cfs_quota_us"
  echo $$ > "$cgroup/cgroup.procs"
fi

# In a mount namespace of its own: /proc of a new PID namespace, a /dev of the usual devices, the
# cgroup tree (where the JVM reads its CPU quota and memory limit). SIGTERM and Ctrl-C reach the app,
# as `docker stop` would; the unpacked directory is removed when it exits.
env -i "${image_env[@]}" "${env_args[@]}" HOSTNAME=glimpse-image-run \
  unshare --mount --pid --fork --kill-child=SIGTERM --propagation private /bin/bash -c '
    set -e
    root="$1"; user="$2"; workdir="$3"; shift 3
    mount -t proc proc "$root/proc"
    mount -t tmpfs -o mode=755 tmpfs "$root/dev"
    for d in null zero random urandom tty; do touch "$root/dev/$d"; mount --bind "/dev/$d" "$root/dev/$d"; done
    mkdir -p "$root/sys/fs/cgroup" && mount --rbind /sys/fs/cgroup "$root/sys/fs/cgroup"
    # chroot starts in /; the image'"'"'s shell moves to its working directory.
    exec chroot --userspec="$user" "$root" /bin/bash -c '"'"'cd "$0" && exec "$@"'"'"' "$workdir" "$@"
  ' run-image "$root" "$user" "$workdir" "${entrypoint[@]}" "${args[@]}" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' TERM INT
status=0
while kill -0 "$child" 2>/dev/null; do wait "$child" || status=$?; done
exit "$status"
