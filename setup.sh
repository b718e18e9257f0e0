#!/usr/bin/env bash
# mamori's one entry point on a fresh Debian machine:
#   ./setup.sh scan [PATH...]   install, build (Release), scan PATH (default: the demo share)
#                               and write its HTML report to build/report.html
#   ./setup.sh test             install, build, run every test
#   ./setup.sh build            install and build only
# Debian packages needed to build and test: the one list, installed when missing.
set -euo pipefail

PACKAGES=(
  cmake g++ ninja-build pkg-config
  libboost-filesystem-dev libhyperscan-dev libtbb-dev libsqlite3-dev libssl-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev catch2
  libarchive-dev libisal-dev libexpat1-dev libpoppler-cpp-dev poppler-data  # documents and containers
  python3  # generates the labelled corpus the quality test scores
  zlib1g-dev ripgrep  # the benchmark (tests/bench)
  clang-14 libclang-rt-14-dev  # fuzz targets (tests/fuzz)
)
# Only the tests need these: the HTML report is rendered in headless Chromium.
TEST_PACKAGES=(chromium fonts-ipafont-gothic)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${MAMORI_BUILD_DIR:-$here/build}"

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

build() {
  local launcher=()
  # ccache, when present, keeps rebuilds in fresh build trees short.
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
  cmake --build "$build" -j "$(nproc)"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  scan)
    install_packages
    build >/dev/null
    # The scan exits 1 when it finds violations: the report is written then
    # too, and the scan's exit status is the command's.
    db_args=()
    roots=("$@")
    if [ $# -eq 0 ]; then
      # The demo share: its database and key stay in the build tree.
      mkdir -p "$build/demo"
      roots=("$here/tests/demo_share")
      db_args=(--db "$build/demo/mamori.db")
      "$build/mamori" scan "${roots[@]}" "${db_args[@]}" --secret "$build/demo/secret" \
        --jsonl - && rc=0 || rc=$?
    else
      "$build/mamori" scan "${roots[@]}" --jsonl - && rc=0 || rc=$?
    fi
    if [ "$rc" -le 1 ]; then
      "$build/mamori" report "${db_args[@]}" --format html --output "$build/report.html"
      echo "setup: report for compliance officers: $build/report.html" >&2
    fi
    exit "$rc"
    ;;
  test)
    install_packages "${TEST_PACKAGES[@]}"
    build
    cd "$build"
    exec ctest --output-on-failure -j "$(nproc)" "$@"
    ;;
  build)
    install_packages
    build
    ;;
  *)
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
