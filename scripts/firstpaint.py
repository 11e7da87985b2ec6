#!/usr/bin/env python3
"""Time from starting a GUI program to its window being mapped and to its first paint, under X.

    firstpaint.py NAME_REGEX COMMAND [ARGS...]

Starts COMMAND and listens to the X server instead of polling it: every top-level window is
followed from its creation (SubstructureNotify on the root window) with the DAMAGE extension,
so the server says when something is drawn into it. "Mapped" is the MapNotify of the first
window whose name (_NET_WM_NAME or WM_NAME) matches NAME_REGEX; "painted" is the first damage
to that window after which its contents are no longer one flat colour (a window not yet
painted is its background colour; the contents are read with XGetImage only when the server
reports damage). Prints "mapped <seconds> painted <seconds>" and stops the program.

Listening costs the measured program nothing: an earlier version of this script ran `xdotool`
and `xwd` every 5 ms, and on a two-core machine those processes took the CPU the program
needed for its own start (25-30 ms later in its own trace). Needs libX11 and libXdamage
(Debian: libx11-6, libxdamage1, both installed with Mesa) and Python's standard library only.
"""

import ctypes
import ctypes.util
import re
import select
import subprocess
import sys
import time

CREATE_NOTIFY, MAP_NOTIFY, PROPERTY_NOTIFY = 16, 19, 28
SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
PROPERTY_CHANGE_MASK = 1 << 22
DAMAGE_REPORT_NON_EMPTY = 3
Z_PIXMAP = 2
ALL_PLANES = ctypes.c_ulong(~0 & 0xFFFFFFFFFFFFFFFF)


def load(name: str) -> ctypes.CDLL:
    path = ctypes.util.find_library(name)
    if path is None:
        sys.exit(f"lib{name} is missing (Debian: apt install libx11-6 libxdamage1)")
    return ctypes.CDLL(path)


x11 = load("X11")
damage = load("Xdamage")

x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XDefaultRootWindow.restype = ctypes.c_ulong
x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x11.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
x11.XConnectionNumber.argtypes = [ctypes.c_void_p]
x11.XPending.argtypes = [ctypes.c_void_p]
x11.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
x11.XFlush.argtypes = [ctypes.c_void_p]
x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
x11.XInternAtom.restype = ctypes.c_ulong
x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x11.XGetWindowProperty.argtypes = [
    ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long, ctypes.c_long,
    ctypes.c_int, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
    ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_ulong),
    ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p),
]
x11.XFree.argtypes = [ctypes.c_void_p]
x11.XGetGeometry.argtypes = [
    ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
    ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int),
    ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_uint),
]
x11.XGetImage.restype = ctypes.c_void_p
x11.XGetImage.argtypes = [
    ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
    ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int,
]
x11.XDestroyImage.argtypes = [ctypes.c_void_p]
ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
x11.XSetErrorHandler.argtypes = [ERROR_HANDLER]
damage.XDamageQueryExtension.argtypes = [
    ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int),
]
damage.XDamageCreate.restype = ctypes.c_ulong
damage.XDamageCreate.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int]
damage.XDamageSubtract.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]


class XImage(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
        ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int),
        ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int),
    ]


# A window that goes away between an event and a request is not an error worth dying for.
ignore_errors = ERROR_HANDLER(lambda display, event: 0)


def window_name(dpy, win, atoms) -> str:
    for prop, kind in ((atoms["_NET_WM_NAME"], atoms["UTF8_STRING"]), (39, 31)):  # WM_NAME, STRING
        actual, fmt = ctypes.c_ulong(), ctypes.c_int()
        n, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        ok = x11.XGetWindowProperty(
            dpy, win, prop, 0, 1024, 0, kind, ctypes.byref(actual), ctypes.byref(fmt),
            ctypes.byref(n), ctypes.byref(after), ctypes.byref(data),
        )
        if ok == 0 and data.value:
            text = ctypes.string_at(data.value, n.value).decode("utf-8", "replace")
            x11.XFree(data)
            if text:
                return text
    return ""


