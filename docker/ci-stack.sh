#!/usr/bin/env bash
# The deployment as shipped, really built and started: docker/Dockerfile built with podman,
# docker/compose.yaml started with podman-compose, and a walk-through against it: a token from the
# CLI in the API container, a command and its query, the SSE feed, the relay into NATS, the
# leading worker killed and a standby taking over, migrate started a second time and the API
# restarted. The API and the workers run on a read-only root filesystem; the image must hold no
# dev dependencies and run as `node`.
#
#   sudo docker/ci-stack.sh          # root on Debian 12; .ci/run runs it
#
# No image registry is reachable from the build machines, so the three base images are stand-ins
# built here from Debian's packages (docker/ci/*.Containerfile) under the names the Dockerfile and
# the compose file use, and kept in podman's storage between runs. Exit 0: all verified; 77:
# SKIPPED, no container engine can run here (nothing verified); anything else: a failure, with
# the containers' logs. Everything the run started is removed at exit, whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
cache="$root/.cache/ci-stack"
mkdir -p "$cache"
started=$SECONDS

say() { printf 'ci-stack: %s\n' "$*"; }
skip() {
  say "SKIPPED: $*"
  exit 77
}
failure=""
fail() {
  failure=$*
  say "FAILED: $*" >&2
  exit 1
}
# Runs "$@" until it succeeds, at most `limit` seconds (and so a bounded number of tries).
wait_until() {
  local what=$1 limit=$2
  shift 2
  local deadline=$((SECONDS + limit))
  until "$@"; do
    ((SECONDS < deadline)) || fail "$what: not within ${limit}s"
    sleep 2
  done
}
step() { say "$(printf '%4ds' $((SECONDS - started))) $*"; }
# No systemd runs here, so podman cannot schedule health-check timers and says so at every start;
# the checks are run by hand below, so those lines are only noise (as is the lack of /dev/log).
pm() {
  local status=0
  podman "$@" 2>"$cache/podman.err" || status=$?
  grep -v -e 'unable to get systemd connection' -e 'Removing timer for container' -e 'failed to connect to syslog' "$cache/podman.err" >&2 || true
  return "$status"
}

# --- 1. The tools, from Debian's packages --------------------------------------------------------
# runc, not crun: crun refuses this machine's mix of cgroup v1 and v2. catatonit is compose's
# `init: true`; netavark, aardvark-dns and iptables give the compose network and its service names.
packages=(podman runc podman-compose debootstrap catatonit netavark aardvark-dns iptables)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  [[ $(id -u) == 0 ]] || skip "installing ${missing[*]} needs root"
  command -v apt-get >/dev/null || skip "no apt-get to install ${missing[*]}"
  step "installing ${missing[*]}"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$cache/apt.log" 2>&1; then
    tail -n 20 "$cache/apt.log" >&2
    skip "apt could not install ${missing[*]}"
  fi
fi
[[ $(id -u) == 0 ]] || skip "podman's network and port publishing here need root"

# --- 2. Podman as this machine needs it, for this script only -------------------------------------
# Without default ulimits at or under the machine's hard limits every container start fails with
# "setrlimit ... operation not permitted" (root here lacks CAP_SYS_RESOURCE). No systemd runs, so
# cgroups are managed directly and events go to a file. Images stay in podman's usual storage, so
# the stand-in base images outlive this checkout.
mkdir -p "$root/.cache/podman"
cat >"$root/.cache/podman/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
[network]
network_backend = "netavark"
EOF
cat >"$root/.cache/podman/storage.conf" <<'EOF'
[storage]
driver = "overlay"
runroot = "/run/containers/storage"
graphroot = "/var/lib/containers/storage"
EOF
export CONTAINERS_CONF="$root/.cache/podman/containers.conf"
export CONTAINERS_STORAGE_CONF="$root/.cache/podman/storage.conf"
# OCI images drop HEALTHCHECK; the Dockerfile's is what the compose file waits on.
export BUILDAH_FORMAT=docker

