"""EC2 Query endpoint benchmark: Haneul's ec2-api and moto_server side by side, in one run, driven with boto3.

Measures, on both systems (botocore's retries off: every answer is counted once, throttles apart):
  1. RunInstances (MinCount=MaxCount=1, t3.nano) requests/s with `clients` concurrent clients for `seconds`,
     p50/p99 latency of the accepted ones; every accepted instance is terminated by a background terminator
     (launch and terminate, so the simulated fleet's capacity does not end the run). On Haneul twice:
       one-account  all clients in one account: what EC2's per-account launch bucket (5 burst, 2/s) allows;
       per-client   one account per client: the endpoint's own throughput with the rate limit out of the way;
     moto has no limits, so it runs once (one account).
  2. DescribeInstances (MaxResults=1000, following NextToken) with `instances` instances in a fresh account:
     p50/p99 of a complete listing. The account is filled in batches launched and then terminated (terminated
     instances stay listed for about an hour, as on EC2), the last batch left running; the same on both.
Prints both systems' figures and the ratios, then a last line `bench-result {json}`. Starts moto_server on
127.0.0.1 (a free port) and stops it; starts no Haneul (see bench/ec2/README.md).
"""
import argparse, concurrent.futures, json, os, queue, re, socket, subprocess, threading, time, urllib.request
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

NO_RETRY = Config(retries={"total_max_attempts": 1, "mode": "standard"}, max_pool_connections=64,
                  connect_timeout=10, read_timeout=120)
RETRY = Config(retries={"max_attempts": 10, "mode": "standard"}, connect_timeout=10, read_timeout=120)


def pct(values, p):
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000, 1)


def wait_for(what, check, deadline_s):
    deadline, last = time.monotonic() + deadline_s, None
    while True:
        try:
            if check():
                return
        except Exception as e:
            last = e
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: {last}")
        time.sleep(0.2)


class System:
    """One endpoint: makes boto3 clients for its accounts ((key, secret) pairs)."""

    def __init__(self, name, endpoint, region, image):
        self.name, self.endpoint, self.region, self.image = name, endpoint, region, image

    def client(self, account, config=NO_RETRY):
        return boto3.session.Session().client("ec2", endpoint_url=self.endpoint, region_name=self.region,
                                              aws_access_key_id=account[0], aws_secret_access_key=account[1],
                                              config=config)


def listed(c, states=None):
    """Every instance of the account (id, state), paged with MaxResults 1000."""
    out, kw = [], {"MaxResults": 1000}
    if states:
        kw["Filters"] = [{"Name": "instance-state-name", "Values": states}]
    while True:
        page = c.describe_instances(**kw)
        out += [(i["InstanceId"], i["State"]["Name"]) for r in page["Reservations"] for i in r["Instances"]]
        if not page.get("NextToken"):
            return out
        kw["NextToken"] = page["NextToken"]


def terminate_all(c, deadline_s=600):
    """Terminates every instance of the account not yet terminated and waits (polling) until none is left."""
    def done():
        live = [i for i, s in listed(c, ["pending", "running", "stopping", "stopped"])]
        for k in range(0, len(live), 500):
            c.terminate_instances(InstanceIds=live[k:k + 500])
        return not live and not listed(c, ["shutting-down"])
    wait_for("instances terminated", done, deadline_s)


def terminator(system, account, ids, stop):
    """Terminates the ids put on `ids`, in batches, until `stop` is set and the queue is empty."""
    c = system.client(account, RETRY)
    while not (stop.is_set() and ids.empty()):
        batch = []
        try:
            batch.append(ids.get(timeout=0.5))
            while len(batch) < 500:
                batch.append(ids.get_nowait())
        except queue.Empty:
            pass
        if batch:
            c.terminate_instances(InstanceIds=batch)


