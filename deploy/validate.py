#!/usr/bin/env python3
"""Static checks of Haneul's compose files, runnable without a Docker engine.

Per compose file:
  1. YAML syntax; top-level keys; every service has image or build.
  2. `docker-compose config` (Debian's docker-compose 1.29: compose-spec schema, interpolation,
     undeclared volumes/networks/secrets) with deploy/.env.example's empty values filled in — when the
     tool is installed — and the same with the raw .env.example must FAIL (passwords have no defaults).
  3. Our own reference checks (independent of docker-compose):
     every ${VAR} is defined in deploy/.env.example; every password var uses ${VAR:?…};
     build context and Dockerfile exist; bind-mount sources and secret files' directories exist;
     named volumes, networks, secrets and depends_on targets are declared.
Then: the three server files together run exactly the services of docker-compose.yml, and every file agrees
with deploy/stack.tsv (each service's QUARKUS_HTTP_PORT, HANEUL_DB_NAME/USER and the gateway's UPSTREAM_*; in
the split, each service on its table's server).
Usage: validate.py [--no-compose-tool] FILE...   (exit 1 on any error)
"""
import os, re, shutil, subprocess, sys, tempfile
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ENV_EXAMPLE = os.path.join(HERE, ".env.example")
VAR_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")
SECRET_VAR = re.compile(r"PASSWORD|SECRET")

def env_example():
    env = {}
    with open(ENV_EXAMPLE) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if "=" not in line:
                raise SystemExit(f"{ENV_EXAMPLE}:{n}: not NAME=value")
            k, v = line.split("=", 1)
            env[k] = v
    return env

def walk_strings(node):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk_strings(k); yield from walk_strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk_strings(v)
    elif isinstance(node, str):
        yield node

def check_refs(path, env):
    errs = []
    base = os.path.dirname(os.path.abspath(path))
    try:
        with open(path) as f:
            doc = yaml.safe_load(f)
    except yaml.YAMLError as e:
        return [f"YAML syntax: {e}".replace("\n", " ")], None
    if not isinstance(doc, dict) or not isinstance(doc.get("services"), dict) or not doc["services"]:
        return ["no 'services' mapping"], None
    allowed = {"version", "services", "networks", "volumes", "secrets", "configs"}
    for k in doc:
        if k not in allowed and not str(k).startswith("x-"):
            errs.append(f"unknown top-level key '{k}'")
    # variables
    for s in walk_strings(doc):
        for m in VAR_RE.finditer(s.replace("$$", "")):
            name = m.group(1) or m.group(4)
            if name not in env:
                errs.append(f"${{{name}}} is not defined in deploy/.env.example")
            elif SECRET_VAR.search(name) and m.group(2) != ":?":
                errs.append(f"${{{name}}} must be written ${{{name}:?message}} (no default for secrets)")
    declared = {k: set((doc.get(k) or {}).keys()) for k in ("volumes", "networks", "secrets")}
    services = doc["services"]
    for name, svc in services.items():
        if not isinstance(svc, dict):
            errs.append(f"service {name}: not a mapping"); continue
        if "image" not in svc and "build" not in svc:
            errs.append(f"service {name}: neither image nor build")
        b = svc.get("build")
        if b is not None:
            ctx, df = (b, "Dockerfile") if isinstance(b, str) else (b.get("context", "."), b.get("dockerfile", "Dockerfile"))
            ctxp = os.path.normpath(os.path.join(base, ctx))
            if not os.path.isdir(ctxp):
                errs.append(f"service {name}: build context {ctx} does not exist")
            elif not os.path.isfile(os.path.join(ctxp, df)):
                errs.append(f"service {name}: Dockerfile {ctx}/{df} does not exist")
        for v in svc.get("volumes") or []:
            src = v.get("source") if isinstance(v, dict) else (v.split(":")[0] if ":" in v else None)
            if not src:
                continue
            if src.startswith((".", "/", "~")):
                if not os.path.exists(os.path.normpath(os.path.join(base, src))):
                    errs.append(f"service {name}: bind-mount source {src} does not exist")
            elif src not in declared["volumes"]:
                errs.append(f"service {name}: volume '{src}' is not declared under top-level volumes")
        nets = svc.get("networks") or []
        for n in (nets.keys() if isinstance(nets, dict) else nets):
            if n not in declared["networks"] and n != "default":
                errs.append(f"service {name}: network '{n}' is not declared under top-level networks")
        for s in svc.get("secrets") or []:
            sn = s.get("source") if isinstance(s, dict) else s
            if sn not in declared["secrets"]:
                errs.append(f"service {name}: secret '{sn}' is not declared under top-level secrets")
        dep = svc.get("depends_on") or []
        for d in (dep.keys() if isinstance(dep, dict) else dep):
            if d not in services:
                errs.append(f"service {name}: depends_on '{d}' is not a service of this file")
    for sn, sd in (doc.get("secrets") or {}).items():
        f = (sd or {}).get("file")
        if f and not os.path.isdir(os.path.dirname(os.path.normpath(os.path.join(base, f)))):
            errs.append(f"secret {sn}: directory of {f} does not exist")
    return errs, doc

