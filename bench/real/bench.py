"""Real guests through the REST API: launch batches at once, time launch -> running -> ssh, measure idle guests."""
import base64, concurrent.futures, glob, json, os, re, statistics, subprocess, sys, time, urllib.request

gw, home, batches = sys.argv[1], sys.argv[2], [int(b) for b in sys.argv[3:]]


def call(method, path, body=None, token=None):
    req = urllib.request.Request(gw + path, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as r:
        raw = r.read()
        return json.loads(raw) if raw else None


creds = open(os.path.join(home, "credentials")).read()
key_id = re.search(r"aws_access_key_id = (\S+)", creds).group(1)
secret = re.search(r"aws_secret_access_key = (\S+)", creds).group(1)
token = call("POST", "/v1/auth/token", {"accessKeyId": key_id, "secretAccessKey": secret})["token"]
pem = os.path.join(home, "bench.pem")
with open(pem, "w") as f:
    f.write(call("POST", "/v1/key-pairs", {"keyName": "bench"}, token)["keyMaterial"])
os.chmod(pem, 0o600)
sg = call("POST", "/v1/security-groups", {"groupName": "bench", "description": "ssh"}, token)["groupId"]
call("POST", f"/v1/security-groups/{sg}/ingress", {"ipPermissions": [{"ipProtocol": "tcp", "fromPort": 22,
     "toPort": 22, "ipRanges": [{"cidrIp": "0.0.0.0/0"}]}]}, token)


def ssh_ok(ip):
    return subprocess.run(["ssh", "-i", pem, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o",
                           "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=2",
                           "admin@" + ip, "true"], capture_output=True).returncode == 0


def one(i):
    t0 = time.monotonic()
    iid = call("POST", "/v1/instances", {"imageId": "ami-0a1b2c3d4e5f60003", "instanceType": "t3.nano",
               "keyName": "bench", "securityGroupIds": [sg], "associatePublicIpAddress": True}, token)[
        "instances"][0]["instanceId"]
    deadline = t0 + 600
    while True:
        v = call("GET", f"/v1/instances/{iid}", None, token)
        if v["state"]["name"] == "running":
            break
        if v["state"]["name"] == "terminated" or time.monotonic() > deadline:
            raise RuntimeError(f"{iid}: {v['state']} {v.get('stateReason')}")
        time.sleep(0.05)
    t_running = time.monotonic()
    while not ssh_ok(v["publicIpAddress"]):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{iid}: no ssh on {v['publicIpAddress']}")
        time.sleep(0.05)
    t_ssh = time.monotonic()
    return iid, t_running - t0, t_ssh - t_running, t_ssh - t0


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def cgroup_memory(iid):
    for f in (f"/sys/fs/cgroup/haneul/{iid}/memory.current", f"/sys/fs/cgroup/memory/haneul/{iid}/memory.usage_in_bytes"):
        if os.path.exists(f):
            return int(open(f).read())
    return None


result = {"machine": {"cores": os.cpu_count(), "load1_before": os.getloadavg()[0]}}
log = open(os.path.join(home, "logs", "host-agent.log")).read()
built = re.search(r"image debian-12 built in (\d+) s", log)
result["image_build_s"] = int(built.group(1)) if built else None
result["image_reused"] = built is None
for n in batches:
    with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
        t0 = time.monotonic()
        runs = list(pool.map(one, range(n)))
        wall = time.monotonic() - t0
    ids = [r[0] for r in runs]
    time.sleep(5)  # let the guests settle before measuring them idle (a measurement, not a synchronisation)
    mems = [m for m in (cgroup_memory(i) for i in ids) if m is not None]
    disks = []
    for i in ids:
        img = glob.glob(f"{home}/guests/instances/{i}/root.img")
        if img:
            disks.append(int(subprocess.run(["du", "-k", img[0]], capture_output=True, text=True).stdout.split()[0]))
    figures = {
        "launch_to_running_s": {"p50": round(pct([r[1] for r in runs], 50), 3), "p99": round(pct([r[1] for r in runs], 99), 3)},
        "running_to_ssh_s": {"p50": round(pct([r[2] for r in runs], 50), 3), "p99": round(pct([r[2] for r in runs], 99), 3)},
        "launch_to_ssh_s": {"p50": round(pct([r[3] for r in runs], 50), 3), "p99": round(pct([r[3] for r in runs], 99), 3)},
        "all_reachable_s": round(wall, 3),
        "idle_guest_memory_mib": round(statistics.mean(mems) / 2**20, 1) if mems else None,
        "root_volume_disk_mib": round(statistics.mean(disks) / 1024, 1) if disks else None,
        "load1_after": os.getloadavg()[0],
    }
    print(f"== {n} launch(es) at once ==")
    for k, v in figures.items():
        print(f"  {k:24} {v}")
    result[f"concurrent_{n}"] = figures
    for i in ids:
        call("DELETE", f"/v1/instances/{i}", None, token)
    for i in ids:
        while call("GET", f"/v1/instances/{i}", None, token)["state"]["name"] != "terminated":
            time.sleep(0.2)
print("bench-result " + json.dumps(result))