# Can a container run at all? A root filesystem of the host's own `true` and its libraries needs
# no image, no registry and no mirror.
probe="$cache/probe-rootfs"
rm -rf "$probe"
mkdir -p "$probe"
# shellcheck disable=SC2046 # one path a word
cp --parents /usr/bin/true $(ldd /usr/bin/true | grep -o '/[^ ]*') "$probe"
if ! probe_out=$(timeout 60 podman run --rm --network none --rootfs "$probe" /usr/bin/true 2>&1); then
  printf '%s\n' "$probe_out" >&2
  skip "podman cannot run a container on this machine: $(grep -m 1 . <<<"$probe_out")"
fi
rm -rf "$probe"
step "podman $(podman version --format '{{.Client.Version}}') runs containers (runc, cgroupfs, overlay)"

# --- 3. Stand-in base images ---------------------------------------------------------------------
# The mirror apt uses here: nothing else is reachable.
sources() {
  {
    grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | tr ' ' '\n' | grep -E '^https?://' || true
    grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | tr ' ' '\n' | grep -E '^https?://' || true
  } | sed 's:/*$::'
}
mirror="${DEBIAN_MIRROR:-$(sources | grep -E '/debian$' | head -n 1)}"
security="${DEBIAN_SECURITY_MIRROR:-$(sources | grep -E '/debian-security$' | head -n 1)}"
[[ -n $mirror ]] || fail "no Debian mirror in /etc/apt/sources.list*; set DEBIAN_MIRROR"

# Unmounts what a failed debootstrap may have left mounted before the folder goes.
remove_rootfs() {
  local dir=$1
  [[ -d $dir ]] || return 0
  { findmnt -rn -o TARGET | grep -F "$dir/" || true; } | sort -r | xargs -r umount -l
  rm -rf "$dir"
}
for suite in bookworm trixie; do remove_rootfs "$cache/rootfs-$suite"; done # a killed run's

# debootstrap --variant=minbase, trimmed as the official slim images are, imported as one layer.
make_minbase() {
  local suite=$1 tag=$2 dir="$cache/rootfs-$1" log="$cache/debootstrap-$1.log"
  remove_rootfs "$dir"
  if ! debootstrap --variant=minbase --components=main "$suite" "$dir" "$mirror" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    remove_rootfs "$dir"
    return 1
  fi
  {
    echo "deb $mirror $suite main"
    echo "deb $mirror $suite-updates main"
    [[ -z $security ]] || echo "deb $security $suite-security main"
  } >"$dir/etc/apt/sources.list"
  cat >"$dir/etc/dpkg/dpkg.cfg.d/slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
  cat >"$dir/etc/apt/apt.conf.d/slim" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };
