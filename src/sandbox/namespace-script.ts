/**
 * The shell script that builds the sandbox inside fresh user, mount, network, PID, IPC and UTS namespaces
 * (util-linux `unshare`), the way bubblewrap does, with tools every Linux distribution ships:
 * - the root is an empty tmpfs; the host paths in WARDEN_RO (system binaries and libraries) are bound into it
 *   read-only, plus /dev/null, zero, random and urandom; nothing else of the host (no /home, /root, /proc, /tmp);
 * - /scratch is a size-limited tmpfs holding the code, the only writable place; the root is then made read-only;
 * - the code runs chrooted, with every capability dropped from the bounding set and no_new_privs (so no exec
 *   regains them and nothing can undo the read-only mounts), under prlimit, with an empty environment;
 * - the network namespace has only a loopback interface that is down: no route anywhere;
 * - a capability-less shell is PID 1 of the namespace, so killing the runner kills every process of the run.
 * Each step's failure is written to fd 3 and exits 125; the inner shell writes `ready` to fd 3 and closes it before
 * the code runs, so the runner tells a machine that cannot build the sandbox from code that fails.
 */
export const SETUP_SCRIPT = String.raw`
set -uf
die() { printf '%s\n' "$1" >&3; exit 125; }
R=/tmp
mount -t tmpfs -o size=1m,mode=0755,nosuid,nodev warden-root "$R" || die 'mount a tmpfs root'
mkdir "$R/dev" "$R/scratch" || die 'create the root'
for p in $WARDEN_RO; do
  if [ -L "$p" ]; then
    mkdir -p "$R$(dirname "$p")" && ln -s "$(readlink "$p")" "$R$p" || die "link $p"
  elif [ -d "$p" ]; then
    mkdir -p "$R$p" && mount --bind "$p" "$R$p" && mount -o remount,bind,ro,nosuid,nodev "$R$p" || die "bind $p read-only"
  elif [ -f "$p" ]; then
    mkdir -p "$R$(dirname "$p")" && touch "$R$p" && mount --bind "$p" "$R$p" && mount -o remount,bind,ro,nosuid,nodev "$R$p" || die "bind $p read-only"
  fi
done
for d in null zero random urandom; do
  touch "$R/dev/$d" && mount --bind "/dev/$d" "$R/dev/$d" || die "bind /dev/$d"
done
mount -t tmpfs -o "size=$WARDEN_SCRATCH_BYTES,mode=0777,nosuid,nodev" warden-scratch "$R/scratch" || die 'mount the scratch tmpfs'
printf '%s' "$WARDEN_CODE" > "$R/scratch/$WARDEN_FILE" || die 'write the code'
mount -o remount,bind,ro,nosuid,nodev "$R" || die 'make the root read-only'
exec "$WARDEN_CHROOT" "$R" "$WARDEN_SETPRIV" --bounding-set=-all --inh-caps=-all --no-new-privs -- \
  "$WARDEN_PRLIMIT" $WARDEN_RLIMITS -- \
  "$WARDEN_ENV" -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/scratch TMPDIR=/scratch LANG=C.UTF-8 \
  /bin/sh -c 'cd /scratch || exit 125; echo ready >&3; exec 3>&-; "$@"; s=$?; exit $s' warden "$@"
`;
