#!/usr/bin/env bash
# The one command for the S3Upload benchmarks. See benchmarks/README.md.
#
#   benchmarks/run.sh            # full run (1 GiB, 3 runs, 200 x 20 MB, resume of 1 GiB): ~15-25 min on 2 cores
#   benchmarks/run.sh --smoke    # seconds: tiny files, one run; checks that the harness works, numbers mean nothing
#
# Own flags (everything else goes to org.s3upload.benchmarks.BenchmarkRunner, see the README):
#   --no-build     use benchmarks/target as it is
#   --no-am        build only the benchmarks module (against the other modules installed in ~/.m2)
#   --no-install   do not apt-get install awscli, rclone and s3cmd when missing (those rows are skipped)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

build=1
also_make=1
install=1
args=()
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    --no-am) also_make=0 ;;
    --no-install) install=0 ;;
    *) args+=("$a") ;;
  esac
done

if [[ $build == 1 ]]; then
  echo "[run.sh] building the benchmarks module$([[ $also_make == 1 ]] && echo ' and what it depends on')" >&2
  if [[ $also_make == 1 ]]; then
    mvn -B -q -pl benchmarks -am package -DskipTests >&2
  else
    mvn -B -q -pl benchmarks package -DskipTests >&2
  fi
fi
for f in benchmarks/target/classes benchmarks/target/classpath-client.txt benchmarks/target/classpath-server.txt; do
  [[ -e $f ]] || { echo "[run.sh] $f is missing: run without --no-build" >&2; exit 2; }
done

# The peers come from Debian packages. /usr/bin/aws is awscli 2.x; a pyenv shim named aws may shadow it on PATH.
if [[ $install == 1 ]]; then
  missing=()
  [[ -x /usr/bin/aws ]] || missing+=(awscli)
  [[ -x /usr/bin/rclone ]] || missing+=(rclone)
  [[ -x /usr/bin/s3cmd ]] || missing+=(s3cmd)
  if (( ${#missing[@]} > 0 )); then
    sudo=""
    [[ $(id -u) == 0 ]] || sudo="sudo"
    echo "[run.sh] installing ${missing[*]} from Debian packages" >&2
    if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"; } >&2; then
      echo "[run.sh] could not install ${missing[*]}; their rows will be skipped" >&2
    fi
  fi
fi
[[ -x /usr/bin/time ]] || echo "[run.sh] /usr/bin/time (Debian package 'time') is missing: CPU and RSS columns will be empty" >&2

# Which code is measured: the commit, and whether the measured modules had uncommitted changes.
if [[ -z "${BENCH_SOURCE:-}" ]] && command -v git >/dev/null && git rev-parse --git-dir >/dev/null 2>&1; then
  dirty=$(git status --porcelain -- api provider-s3 wowza-module benchmarks | wc -l)
  BENCH_SOURCE="commit $(git rev-parse --short HEAD)"
  # (an if, not `[[ ]] && echo` inside $(...): with set -e a clean tree would end the script here)
  if [[ $dirty != 0 ]]; then
    BENCH_SOURCE+=" + $dirty uncommitted file(s) in api/provider-s3/wowza-module/benchmarks"
  fi
fi
export BENCH_SOURCE="${BENCH_SOURCE:-unknown}"

exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath-client.txt)" \
  org.s3upload.benchmarks.BenchmarkRunner \
  --client-cp @benchmarks/target/classpath-client.txt \
  --server-cp @benchmarks/target/classpath-server.txt \
  --work benchmarks/target/bench-work \
  --out benchmarks/results \
  "${args[@]}"
