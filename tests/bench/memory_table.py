#!/usr/bin/env python3
"""Kernel memory per connection from two snapshots taken by memory.sh.

    memory_table.py TITLE COUNT BEFORE AFTER [--user-server]

A snapshot is /proc/slabinfo, then "meminfo: NAME KB" lines (Slab,
SUnreclaim), then "alias: NAME TARGET" lines (SLUB's merged caches, from
/sys/kernel/slab).  Prints a markdown table: each slab cache that grew by
at least one object per 20 connections, with objects and bytes (objects
times object size) per connection and whose they are, then the totals.
With a kernel server (httpsys) the totals split into the server's end,
its TCP socket and the rest; --user-server (a peer such as nginx) has
sockets with files at both ends, and only the totals are printed.
"""
import sys

# Caches that hold one object per TCP socket: the client's and the server's
# (both IPv6, so alike), the inode's LSM blob too.
SOCKET = {"TCP", "TCPv6", "sock_inode_cache", "lsm_inode_cache"}
# What a socket opened by a process has and a kernel socket has not: its
# file, dentry and LSM blob, and a connecting socket's local port.
CLIENT = {"filp", "dentry", "lsm_file_cache", "tcp_bind_bucket",
          "tcp_bind2_bucket", "eventpoll_epi", "eventpoll_pwq"}
KNOWN = SOCKET | CLIENT


def read(path):
    caches, meminfo, aliases = {}, {}, {}
    with open(path) as f:
        for line in f:
            words = line.split()
            if not words or line.startswith(("slabinfo", "#")):
                continue
            if words[0] == "meminfo:":
                meminfo[words[1]] = int(words[2]) * 1024
            elif words[0] == "alias:":
                aliases.setdefault(words[2], []).append(words[1])
            else:
                # name active_objs num_objs objsize objperslab pagesperslab
                # : tunables ... : slabdata active_slabs num_slabs ...
                slabs = int(words[words.index("slabdata") + 2])
                caches[words[0]] = (int(words[1]), int(words[3]),
                                    slabs * int(words[5]) * 4096)
    return caches, meminfo, aliases


def merged(cache, aliases):
    """The caches SLUB merged into @cache that say whose it is."""
    for group in aliases.values():
        if cache in group:
            return sorted(n for n in group if n != cache and
                          (n in KNOWN or "httpsys" in n))
    return []


def role(cache, aliases):
    """The cache's name (with telling aliases) and whose objects it holds."""
    others = merged(cache, aliases)
    label = f"{cache} (= {', '.join(others)})" if others else cache
    names = [cache] + others
    if any("httpsys" in n for n in names):
        return label, "httpsys"
    if any(n in SOCKET for n in names):
        return label, "TCP socket: one each end"
    if any(n in CLIENT for n in names):
        return label, "user-space socket's file, port"
    if cache.startswith("kmalloc"):
        return label, "kmalloc: httpsys's, LSM blobs"
    return label, ""


def main():
    title, count, before_path, after_path = sys.argv[1:5]
    count = int(count)
    user_server = sys.argv[5:] == ["--user-server"]
    before, mem0, _ = read(before_path)
    after, mem1, aliases = read(after_path)
    rows = []
    socket_bytes = client_bytes = total_bytes = 0
    for cache, (objs, size, _) in sorted(after.items()):
        grown = objs - before.get(cache, (0, size, 0))[0]
        label, owner = role(cache, aliases)
        total_bytes += grown * size
        if owner.startswith("TCP"):
            socket_bytes += grown * size
        elif owner.startswith("user"):
            client_bytes += grown * size
        if grown * 20 < count:
            continue
        rows.append((grown * size, f"| {label} | {size} | "
                     f"{grown / count:.2f} | {grown * size / count:,.0f} | "
                     f"{owner} |"))
    pages = sum(a[2] for a in after.values()) - \
        sum(b[2] for b in before.values())
    # The client's half of the socket caches and its descriptors' caches.
    server = total_bytes - socket_bytes / 2 - client_bytes

    print(f"{title}: {count:,}")
    print()
    print("| slab cache | object size | objects per conn | bytes per conn "
          "| whose |")
    print("|---|---|---|---|---|")
    for _, row in sorted(rows, reverse=True):
        print(row)
    print(f"| **all caches, objects** | | | **{total_bytes / count:,.0f}** | |")
    print(f"| all caches, slab pages | | | {pages / count:,.0f} | |")
    for name in ("Slab", "SUnreclaim"):
        if name in mem0 and name in mem1:
            print(f"| /proc/meminfo {name} | | | "
                  f"{(mem1[name] - mem0[name]) / count:,.0f} | |")
    if user_server:
        return
    print(f"| **server's end** (objects less the client's socket) | | | "
          f"**{server / count:,.0f}** | |")
    print(f"| of which the server's TCP socket | | | "
          f"{socket_bytes / 2 / count:,.0f} | |")
    print(f"| of which the rest (httpsys's) | | | "
          f"{(server - socket_bytes / 2) / count:,.0f} | |")


if __name__ == "__main__":
    main()