EOF
  find "$dir/usr/share/doc" -mindepth 1 -not -type d -not -name copyright -delete
  rm -rf "$dir"/usr/share/{man,info,locale}/* "$dir"/var/cache/apt/archives/*.deb "$dir"/var/cache/apt/*.bin "$dir"/var/lib/apt/lists/*
  # Called where errexit is off: each step that matters says so itself.
  tar --numeric-owner -C "$dir" -c . |
    podman import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["bash"]' - "$tag" >>"$log" 2>&1 ||
    return 1
  remove_rootfs "$dir"
}

declare -A minbase=([bookworm]=localhost/ci-stack/debian:bookworm-minbase [trixie]=localhost/ci-stack/debian:trixie-minbase)
# name: tag | base suite | files its build reads from docker/ci
standins=(
  "node|docker.io/library/node:20-bookworm-slim|trixie|node.Containerfile"
  "postgres|docker.io/library/postgres:15-bookworm|bookworm|postgres.Containerfile postgres-entrypoint.sh"
  "nats|docker.io/library/nats:2.10|trixie|nats.Containerfile"
)
# The machine's own CAs: its network intercepts TLS, so npm in the build must trust them.
mapfile -t machine_cas < <(find /usr/local/share/ca-certificates -name '*.crt' 2>/dev/null | sort)

# A stand-in is rebuilt only when what it is made from changed: its recipe is a label.
recipe_of() {
  local name=$1 suite=$2 files=$3 file
  {
    podman image inspect --format '{{.Id}}' "${minbase[$suite]}" 2>/dev/null || echo none
    for file in $files; do sha256sum <"$root/docker/ci/$file"; done
    [[ $name != node ]] || cat "${machine_cas[@]}" /dev/null
  } | sha256sum | cut -c1-16
}
stale=()
for standin in "${standins[@]}"; do
  IFS='|' read -r name tag suite files <<<"$standin"
  have=$(podman image inspect --format '{{index .Labels "ci-stack.recipe"}}' "$tag" 2>/dev/null || true)
  [[ $have == "$(recipe_of "$name" "$suite" "$files")" ]] || stale+=("$standin")
done

build_standin() {
  local name=$1 tag=$2 suite=$3 files=$4 context="$cache/context-$1" log="$cache/build-$1.log" old file
  step "building the stand-in for $tag from Debian $suite"
  rm -rf "$context"
  mkdir -p "$context/ca-certificates"
  for file in $files; do cp "$root/docker/ci/$file" "$context/"; done
  [[ $name != node ]] || ((${#machine_cas[@]} == 0)) || cp "${machine_cas[@]}" "$context/ca-certificates/"
  old=$(podman image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
  if ! podman build --pull=never --layers=false --label "ci-stack.recipe=$(recipe_of "$name" "$suite" "$files")" \
    -f "$context/$name.Containerfile" -t "$tag" "$context" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    say "building the stand-in for $tag failed (log: $log)" >&2
    return 1
  fi
  [[ -z $old ]] || podman rmi "$old" >/dev/null 2>&1 || true
  rm -rf "$context"
}
# One suite's minbase when missing, then its stale stand-ins side by side: the downloads and
# unpacking of one overlap another's.
build_suite() {
  local suite=$1 standin name tag from files jobs=() job status=0
  [[ " ${stale[*]} " == *"|$suite|"* ]] || return 0
  if ! podman image exists "${minbase[$suite]}"; then
    step "debootstrap $suite (minbase) from $mirror"
    make_minbase "$suite" "${minbase[$suite]}" || {
      say "debootstrap $suite from $mirror failed (log: $cache/debootstrap-$suite.log)" >&2
      return 1
    }
  fi
  for standin in "${stale[@]}"; do
    IFS='|' read -r name tag from files <<<"$standin"
    [[ $from == "$suite" ]] || continue
    build_standin "$name" "$tag" "$suite" "$files" &
    jobs+=($!)
  done
  for job in "${jobs[@]}"; do wait "$job" || status=1; done
  return "$status"
}
if ((${#stale[@]} > 0)); then
  suite_jobs=()
  for suite in "${!minbase[@]}"; do
    build_suite "$suite" &
    suite_jobs+=($!)
  done
  # Every job is waited for, so none goes on after a failure.
  standins_failed=0
  for job in "${suite_jobs[@]}"; do wait "$job" || standins_failed=1; done
  ((standins_failed == 0)) || fail "the stand-in base images (above)"
fi
step "base images: stand-ins for node:20-bookworm-slim, postgres:15-bookworm and nats:2.10"

# --- 4. The app image ----------------------------------------------------------------------------
image=call-centre-ledger:local
step "building $image from docker/Dockerfile"
build_started=$SECONDS
# The build stage gets a tag too: its layers (npm ci above all) are the next run's cache, and an
# earlier run's, now untagged, can go, so the storage does not grow with every change.
build_stage=localhost/ci-stack/ledger-build:cache
previous=$(podman image inspect --format '{{.Id}}' "$image" "$build_stage" 2>/dev/null || true)
if ! { podman build --pull=never --target build -f docker/Dockerfile -t "$build_stage" . &&
  podman build --pull=never -f docker/Dockerfile -t "$image" .; } >"$cache/build-app.log" 2>&1; then
  tail -n 40 "$cache/build-app.log" >&2
  fail "building docker/Dockerfile (log: $cache/build-app.log)"
fi
for id in $previous; do
  [[ -n $(podman image inspect --format '{{.RepoTags}}' "$id" 2>/dev/null | tr -d '[]') ]] || podman rmi "$id" >/dev/null 2>&1 || true
done
build_seconds=$((SECONDS - build_started))
image_size=$(podman image inspect --format '{{.Size}}' "$image")
# Most of it is the stand-in base, bigger than the official slim image: Debian's npm brings its
# own copies of its dependencies as packages. The ledger's own part is the difference.
base_size=$(podman image inspect --format '{{.Size}}' docker.io/library/node:20-bookworm-slim)
sizes="$((image_size / 1000000)) MB, of which $(((image_size - base_size) / 1000000)) MB over its base"
step "built $image in ${build_seconds}s: $sizes"

[[ $(podman image inspect --format '{{.Config.User}}' "$image") == node ]] || fail "$image does not run as node"
[[ -n $(podman image inspect --format '{{.Config.Healthcheck}}' "$image") ]] || fail "$image lost its HEALTHCHECK"
# No dev dependency ships: npm finds every production dependency in place, and no package of
# package.json's devDependencies is installed unless the production tree needs it (@types/node
# is a dependency of the KurrentDB client's, say).
if ! dev_check=$(podman run --rm --read-only --no-healthcheck --network none "$image" node -e '
  const { execFileSync } = require("node:child_process");
  const { existsSync } = require("node:fs");
  let tree;
  try {
    tree = execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], { encoding: "utf8" });
  } catch (error) {
    console.log(`npm ls --omit=dev: the production tree is incomplete\n${error.stdout}${error.stderr}`);
    process.exit(1);
  }
  const production = new Set(tree.split("\n"));
  const dev = Object.keys(require("./package.json").devDependencies ?? {});
  const shipped = dev.filter((name) => existsSync(`node_modules/${name}`) && !production.has(`/app/node_modules/${name}`));
  if (shipped.length > 0) {
    console.log(`dev dependencies in the image: ${shipped.join(", ")}`);
    process.exit(1);
  }
  const needed = dev.filter((name) => existsSync(`node_modules/${name}`));
  console.log(`no dev dependency ships (of ${dev.length}` + (needed.length ? `; ${needed.join(", ")} only as production needs it` : "") + ")");
' 2>&1); then
  printf '%s\n' "$dev_check" >&2
  fail "$image ships dev dependencies"
fi
step "$image: runs as node, has its health check, $dev_check"

# --- 5. The stack --------------------------------------------------------------------------------
# A project name of its own, so nothing else's containers, volumes or network are touched.
project="ccl-ci-$$-$RANDOM"
label="io.podman.compose.project=$project"
compose_log="$cache/podman-compose.log"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
api_port=$(free_port)
nats_port=$(free_port)
api="http://127.0.0.1:$api_port"
ctr() { echo "${project}_$1_${2:-1}"; }

dump_logs() {
  local name
  for name in $(podman ps -a --filter "label=$label" --format '{{.Names}}'); do
    echo "----- $name: $(podman inspect --format '{{.State.Status}} exit {{.State.ExitCode}}' "$name" 2>/dev/null)"
    podman logs --tail 60 "$name" 2>&1 || true
  done
}
teardown() {
  local status=$?
  trap - EXIT
  if [[ -n ${project:-} ]]; then
    if ((status != 0)); then
      say "the stack's containers, at the failure:" >&2
      dump_logs >&2
      # Said again below the logs, where it is seen.
      [[ -z $failure ]] || say "FAILED: $failure" >&2
    fi
    local ids
    mapfile -t ids < <(podman container ls -aq --filter "label=$label" 2>/dev/null || true)
    ((${#ids[@]} == 0)) || podman container rm -f -t 5 "${ids[@]}" >/dev/null 2>&1 || true
    mapfile -t ids < <(podman volume ls -q --filter "label=$label" 2>/dev/null || true)
    ((${#ids[@]} == 0)) || podman volume rm -f "${ids[@]}" >/dev/null 2>&1 || true
    mapfile -t ids < <(podman network ls -q --filter "label=$label" 2>/dev/null || true)
    ((${#ids[@]} == 0)) || podman network rm -f "${ids[@]}" >/dev/null 2>&1 || true
  fi
  exit "$status"
}
trap teardown EXIT

python3 docker/ci/compose-for-podman.py docker/compose.yaml "$cache/compose.yaml" "3000=$api_port" "4222=$nats_port" |
  sed 's/^/ci-stack: /'
compose=(podman-compose -p "$project" -f "$cache/compose.yaml")
# Created, not started: podman-compose 1.0.3 ignores depends_on's conditions, so the order and
# the waits below are compose's, done by hand.
if ! "${compose[@]}" up --no-start --no-build >"$compose_log" 2>&1; then
  tail -n 40 "$compose_log" >&2
  fail "podman-compose could not create the stack (log: $compose_log)"
fi
for name in "$(ctr postgres)" "$(ctr nats)" "$(ctr keys)" "$(ctr migrate)" "$(ctr api)" "$(ctr worker 1)" "$(ctr worker 2)"; do
  podman container exists "$name" || { tail -n 40 "$compose_log" >&2; fail "podman-compose made no container $name"; }
done
step "created project $project: API on $api, NATS on 127.0.0.1:$nats_port"

healthy() { podman healthcheck run "$1" >/dev/null 2>&1; }
all_healthy() {
  local name
  for name in "$@"; do healthy "$name" || return 1; done
}
# A one-shot step: started, and waited for, and it must succeed.
run_once() {
  local name=$1 code
  pm start "$name" >/dev/null
  code=$(timeout 180 podman wait "$name") || fail "$name did not finish within 180s"
  if [[ $code != 0 ]]; then
    podman logs --tail 40 "$name" >&2
    fail "$name exited $code"
  fi
}

pm start "$(ctr postgres)" "$(ctr nats)" >/dev/null
wait_until "postgres healthy" 90 healthy "$(ctr postgres)"
step "postgres healthy, nats started"
run_once "$(ctr keys)"
run_once "$(ctr migrate)"
step "keys and migrate done: $(podman logs "$(ctr migrate)" 2>&1 | tail -n 1)"
pm start "$(ctr api)" "$(ctr worker 1)" "$(ctr worker 2)" >/dev/null
wait_until "the API and both workers healthy" 180 all_healthy "$(ctr api)" "$(ctr worker 1)" "$(ctr worker 2)"
step "the API and two workers are healthy"
for name in "$(ctr api)" "$(ctr worker 1)" "$(ctr worker 2)"; do
  [[ $(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$name") == true ]] || fail "$name: root filesystem not read-only"
  [[ $(podman exec "$name" id -u) == 1000 ]] || fail "$name does not run as uid 1000"
done

# --- 6. The walk-through (README) ----------------------------------------------------------------
uscc=91330100716105852F
token=$(podman exec "$(ctr api)" node dist/apps/ledger-cli/src/main.js token --role officer --org MIIT) || fail "the CLI gave no token"
# HTTP on loopback, bounded; sets status and body.
http() {
  local method=$1 path=$2 data=${3:-}
  local args=(-sS --max-time 15 -o "$cache/body" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $token")
  [[ -z $data ]] || args+=(-H 'Content-Type: application/json' --data "$data")
  status=$(curl "${args[@]}" "$api$path") || fail "$method $path: no answer"
  body=$(cat "$cache/body")
}
json() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1" <<<"$body"; }

http POST /v1/enterprises "{\"uscc\":\"$uscc\",\"name\":\"杭州某某呼叫中心有限公司\",\"province\":\"330000\"}"
[[ $status == 201 ]] || fail "POST /v1/enterprises answered $status: $body"
position=$(json position)
step "POST /v1/enterprises: 201, position $position"
http GET "/v1/enterprises/$uscc?minPosition=$position"
[[ $status == 200 && $(json uscc) == "$uscc" ]] || fail "GET /v1/enterprises/$uscc answered $status: $body"
step "GET /v1/enterprises/$uscc?minPosition=$position: 200"
sse_status=0
curl -sS -N --max-time 5 -H 'Accept: text/event-stream' -H "Authorization: Bearer $token" \
  "$api/v1/feed?fromPosition=0" >"$cache/feed.txt" 2>"$cache/feed.err" || sse_status=$?
((sse_status == 0 || sse_status == 28)) || fail "GET /v1/feed: curl exit $sse_status: $(cat "$cache/feed.err")"
{ grep -qx "event: EnterpriseRegistered" "$cache/feed.txt" && grep -qx "id: $position" "$cache/feed.txt"; } ||
  fail "GET /v1/feed sent no EnterpriseRegistered at position $position: $(head -c 600 "$cache/feed.txt")"
step "GET /v1/feed (SSE): EnterpriseRegistered, id $position"

# --- 7. Workers: the leader's relay, and a takeover ----------------------------------------------
metrics() { podman exec "$1" node -e 'fetch(`http://127.0.0.1:${process.env.LEDGER_WORKER_PORT}/metrics`).then((r) => r.text()).then((t) => process.stdout.write(t), () => process.exit(1))' 2>/dev/null; }
leads() { metrics "$1" | grep -qx 'ledger_leader 1'; }
leader=""
find_leader() {
  local name found=()
  for name in "$(ctr worker 1)" "$(ctr worker 2)"; do leads "$name" && found+=("$name"); done
  ((${#found[@]} == 1)) && leader=${found[0]}
}
wait_until "exactly one worker leading" 30 find_leader
standby=$(ctr worker 1)
[[ $leader != "$standby" ]] || standby=$(ctr worker 2)
# NATS: the published port answers with the server's INFO, and the leader's relay catches up.
# shellcheck disable=SC2016 # $1 is the inner shell's
info=$(timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && read -r line <&3 && echo "$line"' _ "$nats_port") ||
  fail "nothing answers on the published NATS port $nats_port"
[[ $info == INFO* ]] || fail "the published NATS port answered: $info"
relayed() { metrics "$leader" | grep -E '^ledger_nats_relay_lag_events(\{[^}]*\})? 0$' >/dev/null; }
wait_until "the relay to NATS caught up" 30 relayed
step "$leader leads, $standby stands by; the relay to NATS has caught up"

killed_ms=$(date +%s%3N)
pm kill "$leader" >/dev/null
wait_until "$standby taking over from the killed leader" 60 leads "$standby"
# When it took over, by its own log (asking it through podman exec takes seconds of its own).
led_ms=$(podman logs "$standby" 2>&1 | grep '"msg":"leading"' | tail -n 1 | grep -o '"timestamp":[0-9]*' | cut -d: -f2)
[[ -n $led_ms ]] || fail "$standby leads but did not log it"
takeover="$(((led_ms - killed_ms) / 1000)).$(printf '%03d' $(((led_ms - killed_ms) % 1000)))s"
step "killed $leader; $standby leads $takeover later ($(podman inspect --format 'the killed one: {{.State.Status}}, restarts {{.RestartCount}}' "$leader"))"

# --- 8. The second start -------------------------------------------------------------------------
# As `compose up` does again: keys and migrate run once more against what the first start left.
run_once "$(ctr keys)"
run_once "$(ctr migrate)"
step "migrate, second start: $(podman logs "$(ctr migrate)" 2>&1 | tail -n 1)"
pm restart -t 10 "$(ctr api)" >/dev/null
wait_until "the API healthy again after a restart" 120 healthy "$(ctr api)"
http GET "/v1/enterprises/$uscc"
[[ $status == 200 ]] || fail "GET /v1/enterprises/$uscc after the restart answered $status: $body"
step "the API restarted healthy and still answers"
# Podman mounts a tmpfs on /tmp and /var/tmp of a read-only container; Docker's read_only does
# not. Nothing written there means the same compose file also runs under Docker read-only.
for name in "$(ctr api)" "$(ctr worker 1)" "$(ctr worker 2)"; do
  [[ $(podman inspect --format '{{.State.Status}}' "$name") == running ]] || continue
  written=$(podman exec "$name" find /tmp /var/tmp -mindepth 1 2>&1 | head -n 5)
  [[ -z $written ]] || fail "$name wrote to its tmpfs, which Docker's read_only would not give it: $written"
done

say "OK in $((SECONDS - started))s: built $image ($sizes; user node, no dev dependencies); compose stack (postgres, nats, keys, migrate, api, 2 workers; api and workers read-only) healthy; token, POST, GET minPosition, SSE feed, relay to NATS; leader killed, standby led ${takeover} later; keys and migrate started twice, API restarted healthy; nothing written outside the volumes"
