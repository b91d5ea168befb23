#!/usr/bin/env bash
# Kayoi: the one install command of the project (`npm run setup`).
#
# 0. Provides the Node.js LTS the project runs on (.nvmrc): when the machine's
#    own Node is older than package.json's engines, the official build of the
#    version in .nvmrc is taken from the npm registry (package
#    node-linux-<arch>), cached outside the clone, used for npm ci, and linked
#    as node_modules/.bin/node so `npm start`, `npm test` and every npm script
#    run on it (npm puts node_modules/.bin first on a script's PATH).
# 1. Installs the Debian packages the project needs, if any are missing
#    (mediasoup worker build deps, meson >= 1.1 from bookworm-backports,
#    chromium for the end-to-end tests, sqlite3 and time for the benchmarks,
#    sip-tester (SIPp), baresip and sox for the telephone bridge's tests,
#    ffmpeg for the exercise video's sound on the telephone, postgresql and
#    redis-server for the multi-node groundwork's tests and
#    scripts/cluster-services.sh).
# 2. Builds the mediasoup worker (version from package.json) ONCE from the npm
#    tarball against Debian's system libraries, and caches the binary outside
#    the clone:
#      ${KAYOI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kayoi}/mediasoup-worker-<version>-<arch>/mediasoup-worker
#    mediasoup's own build would download its dependencies from GitHub; instead
#    the meson subprojects are replaced by the shims in
#    scripts/mediasoup-worker/subprojects/ (see the README there).
# 3. Runs `npm ci` with MEDIASOUP_WORKER_BIN set (so mediasoup's postinstall
#    skips its GitHub download), then copies the worker to
#    node_modules/mediasoup/worker/out/Release/mediasoup-worker, where mediasoup
#    looks by default, so no environment variable is needed at run time.
#
# Safe to run again: every step checks first and skips what is already done.
#
# Usage: bash scripts/setup.sh [--no-npm]
#   --no-npm   stop after the system packages and the worker (no npm ci)
#
# Environment:
#   KAYOI_CACHE_DIR             cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/kayoi)
#   KAYOI_BUILD_JOBS            parallel compile jobs for the worker build (default 2)
#   KAYOI_MEDIASOUP_PREBUILT=1  do not build the worker: let mediasoup's postinstall
#                               download its prebuilt worker (needs GitHub access)
#   MEDIASOUP_WORKER_BIN        use this worker binary instead of building one
#   KAYOI_FORCE_NPM_CI=1        run npm ci even if node_modules already matches
#                               package-lock.json

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
SHIM_DIR="${SCRIPT_DIR}/mediasoup-worker/subprojects"
CACHE_ROOT="${KAYOI_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME}/.cache}/kayoi}"
BUILD_JOBS="${KAYOI_BUILD_JOBS:-2}"
MESON_MIN_VERSION="1.1.0"
# The Node.js the project runs on: .nvmrc pins the version setup provides when the machine's is too old.
NODE_VERSION_FILE="${REPO_ROOT}/.nvmrc"
NODE_LINK="${REPO_ROOT}/node_modules/.bin/node"
NODE_DIR=""      # set when setup provides Node itself (its folder holds bin/node and include/node)
# Where mediasoup 3.12 looks for its worker when MEDIASOUP_WORKER_BIN is unset.
NODE_MODULES_WORKER="${REPO_ROOT}/node_modules/mediasoup/worker/out/Release/mediasoup-worker"
NPM_STAMP="${REPO_ROOT}/node_modules/.kayoi-setup-stamp"

RUN_NPM=1
MEDIASOUP_VERSION=""
ARCH="$(uname -m)"
WORKER_MODE=""   # user | prebuilt | cached | build
WORKER_BIN=""    # the binary npm ci / node_modules will use (empty in prebuilt mode)
TMP_DIRS=()

# ---------------------------------------------------------------- helpers --

log() { printf '[setup] %s\n' "$*"; }
step() { printf '\n[setup] == %s\n' "$*"; }
die() {
  printf '[setup] ERROR: %s\n' "$*" >&2
  exit 1
}

cleanup() {
  local d
  for d in "${TMP_DIRS[@]+"${TMP_DIRS[@]}"}"; do
    rm -rf -- "$d"
  done
}
trap cleanup EXIT

# make_tmp_dir VAR: creates a temp dir (removed on exit) and stores its path
# in VAR. Not via $(...): that subshell would lose the TMP_DIRS entry.
make_tmp_dir() {
  local d
  d="$(mktemp -d "${TMPDIR:-/tmp}/kayoi-setup.XXXXXX")"
  TMP_DIRS+=("$d")
  printf -v "$1" '%s' "$d"
}

