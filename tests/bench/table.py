#!/usr/bin/env python3
"""The HTTP load table from run.sh's measurements, as Markdown.

    table.py RESULTS CLOCK_TICKS_PER_SECOND

RESULTS has one tab-separated line per wrk run: server, workers, response
kind, connections, round, requests, req/s, p50 µs, p99 µs, context
switches, busy CPU ticks, errors, wrk's own CPU µs.  Each row of the table is the median of
a target's rounds; our rows (httpapi) get their req/s as a ratio to the
best of nginx and h2o with the same workers, response and connections
(the kernel cache's and the IOCP server's 12 B against the peers' 12 B).
"""
import statistics
import sys

OURS = "httpapi"
KINDS = {"12B": "12 B", "12Bcached": "12 B, kernel cache",
         "12Biocp": "12 B, IOCP",
         "16KiB": "16 KiB file", "1MiB": "1 MiB file"}
# Our responses that the peers serve as another kind: what they compare with.
PEER_KIND = {"12Bcached": "12B", "12Biocp": "12B"}


def peer_kind(kind):
    return PEER_KIND.get(kind, kind)


def latency(us):
    return f"{us:.0f} µs" if us < 1000 else f"{us / 1000:.2f} ms"


def main():
    results, hz = sys.argv[1], float(sys.argv[2])
    runs = {}
    order = []
    with open(results) as f:
        for line in f:
            server, workers, kind, c, _, n, rps, p50, p99, ctxt, ticks, err, \
                wrk_us = line.rstrip("\n").split("\t")
            key = (kind, int(c), server, int(workers))
            if key not in runs:
                runs[key] = []
                order.append(key)
            n = int(n)
            runs[key].append({
                "rps": float(rps or 0), "p50": float(p50), "p99": float(p99),
                "ctxt": int(ctxt) / n if n else 0.0,
                "cpu": int(ticks) * 1e6 / hz / n if n else 0.0,
                "wrk": int(wrk_us) / n if n else 0.0,
                "err": int(err),
            })

    rows = {}
    for key, measured in runs.items():
        row = {m: statistics.median(r[m] for r in measured)
               for m in ("rps", "p50", "p99", "ctxt", "cpu", "wrk")}
        row["err"] = sum(r["err"] for r in measured)
        rows[key] = row

    kinds = list(KINDS)
    servers = [OURS, "nginx", "h2o"]
    # Cached and IOCP rows right after the plain ones of their kind and c.
    order.sort(key=lambda k: (kinds.index(peer_kind(k[0])), k[1],
                              servers.index(k[2]), kinds.index(k[0]),
                              k[3]))

    print("| server | workers | response | c | req/s | p50 | p99 "
          "| ctxt/req | CPU µs/req | less wrk | vs best peer | errors |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for key in order:
        kind, c, server, workers = key
        row = rows[key]
        ratio = ""
        if server == OURS:
            peers = [(rows[k]["rps"], k[2]) for k in rows
                     if k[2] != OURS and
                     (k[0], k[1], k[3]) == (peer_kind(kind), c, workers)]
            if peers:
                best, name = max(peers)
                ratio = f"{row['rps'] / best:.2f}x {name}" if best else ""
        print(f"| {server} | {workers} | {KINDS[kind]} | {c} "
              f"| {row['rps']:,.0f} | {latency(row['p50'])} "
              f"| {latency(row['p99'])} | {row['ctxt']:.2f} "
              f"| {row['cpu']:.0f} | {row['cpu'] - row['wrk']:.0f} "
              f"| {ratio} | {row['err']} |")


if __name__ == "__main__":
    main()
