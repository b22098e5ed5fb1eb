#!/usr/bin/env bash
# The fleetsh test lab: real OpenSSH servers in network namespaces on this machine.
#
#   lab/lab.sh up [--scale N]   bring it up (idempotent); N extra plain hosts for benchmarks
#   lab/lab.sh down             tear it down
#   lab/lab.sh status           print whether it is up, and its hosts
#
# Layout (all addresses in 198.18.0.0/15, the range kept for benchmarking):
#   controller (root netns)  198.18.0.1/16 on bridge flbr0
#   jump                     198.18.0.10 (front) and 198.19.0.1 (back)
#   h1 h2 h3                 198.18.0.11-13, directly reachable
#   b1 b2 b3                 198.19.0.11-13, behind jump only: the controller has an
#                            'unreachable' route for 198.19.0.0/16 and jump does not forward
#   s001..sNNN (--scale)     198.18.1.1 onwards, plain hosts for fan-out benchmarks
#
# Users (same on every host, they share this machine's /etc/passwd):
#   fleet        key (ed25519, ecdsa, rsa, and an ed25519 key with a passphrase) and password;
#                sudo to anyone without a password
#   alice        password only; sudo to anyone with her password
#   dave         key and password; sudo to anyone with his password; doas to carol with it
#   (doas)       fleet may doas to anyone without a password
#   carol        password; the target of su
#   user01..20   passwords; su targets for parallel account tests
#   root         key login, for container hops (podman runs as root)
# Passwords are random per 'up' and written to $LAB_DIR/secrets (mode 0600) as NAME = VALUE.
#
# /mnt/fleetsh-full is a 1 MiB tmpfs: a full disk for transfer tests.
#
# Everything the tests need is under $LAB_DIR (default /run/fleetsh-lab):
#   ssh_config, known_hosts, keys/, secrets, hosts (name address), <host>/sshd.log
set -euo pipefail

LAB_DIR=${LAB_DIR:-/run/fleetsh-lab}
ETC=/etc/fleetsh-lab
FRONT_BR=flbr0
PREFIX=fl-
IMAGE=localhost/fleetsh-busybox
CONTAINER=fl-app
FULL_DISK=/mnt/fleetsh-full
FRONT_HOSTS=(jump:198.18.0.10 h1:198.18.0.11 h2:198.18.0.12 h3:198.18.0.13)
BACK_HOSTS=(b1:198.19.0.11 b2:198.19.0.12 b3:198.19.0.13)
SU_USERS=$(printf 'user%02d ' $(seq 1 20))

die() { echo "lab: $*" >&2; exit 1; }
log() { [ -n "${LAB_QUIET:-}" ] || echo "lab: $*" >&2; }

need() {
  [ "$(id -u)" = 0 ] || die "must run as root (it creates network namespaces and users)"
  for c in ip sshd ssh-keygen sudo su; do
    command -v "$c" >/dev/null 2>&1 || [ -x "/usr/sbin/$c" ] || die "missing $c: run .ci/install-deps"
  done
}

rand_pw() { head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20; }

ensure_user() { # name
  id "$1" >/dev/null 2>&1 || useradd -m -s /bin/bash "$1"
}

set_pw() { # name password
  echo "$1:$2" | chpasswd
}