def stack_table():
    """deploy/stack.tsv: part -> (port, database or None, server)."""
    table = {}
    for line in open(os.path.join(HERE, "stack.tsv")):
        f = line.split()
        if f and not f[0].startswith("#"):
            table[f[0]] = (f[1], None if f[2] == "-" else f[2], f[3])
    return table

def check_stack(path, doc, table):
    """What a compose file says of ports, databases and servers, against deploy/stack.tsv."""
    errs = []
    m = re.search(r"server-(\d)", path)
    for name, svc in (doc.get("services") or {}).items():
        env = svc.get("environment") or {}
        if isinstance(env, list):
            env = dict(e.split("=", 1) for e in env)
        if name in table:
            port, db, server = table[name]
            if m and m.group(1) != server:
                errs.append(f"{name} runs on server {m.group(1)}, deploy/stack.tsv says server {server}")
            if "QUARKUS_HTTP_PORT" in env and str(env["QUARKUS_HTTP_PORT"]) != port:
                errs.append(f"{name}: QUARKUS_HTTP_PORT {env['QUARKUS_HTTP_PORT']}, deploy/stack.tsv says {port}")
            for k in ("HANEUL_DB_NAME", "HANEUL_DB_USER"):
                if db and k in env and env[k] != f"haneul_{db}":
                    errs.append(f"{name}: {k} {env[k]}, deploy/stack.tsv says haneul_{db}")
        for k, v in env.items():
            u = re.fullmatch(r"UPSTREAM_([A-Z_]+)", k)
            if u:
                part = u.group(1).lower().replace("_", "-")
                want = table.get(part, (None,))[0]
                if want is None or not str(v).endswith(":" + want):
                    errs.append(f"{name}: {k}={v}, deploy/stack.tsv says port {want} for {part}")
    return errs

def compose_tool(path, envfile):
    p = subprocess.run(["docker-compose", "--env-file", envfile, "-f", os.path.abspath(path), "config", "-q"],
                       capture_output=True, text=True, cwd=os.path.dirname(os.path.abspath(path)))
    return p.returncode, (p.stderr + p.stdout).strip().replace("\n", " ")[:400]

def main(argv):
    use_tool = "--no-compose-tool" not in argv
    files = [a for a in argv if not a.startswith("--")]
    if use_tool and not shutil.which("docker-compose"):
        print("  (docker-compose not installed: schema check skipped, reference checks only)")
        use_tool = False
    env = env_example()
    empty = [k for k, v in env.items() if v == ""]
    filled = tempfile.NamedTemporaryFile("w", suffix=".env", delete=False)
    with filled:
        for k, v in env.items():
            filled.write(f"{k}={v or 'validate' + k.lower().replace('_', '')}\n")
    bad = 0; docs = {}
    table = stack_table()
    try:
        for path in files:
            errs, doc = check_refs(path, env)
            if doc is not None:
                errs += check_stack(path, doc, table)
            if use_tool and doc is not None:
                rc, out = compose_tool(path, filled.name)
                if rc != 0:
                    errs.append(f"docker-compose config: {out}")
                elif empty:
                    rc, out = compose_tool(path, ENV_EXAMPLE)
                    if rc == 0 and any(f"${{{k}:?" in open(path).read() for k in empty):
                        errs.append("docker-compose config accepted the unfilled .env.example (passwords must be required)")
            docs[os.path.relpath(path)] = doc
            if errs:
                bad += 1
                for e in errs:
                    print(f"  ✘ {os.path.relpath(path)}: {e}")
            else:
                print(f"  ✔ {os.path.relpath(path)}: {len(doc['services'])} services"
                      f"{', docker-compose config ok' if use_tool else ''}")
    finally:
        os.unlink(filled.name)
    # the split must run the same services as the one-host file
    one = [d for p, d in docs.items() if p.endswith("docker-compose.yml") and d]
    split = [d for p, d in docs.items() if "/server-" in p and d]
    if one and len(split) == 3:
        a = set(one[0]["services"]); b = [s for d in split for s in d["services"]]
        if sorted(b) != sorted(a):
            bad += 1
            print(f"  ✘ servers 1-3 run {sorted(b)}, docker-compose.yml runs {sorted(a)}")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
