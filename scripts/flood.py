#!/usr/bin/env python3
"""A stand-in module on a pseudo-terminal for scripts/perf.sh's million-line row.

Prints the port's path on its first line, answers every command line with OK, and when a line
arrives on stdin writes LINES unsolicited lines (default 1,000,000) as fast as the pty takes
them, then prints "wrote <lines> lines, <bytes> bytes in <seconds> s".

    flood.py [LINES] [MIX]

MIX: `qmtrecv` (the default: every line a `+QMTRECV:` message), `csq` (every other line a
`+CSQ:` signal report), or `mix` (plain text, `+CSQ:` and `+QMTRECV:` lines in turn). A pty holds only a few
KiB, so the writes end just after the app has read all but the last few lines: the time is the
app's intake time. Standard library only.
"""

import os
import pty
import select
import sys
import time
import tty

LINES = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
MIX = sys.argv[2] if len(sys.argv) > 2 else "qmtrecv"
BATCH = 1000


def line(i: int) -> bytes:
    qmtrecv = b'+QMTRECV: 0,0,"sensors/site-7/temp","21.5 C, reading %07d"\r\n' % i
    if MIX == "csq":
        return b"+CSQ: %d,99\r\n" % (i % 32) if i % 2 else qmtrecv
    if MIX == "mix":
        kind = i % 3
        if kind == 0:
            return b"sensor 7 reading %07d: temperature 21.5 C, humidity 40 %%\r\n" % i
        if kind == 1:
            return b"+CSQ: %d,99\r\n" % (i % 32)
    return qmtrecv


def main() -> None:
    master, slave = pty.openpty()
    tty.setraw(slave)
    print(os.ttyname(slave), flush=True)
    pending = b""
    while True:
        ready, _, _ = select.select([master, sys.stdin], [], [])
        if master in ready:
            try:
                pending += os.read(master, 4096)
            except OSError:
                return  # the app closed the port and nobody holds the pty
            while b"\r" in pending:
                _, pending = pending.split(b"\r", 1)
                os.write(master, b"\r\nOK\r\n")
        if sys.stdin in ready:
            if not sys.stdin.readline():
                return
            flood(master)


def flood(master: int) -> None:
    # Made before the clock starts, so the time is the pty's and the app's, not Python's.
    chunks = [
        b"".join(line(i) for i in range(start, min(start + BATCH, LINES)))
        for start in range(0, LINES, BATCH)
    ]
    total = sum(len(c) for c in chunks)
    t0 = time.monotonic()
    for chunk in chunks:
        view = memoryview(chunk)
        while view:
            n = os.write(master, view)
            view = view[n:]
    took = time.monotonic() - t0
    print(f"wrote {LINES} lines, {total} bytes in {took:.2f} s", flush=True)


if __name__ == "__main__":
    main()