setup_users() {
  mkdir -p "$ETC/authorized_keys"
  for u in fleet alice carol dave $SU_USERS; do ensure_user "$u"; done
  : > "$LAB_DIR/secrets.new"
  chmod 600 "$LAB_DIR/secrets.new"
  for u in fleet alice carol dave $SU_USERS; do
    pw=$(rand_pw)
    set_pw "$u" "$pw"
    echo "$u = $pw" >> "$LAB_DIR/secrets.new"
  done
  passphrase=$(rand_pw)
  echo "passphrase = $passphrase" >> "$LAB_DIR/secrets.new"
  mv "$LAB_DIR/secrets.new" "$LAB_DIR/secrets"

  mkdir -p "$LAB_DIR/keys"
  chmod 700 "$LAB_DIR/keys"
  rm -f "$LAB_DIR"/keys/id_*
  ssh-keygen -q -t ed25519 -N '' -C fleet-ed25519 -f "$LAB_DIR/keys/id_ed25519"
  ssh-keygen -q -t ecdsa -b 256 -N '' -C fleet-ecdsa -f "$LAB_DIR/keys/id_ecdsa"
  ssh-keygen -q -t rsa -b 3072 -N '' -C fleet-rsa -f "$LAB_DIR/keys/id_rsa"
  ssh-keygen -q -t ed25519 -N "$passphrase" -C fleet-passphrase -f "$LAB_DIR/keys/id_ed25519_pass"
  cat "$LAB_DIR"/keys/*.pub > "$ETC/authorized_keys/fleet"
  cp "$LAB_DIR/keys/id_ed25519.pub" "$ETC/authorized_keys/root"
  cp "$LAB_DIR/keys/id_ed25519.pub" "$ETC/authorized_keys/dave"
  : > "$ETC/authorized_keys/alice"
  chmod 644 "$ETC"/authorized_keys/*

  cat > /etc/sudoers.d/fleetsh-lab <<'EOF'
# fleetsh test lab
Defaults:fleet !requiretty
Defaults:alice !requiretty
Defaults:dave !requiretty
fleet ALL=(ALL:ALL) NOPASSWD: ALL
alice ALL=(ALL:ALL) ALL
dave ALL=(ALL:ALL) ALL
EOF
  chmod 440 /etc/sudoers.d/fleetsh-lab
  if command -v doas >/dev/null 2>&1; then
    # OpenDoas: fleet may become anyone without a password; dave becomes carol with his.
    printf 'permit nopass fleet\npermit dave as carol\n' > /etc/doas.conf
    chmod 600 /etc/doas.conf
  fi
}

write_sshd_config() { # name address
  local d="$LAB_DIR/$1"
  mkdir -p "$d"
  [ -f "$d/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "$1" -f "$d/ssh_host_ed25519_key"
  cat > "$d/sshd_config" <<EOF
ListenAddress $2:22
HostKey $d/ssh_host_ed25519_key
PidFile $d/sshd.pid
LogLevel VERBOSE
AuthorizedKeysFile $ETC/authorized_keys/%u
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication yes
UsePAM yes
PermitRootLogin prohibit-password
AllowTcpForwarding yes
MaxSessions 256
MaxStartups 512:30:1024
PrintMotd no
UseDNS no
Subsystem sftp internal-sftp
EOF
}

add_host() { # name address bridge-ns(empty for root) bridge
  local name=$1 addr=$2 brns=$3 br=$4 ns="$PREFIX$1"
  ip netns add "$ns"
  ip link add "v$name" type veth peer name eth0 netns "$ns"
  if [ -n "$brns" ]; then
    ip link set "v$name" netns "$brns"
    ip -n "$brns" link set "v$name" master "$br" up
  else
    ip link set "v$name" master "$br" up
  fi
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$addr/16" dev eth0
  ip -n "$ns" link set eth0 up
}

start_sshd() { # name
  local d="$LAB_DIR/$1"
  # nsenter --net enters only the network namespace: 'ip netns exec' would also remount /sys
  # and hide the cgroup mounts that podman needs in the sessions sshd starts.
  nsenter --net="/run/netns/$PREFIX$1" /usr/sbin/sshd -f "$d/sshd_config" -E "$d/sshd.log"
}

setup_podman() {
  command -v podman >/dev/null 2>&1 || { log "no podman: container hosts skipped"; return 0; }
  mkdir -p /etc/containers
  if ! grep -q 'fleetsh-lab' /etc/containers/containers.conf 2>/dev/null; then
    cat >> /etc/containers/containers.conf <<'EOF'
# fleetsh-lab: runc with cgroupfs, no default ulimits (this machine has no systemd cgroups)
[containers]
default_ulimits = []
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
  fi
  if ! podman image exists "$IMAGE" 2>/dev/null; then
    local root
    root=$(mktemp -d)
    mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root"
    cp "$(command -v busybox)" "$root/bin/busybox"
    for a in $("$root/bin/busybox" --list); do
      [ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
    done
    echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
    echo 'www:x:33:33:www:/tmp:/bin/sh' >> "$root/etc/passwd"
    echo 'root:x:0:' > "$root/etc/group"
    echo 'www:x:33:' >> "$root/etc/group"
    tar -C "$root" -c . | podman import -q - "$IMAGE" >/dev/null
    rm -rf "$root"
  fi
  podman rm -f "$CONTAINER" >/dev/null 2>&1 || true
  podman run -d -q --name "$CONTAINER" --network none "$IMAGE" /bin/sleep 2147483647 >/dev/null
}

write_client_config() {
  local f="$LAB_DIR/ssh_config" kh="$LAB_DIR/known_hosts"
  : > "$kh"
  : > "$LAB_DIR/hosts"
  {
    for e in "${FRONT_HOSTS[@]}" ; do
      echo "Host ${e%%:*}"
      echo "  HostName ${e#*:}"
    done
    for e in "${BACK_HOSTS[@]}"; do
      echo "Host ${e%%:*}"
      echo "  HostName ${e#*:}"
      echo "  ProxyJump jump"
    done
    for e in "${SCALE_HOSTS[@]}"; do
      echo "Host ${e%%:*}"
      echo "  HostName ${e#*:}"
    done
    echo "Host *"
    echo "  User fleet"
    echo "  IdentityFile $LAB_DIR/keys/id_ed25519"
    echo "  IdentitiesOnly yes"
    echo "  UserKnownHostsFile $kh"
    echo "  StrictHostKeyChecking yes"
    echo "  ConnectTimeout 5"
  } > "$f"
  for e in "${FRONT_HOSTS[@]}" "${BACK_HOSTS[@]}" "${SCALE_HOSTS[@]}"; do
    local name=${e%%:*} addr=${e#*:}
    echo "$name $addr" >> "$LAB_DIR/hosts"
    echo "$name,$addr $(cut -d' ' -f1-2 "$LAB_DIR/$name/ssh_host_ed25519_key.pub")" >> "$kh"
  done
}

wait_sshd() { # name address
  local i
  for i in $(seq 1 100); do
    if nsenter --net="/run/netns/$PREFIX$1" bash -c "exec 3<>/dev/tcp/$2/22" 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  die "sshd on $1 ($2) did not start; see $LAB_DIR/$1/sshd.log"
}

up() {
  need
  local scale=0
  while [ $# -gt 0 ]; do
    case $1 in
      --scale) scale=$2; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  if [ -f "$LAB_DIR/ready" ]; then
    local have
    have=$(cat "$LAB_DIR/scale" 2>/dev/null || echo 0)
    if [ "$have" -ge "$scale" ] && status >/dev/null 2>&1; then
      log "already up"
      return 0
    fi
    down
  fi
  SCALE_HOSTS=()
  local i
  for i in $(seq 1 "$scale"); do
    SCALE_HOSTS+=("$(printf 's%03d' "$i"):198.18.$((1 + (i - 1) / 250)).$((1 + (i - 1) % 250))")
  done
  mkdir -p "$LAB_DIR" /run/sshd
  chmod 755 "$LAB_DIR"
  log "users, keys and sudo rules"
  setup_users

  log "network"
  ip link add "$FRONT_BR" type bridge 2>/dev/null || true
  ip addr add 198.18.0.1/16 dev "$FRONT_BR" 2>/dev/null || true
  ip link set "$FRONT_BR" up
  ip route add unreachable 198.19.0.0/16 2>/dev/null || true
  ip netns add "${PREFIX}backnet"
  ip -n "${PREFIX}backnet" link add flbr1 type bridge
  ip -n "${PREFIX}backnet" link set flbr1 up
  local e
  for e in "${FRONT_HOSTS[@]}" "${SCALE_HOSTS[@]}"; do
    add_host "${e%%:*}" "${e#*:}" "" "$FRONT_BR"
  done
  for e in "${BACK_HOSTS[@]}"; do
    add_host "${e%%:*}" "${e#*:}" "${PREFIX}backnet" flbr1
  done
  # The jump host's leg on the back network; it does not forward between its two legs.
  ip link add vjumpb type veth peer name eth1 netns "${PREFIX}jump"
  ip link set vjumpb netns "${PREFIX}backnet"
  ip -n "${PREFIX}backnet" link set vjumpb master flbr1 up
  ip -n "${PREFIX}jump" addr add 198.19.0.1/16 dev eth1
  ip -n "${PREFIX}jump" link set eth1 up

  log "sshd on $(( ${#FRONT_HOSTS[@]} + ${#BACK_HOSTS[@]} + scale )) hosts"
  for e in "${FRONT_HOSTS[@]}" "${BACK_HOSTS[@]}" "${SCALE_HOSTS[@]}"; do
    write_sshd_config "${e%%:*}" "${e#*:}"
    start_sshd "${e%%:*}"
  done
  for e in "${FRONT_HOSTS[@]}" "${BACK_HOSTS[@]}" "${SCALE_HOSTS[@]}"; do
    wait_sshd "${e%%:*}" "${e#*:}"
  done
  write_client_config

  log "podman container $CONTAINER"
  setup_podman

  # A full disk for transfer tests: 1 MiB of tmpfs, writable by every lab user.
  mkdir -p "$FULL_DISK"
  mountpoint -q "$FULL_DISK" || mount -t tmpfs -o size=1m,mode=1777 fleetsh-full "$FULL_DISK"

  echo "$scale" > "$LAB_DIR/scale"
  date -u +%FT%TZ > "$LAB_DIR/ready"
  log "up: $LAB_DIR/ssh_config"
}

down() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  local ns
  for pidf in "$LAB_DIR"/*/sshd.pid; do
    [ -f "$pidf" ] && kill "$(cat "$pidf")" 2>/dev/null || true
  done
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$PREFIX" || true); do
    # Whatever still runs in a lab namespace (session children of sshd) goes too.
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  ip link del "$FRONT_BR" 2>/dev/null || true
  ip route del unreachable 198.19.0.0/16 2>/dev/null || true
  if command -v podman >/dev/null 2>&1; then
    podman rm -f -t 0 "$CONTAINER" >/dev/null 2>&1 || true
  fi
  mountpoint -q "$FULL_DISK" 2>/dev/null && umount "$FULL_DISK" || true
  rm -f "$LAB_DIR/ready" "$LAB_DIR/scale"
  rm -rf "${LAB_DIR:?}"/*/
  log "down"
}

status() {
  [ -f "$LAB_DIR/ready" ] || { echo "down"; return 1; }
  local name addr bad=0
  while read -r name addr; do
    if ! nsenter --net="/run/netns/$PREFIX$name" bash -c "exec 3<>/dev/tcp/$addr/22" 2>/dev/null; then
      echo "$name $addr: sshd not answering"
      bad=1
    fi
  done < "$LAB_DIR/hosts"
  [ $bad = 0 ] || return 1
  echo "up since $(cat "$LAB_DIR/ready"): $(wc -l < "$LAB_DIR/hosts") hosts, $LAB_DIR/ssh_config"
}

case ${1:-} in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up [--scale N] | down | status" >&2; exit 2 ;;
esac