# version_ge A B: true if version A >= version B.
version_ge() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

have_cmd() { command -v "$1" >/dev/null 2>&1; }

have_pc() { have_cmd pkg-config && pkg-config --exists "$1"; }

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

# --------------------------------------------------------------- preflight --

parse_args() {
  while (($#)); do
    case "$1" in
      --no-npm) RUN_NPM=0 ;;
      -h | --help)
        usage
        exit 0
        ;;
      *) die "unknown argument: $1 (see: bash scripts/setup.sh --help)" ;;
    esac
    shift
  done
}

preflight() {
  step "Checking npm and package.json"
  have_cmd node || die "node is not installed (any Node.js >= 18 can run this setup; it provides the one in .nvmrc)"
  have_cmd npm || die "npm is not installed (it normally comes with Node.js)"
  MEDIASOUP_VERSION="$(cd "$REPO_ROOT" && node -p 'require("./package.json").dependencies?.mediasoup ?? ""')"
  [[ "$MEDIASOUP_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
    die "package.json must pin mediasoup to an exact version (found '${MEDIASOUP_VERSION}'): the cached worker is keyed by it"
  log "mediasoup ${MEDIASOUP_VERSION} (from package.json), arch ${ARCH}"
}

# ------------------------------------------------------------------ node --

# node_satisfies_engines BIN: BIN's version is within package.json's engines.node (">=A.B" ranges only).
node_satisfies_engines() {
  local bin="$1" wanted have
  wanted="$(cd "$REPO_ROOT" && node -p 'require("./package.json").engines.node')"
  have="$("$bin" -p 'process.versions.node' 2>/dev/null)" || return 1
  [[ "$wanted" =~ ^\>=([0-9.]+)$ ]] || die "package.json engines.node must read '>=X.Y' (found '${wanted}')"
  version_ge "$have" "${BASH_REMATCH[1]}"
}

node_package_arch() {
  case "$ARCH" in
    x86_64) echo x64 ;;
    aarch64) echo arm64 ;;
    *) die "no official Node.js build on the npm registry for ${ARCH}; install Node.js $(cat "$NODE_VERSION_FILE") yourself" ;;
  esac
}

# Unpacks the official build of .nvmrc's version from the npm registry into the cache, once.
provide_node() {
  local version pkg dir tmp
  version="$(tr -d '[:space:]v' <"$NODE_VERSION_FILE")"
  pkg="node-linux-$(node_package_arch)"
  dir="${CACHE_ROOT}/node-v${version}-linux-$(node_package_arch)"
  if [[ ! -x "${dir}/bin/node" ]] || ! "${dir}/bin/node" -e '' 2>/dev/null; then
    log "+ npm pack ${pkg}@${version}   (the official Node.js build, from the npm registry)"
    make_tmp_dir tmp
    (cd "$tmp" && npm pack --silent "${pkg}@${version}" >/dev/null) || die "npm pack ${pkg}@${version} failed"
    tar -xzf "${tmp}/${pkg}-${version}.tgz" -C "$tmp" || die "cannot unpack ${pkg}-${version}.tgz"
    "${tmp}/package/bin/node" -e '' || die "the Node.js from ${pkg}@${version} does not run on this machine"
    mkdir -p "$CACHE_ROOT"
    rm -rf "${dir}.tmp.$$" && mv "${tmp}/package" "${dir}.tmp.$$" && rm -rf "$dir" && mv "${dir}.tmp.$$" "$dir"
  fi
  NODE_DIR="$dir"
}

ensure_node() {
  step "Choosing the Node.js runtime"
  if node_satisfies_engines "$(command -v node)"; then
    log "this machine's node $(node -v) satisfies engines $(node -p 'require("./package.json").engines.node')"
    return 0
  fi
  log "this machine's node $(node -v) is older than package.json's engines; providing Node.js $(cat "$NODE_VERSION_FILE")"
  provide_node
  # Everything from here on (npm ci, native addons) runs on the provided Node, built against its headers.
  export PATH="${NODE_DIR}/bin:${PATH}"
  export npm_config_nodedir="$NODE_DIR"
  hash -r
  log "node $(node -v) from ${NODE_DIR}"
}