def run_instances(system, accounts, clients, seconds, itype):
    """`clients` threads, client k in accounts[k % len(accounts)], each sending RunInstances back to back."""
    queues = {a: queue.Queue() for a in accounts}
    stop = threading.Event()
    terms = [threading.Thread(target=terminator, args=(system, a, q, stop)) for a, q in queues.items()]
    [t.start() for t in terms]
    boto = [system.client(accounts[k % len(accounts)]) for k in range(clients)]
    ok, throttled, errors = [], [], {}
    lock = threading.Lock()
    start = time.monotonic()
    end = start + seconds

    def loop(k):
        c, q = boto[k], queues[accounts[k % len(accounts)]]
        while time.monotonic() < end:
            t0 = time.monotonic()
            try:
                r = c.run_instances(ImageId=system.image, InstanceType=itype, MinCount=1, MaxCount=1)
                dt = time.monotonic() - t0
                q.put(r["Instances"][0]["InstanceId"])
                with lock:
                    ok.append(dt)
            except ClientError as e:
                dt = time.monotonic() - t0
                code = e.response["Error"]["Code"]
                with lock:
                    if code == "RequestLimitExceeded":
                        throttled.append(dt)
                    else:
                        errors[code] = errors.get(code, 0) + 1
                if code != "RequestLimitExceeded":
                    time.sleep(0.2)   # capacity or a failure: do not spin on it

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        list(pool.map(loop, range(clients)))
    wall = time.monotonic() - start
    stop.set()
    [t.join() for t in terms]
    return {"clients": clients, "accounts": len(accounts), "seconds": round(wall, 1), "accepted": len(ok),
            "accepted_per_s": round(len(ok) / wall, 2), "p50_ms": pct(ok, 50), "p99_ms": pct(ok, 99),
            "throttled": len(throttled), "throttled_per_s": round(len(throttled) / wall, 2),
            "throttled_p50_ms": pct(throttled, 50), "other_errors": errors}


def fill(system, account, count, itype, batch):
    """Brings the account to `count` listed instances: batches launched and terminated, the last one running."""
    c = system.client(account, RETRY)
    have = len(listed(c))
    while have < count:
        n = min(batch, count - have)
        last = have + n >= count
        ids = []

        def launch():
            ids[:] = [i["InstanceId"] for i in c.run_instances(ImageId=system.image, InstanceType=itype,
                                                                MinCount=n, MaxCount=n)["Instances"]]
            return True
        wait_for("capacity for a batch", launch, 300)   # InsufficientInstanceCapacity: until the last batch is gone
        have += n
        if not last:
            c.terminate_instances(InstanceIds=ids)
            wait_for("batch terminated", lambda: not listed(c, ["pending", "shutting-down", "running"]), 300)
    return c


def describe(system, account, samples):
    c = system.client(account)
    states = {}
    for _, s in listed(c):
        states[s] = states.get(s, 0) + 1
    times, throttled = [], 0
    for _ in range(samples):
        t0 = time.monotonic()
        try:
            listed(c)
            times.append(time.monotonic() - t0)
        except ClientError as e:
            if e.response["Error"]["Code"] != "RequestLimitExceeded":
                raise
            throttled += 1
    return {"instances": sum(states.values()), "states": states, "samples": len(times), "p50_ms": pct(times, 50),
            "p99_ms": pct(times, 99), "throttled": throttled}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rest(gw, method, path, body=None, token=None):
    req = urllib.request.Request(gw + path, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=60) as r:
        raw = r.read()
        return json.loads(raw) if raw else None


def haneul_accounts(gw, credentials, n, tag):
    """n fresh accounts (vCPU quota raised), made with the admin credentials through the REST API."""
    text = open(credentials).read()
    admin = {"accessKeyId": re.search(r"aws_access_key_id\s*=\s*(\S+)", text).group(1),
             "secretAccessKey": re.search(r"aws_secret_access_key\s*=\s*(\S+)", text).group(1)}
    token = rest(gw, "POST", "/v1/auth/token", admin)["token"]
    out = []
    for k in range(n):
        a = rest(gw, "POST", "/v1/accounts", {"name": f"bench-ec2-{tag}-{k}"}, token)
        rest(gw, "PUT", f"/v1/accounts/{a['accountId']}/quotas", {"vcpus": 1_000_000}, token)
        out.append((a["accessKeyId"], a["secretAccessKey"]))
    return out


