#!/usr/bin/env bash
# Single-node OpenStack Swift (Debian 12) with its S3 API (s3api + tempauth) on 127.0.0.1, for the tests
# of the S3 destination: real S3 requests against a real store. State in $S3_HOME (wiped on start).
# Installs its Debian packages on first use (as root); prints and writes $S3_HOME/s3.env.
set -euo pipefail
S3_PORT=${S3_PORT:-9000}        # S3 endpoint; object/container/account +1/+2/+3, memcached +4
S3_HOME=${S3_HOME:-/tmp/ci-s3}
S3_ACCOUNT=${S3_ACCOUNT:-ci}    # access key = "<account>:<user>" (tempauth)
S3_USER=${S3_USER:-ci}
S3_SECRET_KEY=${S3_SECRET_KEY:-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')}
S3_REGION=${S3_REGION:-us-east-1}
t0=$(date +%s.%N)
if ! { command -v swift-proxy-server && command -v memcached; } >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -e /usr/sbin/policy-rc.d ]; then   # stop postinsts starting stock swift/rsyslog/memcached
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT; fi   # removed again when this script exits
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends swift swift-proxy swift-object swift-container swift-account memcached >/dev/null
fi
t1=$(date +%s.%N)
[ -d "$S3_HOME/pids" ] && { "$(dirname "$0")/stop-s3.sh" >/dev/null 2>&1 || true; }
rm -rf "$S3_HOME"; mkdir -p "$S3_HOME"/{etc,srv/d1,log,pids}; E=$S3_HOME/etc
# Swift reads /etc/swift/swift.conf (hash salt, policies) no matter what swift_dir says; the package ships one
[ -s /etc/swift/swift.conf ] || printf '[swift-hash]\nswift_hash_path_suffix = ci\n[storage-policy:0]\nname = Policy-0\ndefault = yes\n' >/etc/swift/swift.conf
declare -A PORT=([proxy]=$S3_PORT [object]=$((S3_PORT+1)) [container]=$((S3_PORT+2)) [account]=$((S3_PORT+3)))
/usr/bin/python3 - "$E" "${PORT[object]}" "${PORT[container]}" "${PORT[account]}" <<'PY'   # 1-replica rings, 1 device
import sys
from swift.common.ring import RingBuilder
for name, port in zip(("object", "container", "account"), sys.argv[2:]):
    b = RingBuilder(6, 1, 1)
    b.add_dev({"region": 1, "zone": 1, "ip": "127.0.0.1", "port": int(port), "device": "d1", "weight": 1})
    b.rebalance(); b.get_ring().save(f"{sys.argv[1]}/{name}.ring.gz")
PY
for s in proxy object container account; do cat >"$E/$s-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${PORT[$s]}
bind_timeout = 5
workers = 0
user = $(id -un)
swift_dir = $E
devices = $S3_HOME/srv
mount_check = false
log_name = ci-$s
log_udp_host = 127.0.0.1
[filter:healthcheck]
use = egg:swift#healthcheck
EOF
done
for s in object container account; do printf '[pipeline:main]\npipeline = healthcheck %s-server\n[app:%s-server]\nuse = egg:swift#%s\n' $s $s $s >>"$E/$s-server.conf"; done
cat >>"$E/proxy-server.conf" <<EOF
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo versioned_writes symlink proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
strict_cors_mode = false
cors_expose_headers = etag, x-amz-request-id, x-amz-version-id
[filter:s3api]
use = egg:swift#s3api
location = $S3_REGION
cors_preflight_allow_origin = *
[filter:tempauth]
use = egg:swift#tempauth
user_${S3_ACCOUNT}_${S3_USER} = $S3_SECRET_KEY .admin
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$((S3_PORT+4))
[filter:versioned_writes]
use = egg:swift#versioned_writes
allow_object_versioning = true
EOF
for f in catch_errors gatekeeper proxy_logging listing_formats copy slo dlo symlink; do
  printf '[filter:%s]\nuse = egg:swift#%s\n' "${f/proxy_logging/proxy-logging}" $f >>"$E/proxy-server.conf"; done
nohup memcached -u memcache -l 127.0.0.1 -p $((S3_PORT+4)) -U 0 -m 64 >"$S3_HOME/log/memcached.log" 2>&1 </dev/null &
echo $! >"$S3_HOME/pids/memcached.pid"
for s in account container object proxy; do
  nohup swift-$s-server "$E/$s-server.conf" -v >"$S3_HOME/log/$s.log" 2>&1 </dev/null &
  echo $! >"$S3_HOME/pids/$s.pid"
done
/usr/bin/python3 - "$S3_HOME" "${PORT[@]}" <<'PY' || { tail -n 20 "$S3_HOME"/log/*.log >&2; KEEP_DATA=1 S3_HOME=$S3_HOME "$(dirname "$0")/stop-s3.sh" >&2; exit 1; }
import os, sys, time, glob, urllib.request   # ready = every server's /healthcheck says OK; fail fast if one dies
home, ports, deadline = sys.argv[1], sys.argv[2:], time.time() + 90
while ports:
    for f in glob.glob(home + "/pids/*.pid"):
        try: os.kill(int(open(f).read()), 0)
        except OSError: sys.exit(f"{os.path.basename(f)} died")
    if time.time() > deadline: sys.exit(f"not ready: {ports}")
    try:
        if urllib.request.urlopen(f"http://127.0.0.1:{ports[0]}/healthcheck", timeout=5).read() == b"OK": ports.pop(0); continue
    except OSError: pass
    time.sleep(0.2)
PY
t2=$(date +%s.%N)
tee "$S3_HOME/s3.env" <<EOF
S3_ENDPOINT=http://127.0.0.1:$S3_PORT
S3_REGION=$S3_REGION
S3_ACCESS_KEY=$S3_ACCOUNT:$S3_USER
S3_SECRET_KEY=$S3_SECRET_KEY
S3_PUBLIC_BASE=http://127.0.0.1:$S3_PORT/v1/AUTH_$S3_ACCOUNT
EOF
awk -v a=$t0 -v b=$t1 -v c=$t2 -v v="$(dpkg-query -W -f='${Version}' swift)" 'BEGIN{printf "# swift %s: install %.1fs, start %.1fs\n", v, b-a, c-b}'