# Links the Node.js the project runs on (the provided one, or this machine's when it is recent enough) as
# node_modules/.bin/node: first on every npm script's PATH, and the fixed path the systemd unit starts.
link_node() {
  local target="${NODE_DIR:+${NODE_DIR}/bin/node}"
  target="${target:-$(command -v node)}"
  mkdir -p "$(dirname "$NODE_LINK")"
  ln -sfn "$target" "$NODE_LINK"
  log "linked ${NODE_LINK} -> ${target}"
}

# ---------------------------------------------------------- worker: checks --

worker_cache_dir() { printf '%s\n' "${CACHE_ROOT}/mediasoup-worker-${MEDIASOUP_VERSION}-${ARCH}"; }

# worker_runs BIN: the binary exists, all its shared libraries resolve, and it
# starts. Run without MEDIASOUP_VERSION, a mediasoup worker refuses to start
# and exits with status 41 ("you don't seem to be my real father!"): any other
# outcome means it is not a working mediasoup worker.
worker_runs() {
  local bin="$1" status=0 libs=""
  [[ -f "$bin" && -x "$bin" ]] || return 1
  if have_cmd ldd; then
    libs="$(ldd "$bin" 2>&1 || true)"
    [[ "$libs" != *"not found"* ]] || return 1
  fi
  local out
  out="$(env -u MEDIASOUP_VERSION "$bin" </dev/null 2>&1)" || status=$?
  ((status == 41)) && [[ "$out" == *"real father"* ]]
}

decide_worker_mode() {
  step "Choosing the mediasoup worker"
  if [[ -n "${MEDIASOUP_WORKER_BIN:-}" ]]; then
    worker_runs "$MEDIASOUP_WORKER_BIN" ||
      die "MEDIASOUP_WORKER_BIN=${MEDIASOUP_WORKER_BIN} is not a working mediasoup worker (missing, not executable, or missing shared libraries: try ldd on it)"
    WORKER_MODE=user
    WORKER_BIN="$MEDIASOUP_WORKER_BIN"
    log "using MEDIASOUP_WORKER_BIN=${WORKER_BIN} (set by you); no local build"
  elif [[ "${KAYOI_MEDIASOUP_PREBUILT:-0}" == 1 ]]; then
    WORKER_MODE=prebuilt
    WORKER_BIN=""
    log "KAYOI_MEDIASOUP_PREBUILT=1: no local build; mediasoup's postinstall will download its prebuilt worker from GitHub during npm ci"
  else
    local cached
    cached="$(worker_cache_dir)/mediasoup-worker"
    WORKER_BIN="$cached"
    if worker_runs "$cached"; then
      WORKER_MODE=cached
      log "reusing cached worker ${cached}"
    else
      WORKER_MODE=build
      if [[ -e "$cached" ]]; then
        log "cached worker ${cached} does not run here (see: ldd ${cached}); it will be rebuilt"
      else
        log "no cached worker at ${cached}; it will be built from source (takes a few minutes, once)"
      fi
    fi
  fi
}

# ------------------------------------------------------- system packages --

meson_ok() {
  have_cmd meson || return 1
  local v
  v="$(meson --version 2>/dev/null)" || return 1
  version_ge "$v" "$MESON_MIN_VERSION"
}

# Prints the Debian packages that are missing, one per line. Checks the
# things themselves (commands, pkg-config modules), not dpkg, so the same
# check works on machines where they come from elsewhere.
missing_packages() {
  have_cmd chromium || echo chromium
  # Japanese text laid out with Japanese glyphs (Noto Sans CJK, Android's font): the device-matrix tests measure it.
  { have_cmd fc-list && [[ -n "$(fc-list :lang=ja 2>/dev/null)" ]]; } || echo fonts-noto-cjk
  # The reaction buttons' pictures (👏 👍 ✋) in the device-matrix screenshots (npm run screenshots).
  { have_cmd fc-list && [[ -n "$(fc-list ':charset=1f44f' 2>/dev/null)" ]]; } || echo fonts-noto-color-emoji
  # The tests check the systemd unit the README ships with systemd-analyze.
  have_cmd systemd-analyze || echo systemd
  # For `npm run bench`: the sqlite3 CLI (the export's reference) and GNU time (peak memory).
  have_cmd sqlite3 || echo sqlite3
  # The telephone bridge's tests (issue #14): SIPp calls and answers the SIP endpoint, baresip is a phone with audio
  # files, sox makes and checks the tones. baresip without recommends is baresip-core (g711, aufile, ctrl_tcp …).
  have_cmd sipp || echo sip-tester
  have_cmd baresip || echo baresip
  have_cmd sox || echo sox
  # The exercise video's sound for telephone callers: the server decodes the file with ffmpeg (and its tests make one).
  have_cmd ffmpeg || echo ffmpeg
  [[ -x /usr/bin/time ]] || echo time
  # Multi-node (issue #17): the PostgreSQL migration test and scripts/cluster-services.sh start their own PostgreSQL
  # (Debian keeps its server programs in /usr/lib/postgresql/<major>/bin) and Redis; CI runs those tests too.
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || echo postgresql
  have_cmd redis-server || echo redis-server
  [[ "$WORKER_MODE" == build ]] || return 0
  { have_cmd cc && have_cmd c++ && have_cmd make; } || echo build-essential
  have_cmd g++ || echo g++
  have_cmd pkg-config || echo pkg-config
  have_cmd ninja || echo ninja-build
  meson_ok || echo meson
  have_pc libuv || echo libuv1-dev
  { have_pc openssl && have_pc libssl && have_pc libcrypto; } || echo libssl-dev
  have_pc libsrtp2 || echo libsrtp2-dev
  have_pc usrsctp || echo libusrsctp-dev
  { have_pc absl_flat_hash_map && have_pc absl_btree && have_pc absl_strings && have_pc absl_optional; } || echo libabsl-dev
  have_pc nlohmann_json || echo nlohmann-json3-dev
  have_pc catch2 || echo catch2
}

