#!/bin/sh
# Rootless Doctor collector: gathers what helps diagnose rootless Docker, for
# pasting into Rootless Doctor (or run by `rootless-doctor check`).
# Read-only: it changes nothing, needs no sudo, and uses no network. It only
# prints; read the output before you share it (user and host names, paths).
#   sh collect.sh > rootless-doctor.txt
LC_ALL=C
export LC_ALL
me=$(id -un 2>/dev/null)
uid=$(id -u 2>/dev/null)
# Passed to each command through the environment, never pasted into its text:
# a directory-service name may hold quotes or spaces.
export me uid

run() {
  printf '### rootless-doctor: $ %s\n' "$1"
  if command -v timeout >/dev/null 2>&1; then
    timeout 20 sh -c "$1" 2>&1
  else
    sh -c "$1" 2>&1
  fi
  printf '\n'
}

run 'id'
run 'uname -a'
run 'cat /etc/os-release'
run 'echo "DOCKER_HOST=$DOCKER_HOST"; echo "XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR"'
run 'docker version'
run 'docker info'
run 'docker context ls'
run 'grep -E "^($me|$uid):" /etc/subuid'
run 'grep -E "^($me|$uid):" /etc/subgid'
run 'grep -H . /proc/sys/kernel/unprivileged_userns_clone /proc/sys/user/max_user_namespaces /proc/sys/kernel/apparmor_restrict_unprivileged_userns /proc/sys/net/ipv4/ip_unprivileged_port_start /proc/sys/net/ipv4/ping_group_range'
run 'ls -l "$(command -v newuidmap)" "$(command -v newgidmap)"'
run 'command -v dockerd-rootless-setuptool.sh dockerd-rootless.sh rootlesskit slirp4netns pasta dockerd docker'
run 'stat -fc %T /sys/fs/cgroup'
run 'cat /sys/fs/cgroup/cgroup.controllers'
run 'cat "/sys/fs/cgroup/user.slice/user-$uid.slice/user@$uid.service/cgroup.controllers"'
run 'loginctl show-user "$me" --property=Linger'
run 'ls -l "$XDG_RUNTIME_DIR/docker.sock" /var/run/docker.sock'
run 'systemctl --user --no-pager status docker'
run 'journalctl --user --no-pager -u docker -n 100'
run 'cat "$HOME/.config/docker/daemon.json"'
run 'cat /etc/docker/daemon.json'
run 'systemctl --user --no-pager cat docker'
