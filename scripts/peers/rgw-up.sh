#!/usr/bin/env bash
# A throw-away single-node Ceph (Debian 12 packages, Pacific 16.2) with the RADOS Gateway on loopback, used as a
# real S3 vendor for `cos-conformance run --profile s3`. One mon, one memstore OSD (RAM only), radosgw (beast) on
# 127.0.0.1:$RGW_PORT. Everything lives under $CEPH_BASE and is wiped on every start. Stop with rgw-down.sh.
# Packages: apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd ceph-common uuid-runtime curl
# Prints RGW_ENDPOINT, RGW_ACCESS_KEY, RGW_SECRET_KEY lines at the end (the secret is a throw-away local test key).
set -euo pipefail

BASE=${CEPH_BASE:-/tmp/cos-conformance-rgw}
RGW_PORT=${RGW_PORT:-7480}
MON_V2_PORT=${MON_V2_PORT:-3300}
MON_V1_PORT=${MON_V1_PORT:-6789}
ACCESS_KEY=${RGW_ACCESS_KEY:-CONFORMANCEACCESSKEY1}
SECRET_KEY=${RGW_SECRET_KEY:-conformancesecretkey00000000000000000001}
# Multipart tests upload parts of 5 MiB: give the memstore OSD room.
MEMSTORE_BYTES=${MEMSTORE_BYTES:-4294967296}

for b in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph-authtool ceph uuidgen curl; do
  command -v "$b" >/dev/null || { echo "rgw-up: missing $b (apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd ceph-common uuid-runtime curl)" >&2; exit 2; }
done
if [ -f "$BASE/pids" ]; then echo "rgw-up: $BASE/pids exists; run rgw-down.sh first" >&2; exit 3; fi
rm -rf "$BASE"
mkdir -p "$BASE"/{run,log,mon.a,osd.0,rgw.a}
CONF="$BASE/ceph.conf"
FSID=$(uuidgen)
cat > "$CONF" <<EOF
[global]
fsid = $FSID
mon_host = [v2:127.0.0.1:$MON_V2_PORT,v1:127.0.0.1:$MON_V1_PORT]
mon_initial_members = a
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
ms_bind_ipv4 = true
ms_bind_ipv6 = false
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
# With auth 'none' msgr2 cannot do 'secure' mode, which radosgw requires toward the mon by default.
ms_mon_client_mode = crc
ms_mon_service_mode = crc
ms_mon_cluster_mode = crc
ms_client_mode = crc
ms_service_mode = crc
ms_cluster_mode = crc
run_dir = $BASE/run
admin_socket = $BASE/run/\$name.asok
log_file = $BASE/log/\$name.log
pid_file = $BASE/run/\$name.pid
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
mon_allow_pool_delete = true
mon_max_pg_per_osd = 1000
mon_data_avail_warn = 2
mon_data_avail_crit = 1
crash_dir = $BASE/crash

[mon]
mon_data = $BASE/mon.\$id
# Commit osdmap changes quickly; the 1 s default makes creating the pools take ~13 s.
paxos_propose_interval = 0.05
paxos_min_wait = 0.01

[osd]
osd_data = $BASE/osd.\$id
osd_objectstore = memstore
memstore_device_bytes = $MEMSTORE_BYTES
osd_op_num_shards = 2
osd_op_num_threads_per_shard = 1

[client]
log_file = $BASE/log/\$name.log

[client.rgw.a]
rgw_data = $BASE/rgw.a
rgw_frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw_thread_pool_size = 64
rgw_enable_usage_log = false
EOF
C=(-c "$CONF")
: > "$BASE/pids"
trap 'echo "rgw-up: failed at line $LINENO; logs in $BASE/log; run rgw-down.sh" >&2' ERR

monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_V2_PORT,v1:127.0.0.1:$MON_V1_PORT]" "$BASE/monmap" >/dev/null
ceph-authtool --create-keyring "$BASE/mon.keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-mon "${C[@]}" --mkfs -i a --monmap "$BASE/monmap" --keyring "$BASE/mon.keyring"
ceph-mon "${C[@]}" -i a -f >"$BASE/log/mon.a.stdout" 2>&1 &
echo "mon.a $!" >> "$BASE/pids"
for _ in $(seq 1 60); do timeout 5 ceph "${C[@]}" mon stat >/dev/null 2>&1 && break; sleep 0.5; done
timeout 10 ceph "${C[@]}" mon stat >/dev/null

OSD_UUID=$(uuidgen)
OSD_ID=$(ceph "${C[@]}" osd new "$OSD_UUID")
ceph-osd "${C[@]}" -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" >"$BASE/log/osd.mkfs.stdout" 2>&1
ceph-osd "${C[@]}" -i "$OSD_ID" -f >"$BASE/log/osd.$OSD_ID.stdout" 2>&1 &
echo "osd.$OSD_ID $!" >> "$BASE/pids"
for _ in $(seq 1 120); do ceph "${C[@]}" osd dump 2>/dev/null | grep -q "^osd.$OSD_ID up" && break; sleep 0.5; done
ceph "${C[@]}" osd dump | grep -q "^osd.$OSD_ID up"

# Pre-create RGW's pools in one CLI process, or the first bucket/upload calls stall while radosgw creates them.
for pool in .rgw.root default.rgw.control default.rgw.meta default.rgw.log \
            default.rgw.buckets.index default.rgw.buckets.non-ec default.rgw.buckets.data; do
  echo "osd pool create $pool 8 8"
  echo "osd pool application enable $pool rgw"
done | ceph "${C[@]}" >"$BASE/log/pools.stdout" 2>&1

radosgw "${C[@]}" -n client.rgw.a -f >"$BASE/log/rgw.a.stdout" 2>&1 &
echo "rgw.a $!" >> "$BASE/pids"
for _ in $(seq 1 120); do curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$RGW_PORT/" && break; sleep 0.5; done
curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$RGW_PORT/"

radosgw-admin "${C[@]}" user create --uid=conformance --display-name="cos-conformance" \
  --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >"$BASE/user.json"
echo "RGW_ENDPOINT=http://127.0.0.1:$RGW_PORT"
echo "RGW_ACCESS_KEY=$ACCESS_KEY"
echo "RGW_SECRET_KEY=$SECRET_KEY"
