#!/usr/bin/env python3
"""Time from starting a GUI program to its window being mapped and to its first paint, under X.

    firstpaint.py NAME_REGEX COMMAND [ARGS...]

Starts COMMAND, polls every 5 ms for a visible window whose name matches NAME_REGEX
(`xdotool search --onlyvisible --name`), then grabs that window (`xwd`) until it is no longer
one flat colour (a window not yet painted is its background colour). Prints
"mapped <seconds> painted <seconds>" and stops the program. Needs xdotool and xwd (x11-apps).
"""

import struct
import subprocess
import sys
import time


def flat(image: bytes) -> bool:
    header_size = struct.unpack(">I", image[:4])[0]
    fields = struct.unpack(">25I", image[:100])
    ncolors = fields[19]
    pixels = image[header_size + ncolors * 12 :]
    if len(pixels) < 8:
        return True
    first = pixels[:4]
    return pixels.count(first) * 4 >= len(pixels) - 4


def main() -> None:
    name, cmd = sys.argv[1], sys.argv[2:]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wid = None
    mapped = painted = None
    try:
        while time.monotonic() - t0 < 30:
            if wid is None:
                out = subprocess.run(
                    ["xdotool", "search", "--onlyvisible", "--name", name],
                    capture_output=True, text=True,
                ).stdout.split()
                if out:
                    wid = out[0]
                    mapped = time.monotonic() - t0
            if wid is not None:
                shot = subprocess.run(["xwd", "-silent", "-id", wid], capture_output=True).stdout
                if shot and not flat(shot):
                    painted = time.monotonic() - t0
                    break
            time.sleep(0.005)
    finally:
        proc.terminate()
        proc.wait()
    if painted is None:
        sys.exit("no painted window within 30 s")
    print(f"mapped {mapped:.3f} painted {painted:.3f}")


if __name__ == "__main__":
    main()