def main():
    env = os.environ.get
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--endpoint", default=env("HANEUL_EC2_ENDPOINT", "http://127.0.0.1:8080"))
    ap.add_argument("--credentials", default=env("HANEUL_EC2_CREDENTIALS", ".haneul/credentials"),
                    help="the Haneul admin's credentials (AWS format)")
    ap.add_argument("--region", default=env("HANEUL_EC2_REGION", "kr-central-1"))
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--instances", type=int, default=1000)
    ap.add_argument("--samples", type=int, default=50, help="DescribeInstances listings timed")
    ap.add_argument("--batch", type=int, default=50, help="instances per RunInstances when filling")
    ap.add_argument("--type", default="t3.nano")
    a = ap.parse_args()
    for u in (a.endpoint,):
        if not re.match(r"https?://(127\.0\.0\.1|localhost)[:/]", u + "/"):
            raise SystemExit("the benchmark sends traffic to 127.0.0.1 only")

    result = {"machine": {"cores": os.cpu_count(), "load_before": os.getloadavg()},
              "config": {k: getattr(a, k) for k in ("clients", "seconds", "instances", "samples", "type")}}
    port = free_port()
    moto_proc = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    haneul_used = []
    try:
        moto_acct = ("testing", "testing")
        moto = System("moto", f"http://127.0.0.1:{port}", "us-east-1", None)
        wait_for("moto_server", lambda: moto.client(moto_acct).describe_regions(), 60)
        moto.image = moto.client(moto_acct).describe_images(
            Filters=[{"Name": "architecture", "Values": ["x86_64"]}])["Images"][0]["ImageId"]
        tag = time.strftime("%Y%m%d%H%M%S")
        accts = haneul_accounts(a.endpoint, a.credentials, a.clients + 1, tag)   # 0: describe; 1..: run
        haneul_used = accts
        haneul = System("haneul", a.endpoint, a.region, None)
        haneul.image = next(i["ImageId"] for i in haneul.client(accts[0]).describe_images()["Images"]
                            if i.get("Architecture") == "x86_64")

        # DescribeInstances first: moto keeps terminated instances listed, so its account must be fresh
        print(f"== DescribeInstances: {a.instances} instances, MaxResults 1000, {a.samples} listings ==", flush=True)
        desc = {}
        for name, system, acct in (("haneul", haneul, accts[0]), ("moto", moto, moto_acct)):
            fill(system, acct, a.instances, a.type, a.batch)
            desc[name] = d = describe(system, acct, a.samples)
            print(f"{name:26} p50 {d['p50_ms']} ms  p99 {d['p99_ms']} ms  ({d['instances']} listed: {d['states']};"
                  f" throttled {d['throttled']})  load {os.getloadavg()[0]:.1f}", flush=True)
            terminate_all(system.client(acct, RETRY))   # the running batch would take capacity from the next phase
        result["describe_instances"] = desc

        runs = {}
        print(f"== RunInstances: {a.clients} clients x {a.seconds:.0f} s, launch and terminate ==", flush=True)
        for name, system, accounts in (("haneul_one_account", haneul, accts[1:2]),
                                       ("haneul_account_per_client", haneul, accts[1:a.clients + 1]),
                                       ("moto", moto, [moto_acct])):
            runs[name] = r = run_instances(system, accounts, a.clients, a.seconds, a.type)
            print(f"{name:26} {r['accepted_per_s']:7.2f} req/s accepted  p50 {r['p50_ms']} ms  p99 {r['p99_ms']} ms"
                  f"  RequestLimitExceeded {r['throttled']} ({r['throttled_per_s']}/s)  other errors "
                  f"{r['other_errors'] or 0}  load {os.getloadavg()[0]:.1f}", flush=True)
        result["run_instances"] = runs

        h1, hn, m = runs["haneul_one_account"], runs["haneul_account_per_client"], runs["moto"]
        ratio = lambda x, y: round(x / y, 3) if x and y else None
        result["ratios_haneul_over_moto"] = {
            "run_instances_per_s_one_account": ratio(h1["accepted_per_s"], m["accepted_per_s"]),
            "run_instances_per_s_account_per_client": ratio(hn["accepted_per_s"], m["accepted_per_s"]),
            "run_instances_p50": ratio(hn["p50_ms"], m["p50_ms"]),
            "run_instances_p99": ratio(hn["p99_ms"], m["p99_ms"]),
            "describe_p50": ratio(desc["haneul"]["p50_ms"], desc["moto"]["p50_ms"]),
            "describe_p99": ratio(desc["haneul"]["p99_ms"], desc["moto"]["p99_ms"])}
        print("== Haneul / moto ==")
        for k, v in result["ratios_haneul_over_moto"].items():
            print(f"{k:40} {v}")
    finally:
        for acct in haneul_used:   # leave nothing running on Haneul
            try:
                terminate_all(System("haneul", a.endpoint, a.region, None).client(acct, RETRY))
            except Exception as e:
                print(f"cleanup of {acct[0]} failed: {e}", flush=True)
        moto_proc.terminate()
        moto_proc.wait(timeout=30)
    result["machine"]["load_after"] = os.getloadavg()
    print("bench-result " + json.dumps(result))


if __name__ == "__main__":
    main()
