"""A Digest client (RFC 7616, qop=auth) for the auth tests, independent of
curl's, that can choose SHA-256, keep a nonce until it is stale, and
replay a nonce count.

  client.py digest URL USER PW [--algorithm MD5|SHA-256] [--wait S]
                   [--save FILE]
  client.py digest URL --replay FILE

One connection: GET without credentials (the challenge), wait S seconds,
answer it; when the server says stale=true, answer the fresh nonce.
--replay sends FILE's Authorization value as it is, on a new connection."""
import hashlib
import os
import re
import sys
import time
import urllib.parse

from http1 import Connection

HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}
PARAM = re.compile(r'\s*([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*)\s*,?')


def report(**kv):
    for k, v in kv.items():
        print("%s=%s" % (k, v))
    sys.stdout.flush()


def parse_challenge(value):
    params = {}
    for name, val in PARAM.findall(value[len("Digest"):]):
        if val.startswith('"'):
            val = val[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        params[name.lower()] = val
    return params


def authorization(ch, user, pw, method, uri, algorithm, nc=1):
    h = lambda s: HASHES[algorithm](s.encode()).hexdigest()
    cnonce = os.urandom(8).hex()
    ha1 = h("%s:%s:%s" % (user, ch["realm"], pw))
    ha2 = h("%s:%s" % (method, uri))
    resp = h("%s:%s:%08x:%s:auth:%s" % (ha1, ch["nonce"], nc, cnonce, ha2))
    fields = [("username", user, True), ("realm", ch["realm"], True),
              ("uri", uri, True), ("algorithm", algorithm, False),
              ("nonce", ch["nonce"], True), ("nc", "%08x" % nc, False),
              ("cnonce", cnonce, True), ("qop", "auth", False),
              ("response", resp, True)]
    if "opaque" in ch:
        fields.append(("opaque", ch["opaque"], True))
    return "Digest " + ", ".join(
        '%s="%s"' % (k, v) if q else "%s=%s" % (k, v) for k, v, q in fields)


def challenges(resp):
    return [v for v in resp.values("www-authenticate")
            if v.lower().startswith("digest")]


def main(argv):
    url, opts = argv[0], argv[1:]
    opt = lambda name: opts[opts.index(name) + 1] if name in opts else None
    u = urllib.parse.urlsplit(url)
    path = u.path or "/"
    if opt("--replay"):
        with open(opt("--replay")) as f:
            header = f.read().strip()
        resp = Connection(u.hostname, u.port).request(
            "GET", path, [("Authorization", header)])
        report(status=resp.status)
        return
    user, pw = opts[:2]
    conn = Connection(u.hostname, u.port)
    resp = conn.request("GET", path)
    found = challenges(resp)
    report(first=resp.status, challenge=found[0] if found else "")
    if not found:
        return
    ch = parse_challenge(found[0])
    algorithm = opt("--algorithm") or ch.get("algorithm", "MD5")
    if opt("--wait"):
        time.sleep(float(opt("--wait")))
    header = authorization(ch, user, pw, "GET", path, algorithm)
    if opt("--save"):
        with open(opt("--save"), "w") as f:
            f.write(header)
    resp = conn.request("GET", path, [("Authorization", header)])
    report(status=resp.status, body=resp.body.decode(errors="replace").strip())
    found = challenges(resp)
    if resp.status == 401 and found:
        ch = parse_challenge(found[0])
        report(stale=ch.get("stale", "absent").lower(), challenge2=found[0])
        if ch.get("stale", "").lower() == "true":
            resp = conn.request("GET", path, [("Authorization", authorization(
                ch, user, pw, "GET", path, algorithm))])
            report(recovered=resp.status)