os_codename() {
  # shellcheck disable=SC1091
  (. /etc/os-release 2>/dev/null && printf '%s\n' "${VERSION_CODENAME:-}")
}

# The Debian mirror this machine already uses for its release, so backports
# come from the same place; deb.debian.org if it cannot be told.
debian_mirror() {
  local codename="$1" site=""
  if have_cmd apt-get; then
    # shellcheck disable=SC2016 # $(SITE) is apt's format syntax, not bash
    site="$(apt-get indextargets --format '$(SITE)' "Codename: ${codename}" 2>/dev/null | grep -m1 '^http' || true)"
  fi
  printf '%s\n' "${site:-http://deb.debian.org/debian}"
}

# meson >= 1.1 is not in bookworm itself (1.0.1) but is in bookworm-backports.
ensure_backports_source() {
  local codename="$1"
  local file="/etc/apt/sources.list.d/kayoi-${codename}-backports.sources"
  if grep -Eqs -- "^[^#]*${codename}-backports" /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
    /etc/apt/sources.list.d/*.sources; then
    log "apt source for ${codename}-backports already configured"
    return 0
  fi
  local mirror
  mirror="$(debian_mirror "$codename")"
  log "adding apt source ${file} (${mirror} ${codename}-backports), needed for meson >= ${MESON_MIN_VERSION}"
  cat >"$file" <<EOF
# Added by Kayoi scripts/setup.sh: meson >= ${MESON_MIN_VERSION} (to build the
# mediasoup worker) is only in ${codename}-backports. Backports are never used
# unless asked for (apt-get install -t ${codename}-backports ...).
Types: deb
URIs: ${mirror}
Suites: ${codename}-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

apt_install() {
  log "+ apt-get install -y --no-install-recommends $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" ||
    die "apt-get install failed for: $*"
}

ensure_system_packages() {
  step "Checking system packages"
  local -a missing
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} == 0)); then
    log "all needed system packages are present; skipping apt"
    return 0
  fi
  log "missing: ${missing[*]}"

  if [[ ! -f /etc/debian_version ]] || ! have_cmd apt-get; then
    die "not a Debian system: install these yourself (Debian package names): ${missing[*]} (meson must be >= ${MESON_MIN_VERSION}), then run this again"
  fi

  local codename pkg
  local -a main=() backports=()
  codename="$(os_codename)"
  for pkg in "${missing[@]}"; do
    if [[ "$pkg" == meson && "$codename" == bookworm ]]; then
      backports+=(meson)
    else
      main+=("$pkg")
    fi
  done

  if ((EUID != 0)); then
    local how="apt-get update"
    ((${#main[@]} == 0)) || how+=" && apt-get install ${main[*]}"
    ((${#backports[@]} == 0)) || how+=" && apt-get install -t ${codename}-backports ${backports[*]} (after adding ${codename}-backports to the apt sources)"
    die "not root, so not running apt-get. Missing: ${missing[*]}. As root run: ${how}"
  fi

  ((${#backports[@]} == 0)) || ensure_backports_source "$codename"
  log "+ apt-get update"
  DEBIAN_FRONTEND=noninteractive apt-get update || die "apt-get update failed"
  ((${#main[@]} == 0)) || apt_install "${main[@]}"
  ((${#backports[@]} == 0)) || apt_install -t "${codename}-backports" "${backports[@]}"

  mapfile -t missing < <(missing_packages)
  ((${#missing[@]} == 0)) || die "still missing after apt-get install: ${missing[*]} (meson must be >= ${MESON_MIN_VERSION}; found: $(meson --version 2>/dev/null || echo none))"
  log "system packages OK"
}

# ---------------------------------------------------------- worker: build --

# Copies the shims into the unpacked worker, one per meson wrap, checking
# that every wrap (except Windows-only wingetopt) has one, so a mediasoup
# upgrade that changes its wraps fails here with a clear message instead of
# meson trying to download from GitHub.
install_subproject_shims() {
  local worker_src="$1" wrap dir
  for wrap in "${worker_src}"/subprojects/*.wrap; do
    [[ "$(basename "$wrap")" == wingetopt.wrap ]] && continue
    dir="$(sed -n 's/^directory *= *//p' "$wrap" | tr -d '[:space:]')"
    [[ -n "$dir" ]] || die "cannot read 'directory =' from ${wrap}"
    [[ -f "${SHIM_DIR}/${dir}/meson.build" ]] ||
      die "no shim for mediasoup ${MEDIASOUP_VERSION}'s $(basename "$wrap") (wants subprojects/${dir}); add scripts/mediasoup-worker/subprojects/${dir}/meson.build"
    log "subproject $(basename "$wrap" .wrap) -> system library (shim ${dir})"
    cp -R "${SHIM_DIR}/${dir}" "${worker_src}/subprojects/${dir}"
  done
}