def flat(dpy, win) -> bool:
    root, x, y = ctypes.c_ulong(), ctypes.c_int(), ctypes.c_int()
    w, h, border, depth = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not x11.XGetGeometry(dpy, win, ctypes.byref(root), ctypes.byref(x), ctypes.byref(y),
                            ctypes.byref(w), ctypes.byref(h), ctypes.byref(border),
                            ctypes.byref(depth)):
        return True
    ptr = x11.XGetImage(dpy, win, 0, 0, w.value, h.value, ALL_PLANES, Z_PIXMAP)
    if not ptr:
        return True
    image = XImage.from_address(ptr)
    pixels = ctypes.string_at(image.data, image.bytes_per_line * image.height)
    x11.XDestroyImage(ptr)
    step = max(1, image.bits_per_pixel // 8)
    first = pixels[:step]
    return len(pixels) < 2 * step or pixels.count(first) * step >= len(pixels) - step


def main() -> None:
    name, cmd = re.compile(sys.argv[1]), sys.argv[2:]
    dpy = x11.XOpenDisplay(None)
    if not dpy:
        sys.exit("cannot open the X display (is DISPLAY set?)")
    x11.XSetErrorHandler(ignore_errors)
    event_base, error_base = ctypes.c_int(), ctypes.c_int()
    if not damage.XDamageQueryExtension(dpy, ctypes.byref(event_base), ctypes.byref(error_base)):
        sys.exit("the X server has no DAMAGE extension")
    damage_notify = event_base.value
    atoms = {a: x11.XInternAtom(dpy, a.encode(), 0) for a in ("_NET_WM_NAME", "UTF8_STRING")}
    root = x11.XDefaultRootWindow(dpy)
    x11.XSelectInput(dpy, root, SUBSTRUCTURE_NOTIFY_MASK)
    x11.XSync(dpy, 0)
    fd = x11.XConnectionNumber(dpy)
    event = (ctypes.c_long * 24)()
    followed = set()  # top-level windows with a damage object
    mapped_windows = {}  # window -> time its MapNotify arrived
    target = mapped = painted = None

    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def follow(win: int) -> None:
        if win not in followed:
            followed.add(win)
            damage.XDamageCreate(dpy, win, DAMAGE_REPORT_NON_EMPTY)
            x11.XSelectInput(dpy, win, PROPERTY_CHANGE_MASK)

    def consider(win: int) -> None:
        nonlocal target, mapped, painted
        if target is None and win in mapped_windows and name.search(window_name(dpy, win, atoms)):
            target, mapped = win, mapped_windows[win]
            # Drawn before its name was known: the damage was already taken.
            if not flat(dpy, win):
                painted = time.monotonic() - t0

    try:
        while painted is None and time.monotonic() - t0 < 30:
            if not x11.XPending(dpy):
                select.select([fd], [], [], 0.5)
                continue
            x11.XNextEvent(dpy, event)
            now = time.monotonic() - t0
            kind = ctypes.c_int.from_buffer(event).value
            raw = ctypes.cast(event, ctypes.POINTER(ctypes.c_ulong))
            if kind == CREATE_NOTIFY:
                follow(raw[5])  # parent at [4], window at [5]
            elif kind == MAP_NOTIFY:
                win = raw[5]  # event at [4], window at [5]
                follow(win)
                mapped_windows.setdefault(win, now)
                consider(win)
            elif kind == PROPERTY_NOTIFY:
                consider(raw[4])
            elif kind == damage_notify:
                win = raw[4]  # the drawable
                damage.XDamageSubtract(dpy, raw[5], 0, 0)
                if win == target and not flat(dpy, win):
                    painted = now
            x11.XFlush(dpy)
    finally:
        proc.terminate()
        proc.wait()
    if painted is None:
        sys.exit("no painted window within 30 s")
    print(f"mapped {mapped:.3f} painted {painted:.3f}")


if __name__ == "__main__":
    main()
