#!/usr/bin/python3
"""The auth tests' python clients (run with /usr/bin/python3, which has
python3-gssapi and python3-requests-ntlm):

  client.py selftest-krb5 HOST        initiator and acceptor in-process
  client.py selftest-ntlm HOST        SPNEGO/NTLM against gss-ntlmssp
                                      (NTLM_CLIENT_USER: DOMAIN\\user, its
                                      password in NTLM_USER_FILE)
  client.py selftest-anonymous          our NULL-session AUTHENTICATE, to
                                      gss-ntlmssp (NTLM_USER_FILE)
  client.py negotiate URL MECH [--save FILE] [--replay FILE] [--then-plain]
                                      a Negotiate handshake on one connection
                                      (MECH krb5 or ntlm, through SPNEGO;
                                      krb5-only sends "Kerberos")
  client.py ntlm-raw URL USER PW DOMAIN [options of ntlm_raw]
  client.py mint URL MECH FILE         the first leg's header, unsent
  client.py ntlm-requests URL USER PW DOMAIN
  client.py digest ...                see digest.py

Each prints "key=value" lines the shell script checks."""
import base64
import os
import struct
import sys
import time
import urllib.parse

import gssapi

from http1 import Connection

SPNEGO = gssapi.OID.from_int_seq("1.3.6.1.5.5.2")
KRB5 = gssapi.MechType.kerberos
NTLMSSP = gssapi.OID.from_int_seq("1.3.6.1.4.1.311.2.2.10")
FLAGS = [gssapi.RequirementFlag.mutual_authentication,
         gssapi.RequirementFlag.out_of_sequence_detection]


def report(**kv):
    for k, v in kv.items():
        print("%s=%s" % (k, v))
    sys.stdout.flush()


def target(url):
    u = urllib.parse.urlsplit(url)
    return u.hostname, u.port or 80, u.path or "/"


def initiator(host, mech):
    name = gssapi.Name("HTTP@" + host, gssapi.NameType.hostbased_service)
    if mech == "ntlm":
        # SPNEGO offering only NTLM: a client without a Kerberos ticket.
        user = gssapi.Name(os.environ["NTLM_CLIENT_USER"],
                           gssapi.NameType.user)
        cred = gssapi.Credentials(name=user, usage="initiate", mechs=[NTLMSSP])
        return gssapi.SecurityContext(name=name, mech=SPNEGO, flags=FLAGS,
                                      usage="initiate", creds=cred)
    if mech == "kerberos":
        return gssapi.SecurityContext(name=name, mech=KRB5, flags=FLAGS,
                                      usage="initiate")
    return gssapi.SecurityContext(name=name, mech=SPNEGO, flags=FLAGS,
                                  usage="initiate")


def selftest(host, mech):
    ini = initiator(host, mech)
    acc = gssapi.SecurityContext(usage="accept")
    token = ini.step()
    while token:
        out = acc.step(token)
        token = ini.step(out) if out else None
    report(initiator_complete=ini.complete, acceptor_complete=acc.complete,
           client=acc.initiator_name, mutual=bool(
               ini.actual_flags & gssapi.RequirementFlag.mutual_authentication))


def mint(url, mech, path):
    """Write the first leg's Authorization value to path, unsent."""
    host, _, _ = target(url)
    token = initiator(host, mech).step()
    scheme = "Kerberos" if mech == "kerberos" else "Negotiate"
    with open(path, "w") as f:
        f.write("%s %s" % (scheme, base64.b64encode(token).decode()))


def negotiate(url, mech, save=None, replay=None, then_plain=False):
    host, port, path = target(url)
    scheme = "Kerberos" if mech == "kerberos" else "Negotiate"
    conn = Connection(host, port)
    if replay:
        with open(replay) as f:
            header = f.read().strip()
        resp = conn.request("GET", path, [("Authorization", header)])
        report(status=resp.status, body=resp.body.decode(errors="replace"))
        return
    ctx = initiator(host, mech)
    token = ctx.step()
    legs = 0
    while True:
        header = "%s %s" % (scheme, base64.b64encode(token).decode())
        if save and legs == 0:
            with open(save, "w") as f:
                f.write(header)
        resp = conn.request("GET", path, [("Authorization", header)])
        legs += 1
        challenge = [v for v in resp.values("www-authenticate")
                     if v.startswith(scheme + " ")]
        if resp.status != 401 or not challenge:
            break
        if ctx.complete:
            break
        token = ctx.step(base64.b64decode(challenge[0].split(" ", 1)[1]))
    final = [v for v in resp.values("www-authenticate")
             if v.startswith(scheme + " ")]
    mutual = "absent"
    if final and resp.status == 200:
        try:
            ctx.step(base64.b64decode(final[0].split(" ", 1)[1]))
            mutual = "verified" if ctx.complete else "incomplete"
        except gssapi.exceptions.GSSError as e:
            mutual = "bad:" + str(e).replace("\n", " ")
    report(status=resp.status, legs=legs, mutual=mutual,
           complete=ctx.complete, body=resp.body.decode(errors="replace"))
    if then_plain:
        resp = conn.request("GET", path + "plain")
        report(plain=resp.status)