build_worker() {
  step "Building mediasoup ${MEDIASOUP_VERSION} worker against the system libraries"
  local cache_dir tmp worker_src log_file start
  cache_dir="$(worker_cache_dir)"
  log_file="${cache_dir}/build.log"
  mkdir -p "$cache_dir"
  : >"$log_file"
  make_tmp_dir tmp
  start=$SECONDS
  log "build dir ${tmp}, log ${log_file}"

  log "+ npm pack mediasoup@${MEDIASOUP_VERSION}"
  (cd "$tmp" && npm pack "mediasoup@${MEDIASOUP_VERSION}") >>"$log_file" 2>&1 ||
    die "npm pack mediasoup@${MEDIASOUP_VERSION} failed; see ${log_file}"
  tar -xzf "${tmp}/mediasoup-${MEDIASOUP_VERSION}.tgz" -C "$tmp" ||
    die "cannot unpack ${tmp}/mediasoup-${MEDIASOUP_VERSION}.tgz"
  worker_src="${tmp}/package/worker"

  install_subproject_shims "$worker_src"

  # The flags of mediasoup's own release build; nodownload: fail, never fetch.
  local -a meson_args=(--buildtype release -Db_ndebug=true -Db_pie=true -Db_staticpic=true --wrap-mode=nodownload)
  log "+ meson setup ${meson_args[*]} out/build"
  (cd "$worker_src" && meson setup "${meson_args[@]}" out/build) >>"$log_file" 2>&1 ||
    die "mediasoup worker build failed (meson setup); see ${log_file}"

  log "+ ninja -C out/build -j ${BUILD_JOBS} mediasoup-worker   (a few minutes)"
  (cd "$worker_src" && ninja -C out/build -j "$BUILD_JOBS" mediasoup-worker) >>"$log_file" 2>&1 ||
    die "mediasoup worker build failed; see ${log_file}"

  local built="${worker_src}/out/build/mediasoup-worker"
  worker_runs "$built" || die "the built worker does not run (ldd ${built}); see ${log_file}"

  # Atomic: copy next to the final path, then rename over it.
  cp "$built" "${cache_dir}/mediasoup-worker.tmp.$$"
  chmod 0755 "${cache_dir}/mediasoup-worker.tmp.$$"
  mv -f "${cache_dir}/mediasoup-worker.tmp.$$" "${cache_dir}/mediasoup-worker"
  log "built in $((SECONDS - start))s, cached at ${cache_dir}/mediasoup-worker"
}

