#!/usr/bin/env python3
"""Writes run.sh's table into docs/BENCHMARKS.md's "## HTTP load" section.

    write_doc.py VM_OUTPUT DOC COMMAND [NAME HEADING TARGET]

Takes what the guest printed between "=== bench: begin ===" and
"=== bench: end ===", adds the date and the command that ran it, and
replaces the section (up to the next "## " heading) or appends it; the
rest of DOC stays as it was.  NAME, HEADING and TARGET ("memory",
"## Memory", "make bench-memory") do the same for another benchmark.
"""
import datetime
import sys


def main():
    output, doc, command = sys.argv[1:4]
    name, heading, target = (sys.argv[4:7] if len(sys.argv) > 4 else
                             ("bench", "## HTTP load", "make bench"))
    with open(output) as f:
        lines = f.read().splitlines()
    try:
        begin = lines.index(f"=== {name}: begin ===")
        end = lines.index(f"=== {name}: end ===", begin)
    except ValueError:
        sys.exit("write_doc: no table in " + output)
    now = datetime.datetime.now(datetime.timezone.utc)
    section = [heading, "",
               f"Measured by `{target}` on {now:%Y-%m-%d %H:%M} UTC: "
               f"`{command}`, one boot of Debian's stock kernel in qemu "
               "(TCG, no KVM). Absolute figures drift between runs and "
               "machines; compare the figures of one table.", ""]
    section += lines[begin + 1:end] + [""]

    try:
        with open(doc) as f:
            old = f.read().splitlines()
    except FileNotFoundError:
        old = ["# Benchmarks", ""]
    if heading in old:
        start = old.index(heading)
        stop = next((i for i in range(start + 1, len(old))
                     if old[i].startswith("## ")), len(old))
        new = old[:start] + section + old[stop:]
    else:
        new = old + ([""] if old and old[-1] else []) + section
    while new and not new[-1]:
        new.pop()
    with open(doc, "w") as f:
        f.write("\n".join(new) + "\n")


if __name__ == "__main__":
    main()