def ntlm_anonymous_authenticate(challenge):
    """An AUTHENTICATE_MESSAGE with empty user, domain and NT response
    and a one-zero-byte LM response (MS-NLMP 3.2.5.1.2: anonymous),
    echoing the server's flags.  A zero MIC follows the Version field:
    gss-ntlmssp reads those 16 bytes whether or not they are used."""
    flags = struct.unpack("<I", challenge[20:24])[0] | 0x00000800
    # No session key: no signing, sealing or key exchange.
    flags &= ~0x40000030
    payload = 64 + 8 + 16
    lm = b"\x00"

    def field(data):
        return struct.pack("<HHI", len(data), len(data), payload)

    msg = b"NTLMSSP\x00" + struct.pack("<I", 3) + field(lm)
    msg += field(b"") * 5 + struct.pack("<I", flags)
    msg += b"\x06\x01\xb1\x1d\x00\x00\x00\x0f" + bytes(16)
    assert len(msg) == payload
    return msg + lm


def wait_for_file(path, seconds=30):
    for _ in range(seconds * 10):
        if os.path.exists(path):
            return
        time.sleep(0.1)
    sys.exit("gave up waiting for " + path)


def ntlm_raw(url, user, pw, domain, opts):
    """curl's and Windows' order: NEGOTIATE, CHALLENGE, AUTHENTICATE on one
    connection (ntlm-auth's message code).  Options: --then-plain (a
    third request without Authorization), --anonymous (an empty
    AUTHENTICATE), --post N (the legs are POSTs with N-byte bodies),
    --pause FILE (after the first leg, wait until FILE exists)."""
    from ntlm_auth.ntlm import NtlmContext
    host, port, path = target(url)
    conn = Connection(host, port)
    ctx = NtlmContext(user, pw, domain=domain)
    method, body = "GET", b""
    if "--post" in opts:
        method, body = "POST", b"x" * int(opts[opts.index("--post") + 1])
    resp = conn.request(method, path, [
        ("Authorization", "NTLM " + base64.b64encode(ctx.step()).decode())],
        body)
    report(leg1=resp.status)
    ch = [v for v in resp.values("www-authenticate") if v.startswith("NTLM ")]
    if resp.status != 401 or not ch:
        return
    if "--pause" in opts:
        wait_for_file(opts[opts.index("--pause") + 1])
    challenge = base64.b64decode(ch[0][5:])
    auth = ntlm_anonymous_authenticate(challenge) if "--anonymous" in opts \
        else ctx.step(challenge)
    try:
        resp = conn.request(method, path, [
            ("Authorization", "NTLM " + base64.b64encode(auth).decode())],
            body)
    except (EOFError, OSError) as e:
        report(status="closed:" + type(e).__name__)
        return
    report(status=resp.status, body=resp.body.decode(errors="replace").strip())
    if "--then-plain" in opts:
        resp = conn.request("GET", path + "plain")
        report(plain=resp.status,
               plain_body=resp.body.decode(errors="replace").strip())


def selftest_anonymous():
    """gss-ntlmssp as the acceptor of our anonymous AUTHENTICATE: what it
    makes of it.  gss-ntlmssp 1.2.0 decodes it, sees an anonymous logon
    and refuses those itself ("Feature not supported")."""
    from ntlm_auth.ntlm import NtlmContext
    acc = gssapi.SecurityContext(usage="accept")
    challenge = acc.step(NtlmContext("x", "y", domain="z").step())
    try:
        acc.step(ntlm_anonymous_authenticate(challenge))
        report(acceptor_complete=acc.complete, client=acc.initiator_name)
    except gssapi.exceptions.GSSError as e:
        report(error=str(e).replace("\n", " "))


def ntlm_requests(url, user, pw, domain):
    import requests
    from requests_ntlm import HttpNtlmAuth
    s = requests.Session()
    r = s.get(url, auth=HttpNtlmAuth("%s\\%s" % (domain, user), pw), timeout=20)
    report(status=r.status_code, body=r.text.strip())


def main(argv):
    cmd = argv[1]
    if cmd == "selftest-krb5":
        selftest(argv[2], "spnego")
    elif cmd == "selftest-ntlm":
        selftest(argv[2], "ntlm")
    elif cmd == "selftest-anonymous":
        selftest_anonymous()
    elif cmd == "negotiate":
        rest = argv[4:]
        save = rest[rest.index("--save") + 1] if "--save" in rest else None
        rep = rest[rest.index("--replay") + 1] if "--replay" in rest else None
        negotiate(argv[2], argv[3], save, rep, "--then-plain" in rest)
    elif cmd == "mint":
        mint(argv[2], argv[3], argv[4])
    elif cmd == "digest":
        import digest
        digest.main(argv[2:])
    elif cmd == "ntlm-raw":
        ntlm_raw(argv[2], argv[3], argv[4], argv[5], argv[6:])
    elif cmd == "ntlm-requests":
        ntlm_requests(argv[2], argv[3], argv[4], argv[5])
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