ensure_worker() {
  [[ "$WORKER_MODE" == build ]] || return 0
  local cache_dir
  cache_dir="$(worker_cache_dir)"
  mkdir -p "$cache_dir"
  # Two setups running at once on one machine (e.g. CI jobs) build only once.
  if have_cmd flock; then
    exec 9>"${cache_dir}.lock"
    if ! flock -n 9; then
      log "another setup is building the worker (lock ${cache_dir}.lock); waiting for it"
      flock 9
    fi
  fi
  if worker_runs "${cache_dir}/mediasoup-worker"; then
    WORKER_MODE=cached
    log "another setup just built ${cache_dir}/mediasoup-worker; reusing it"
  else
    build_worker
  fi
  if have_cmd flock; then exec 9>&-; fi
}

# --------------------------------------------------------------------- npm --

sha256() { sha256sum "$1" | cut -d' ' -f1; }

# What node_modules was installed from; npm ci is skipped while it matches.
# (The worker is not part of it: it is re-copied on every run anyway.)
npm_stamp() {
  printf 'lock=%s node=%s\n' "$(sha256 "${REPO_ROOT}/package-lock.json")" "$(node -v)"
}

# Copies the worker to where mediasoup looks by default (atomically).
install_worker_into_node_modules() {
  [[ -d "${REPO_ROOT}/node_modules/mediasoup" ]] || die "node_modules/mediasoup is missing after npm ci"
  if [[ "$WORKER_MODE" == prebuilt ]]; then
    worker_runs "$NODE_MODULES_WORKER" ||
      die "KAYOI_MEDIASOUP_PREBUILT=1 but mediasoup's postinstall left no working worker at ${NODE_MODULES_WORKER} (did it reach GitHub? did npm skip it: see allowScripts in package.json?)"
    return 0
  fi
  if cmp -s "$WORKER_BIN" "$NODE_MODULES_WORKER"; then
    log "worker already at ${NODE_MODULES_WORKER}"
    return 0
  fi
  log "copying worker to ${NODE_MODULES_WORKER}"
  mkdir -p "$(dirname "$NODE_MODULES_WORKER")"
  cp "$WORKER_BIN" "${NODE_MODULES_WORKER}.tmp.$$"
  chmod 0755 "${NODE_MODULES_WORKER}.tmp.$$"
  mv -f "${NODE_MODULES_WORKER}.tmp.$$" "$NODE_MODULES_WORKER"
}

npm_ci() {
  step "Installing npm packages"
  [[ -f "${REPO_ROOT}/package-lock.json" ]] ||
    die "package-lock.json is missing: npm ci needs it. Create it once with 'npm install --package-lock-only' and commit it"

  if [[ "${KAYOI_FORCE_NPM_CI:-0}" != 1 && -d "${REPO_ROOT}/node_modules/mediasoup" && -f "$NPM_STAMP" &&
    "$(cat "$NPM_STAMP")" == "$(npm_stamp)" ]]; then
    log "node_modules already installed by setup from this package-lock.json with node $(node -v); skipping npm ci (KAYOI_FORCE_NPM_CI=1 forces it)"
  else
    local start=$SECONDS
    rm -f "$NPM_STAMP"
    if [[ "$WORKER_MODE" == prebuilt ]]; then
      log "+ npm ci   (mediasoup's postinstall downloads its prebuilt worker)"
      (cd "$REPO_ROOT" && env -u MEDIASOUP_WORKER_BIN npm ci) || die "npm ci failed (see the npm output above)"
    else
      log "+ MEDIASOUP_WORKER_BIN=${WORKER_BIN} npm ci"
      (cd "$REPO_ROOT" && MEDIASOUP_WORKER_BIN="$WORKER_BIN" npm ci) || die "npm ci failed (see the npm output above)"
    fi
    npm_stamp >"$NPM_STAMP"
    log "npm ci done in $((SECONDS - start))s"
  fi

  install_worker_into_node_modules
}

# ----------------------------------------------------------------- summary --

summary() {
  local worker chromium
  if ((RUN_NPM)); then worker="$NODE_MODULES_WORKER"; else worker="${WORKER_BIN:-"(to be downloaded by npm ci)"}"; fi
  chromium="$(command -v chromium || echo 'not found')"
  printf '\n[setup] OK in %ss: node %s; mediasoup %s worker %s (%s); chromium %s\n' \
    "$SECONDS" "$(node -v)" "$MEDIASOUP_VERSION" "$worker" "$WORKER_MODE" "$chromium"
}

main() {
  parse_args "$@"
  cd "$REPO_ROOT"
  preflight
  ensure_node
  decide_worker_mode
  ensure_system_packages
  ensure_worker
  if ((RUN_NPM)); then
    npm_ci
    link_node
  else
    log "--no-npm: skipping npm ci"
  fi
  summary
}

main "$@"
