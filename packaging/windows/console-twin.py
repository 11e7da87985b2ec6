#!/usr/bin/env python3
"""Copy a GUI-subsystem .exe to a console-subsystem twin (like `editbin /SUBSYSTEM:CONSOLE`).

    console-twin.py ct11-configurator.exe ct11-configurator.com

The release .exe has no console window, so from cmd or PowerShell its CLI output (`ports`, `info`,
`send`, `--help`) would not show. The installer puts the twin beside it as `ct11-configurator.com`:
Windows tries .com before .exe (PATHEXT), so typing `ct11-configurator ports` in a terminal runs
the console twin, while the Start-menu entry starts the .exe with no console. The two files differ
only in the PE optional header's Subsystem field (2 = Windows GUI, 3 = Windows console).
"""
import struct
import sys

src, dst = sys.argv[1], sys.argv[2]
data = bytearray(open(src, "rb").read())
if data[:2] != b"MZ":
    sys.exit(f"{src}: not a PE file")
pe = struct.unpack_from("<I", data, 0x3C)[0]
if data[pe:pe + 4] != b"PE\0\0":
    sys.exit(f"{src}: no PE header")
opt = pe + 24                      # after the signature and the 20-byte COFF header
magic = struct.unpack_from("<H", data, opt)[0]
if magic not in (0x10B, 0x20B):    # PE32, PE32+
    sys.exit(f"{src}: unknown optional header {magic:#x}")
subsystem_at = opt + 68            # same offset in PE32 and PE32+
subsystem = struct.unpack_from("<H", data, subsystem_at)[0]
if subsystem not in (2, 3):
    sys.exit(f"{src}: unexpected subsystem {subsystem}")
struct.pack_into("<H", data, subsystem_at, 3)
open(dst, "wb").write(data)
print(f"{dst}: console subsystem (was {'GUI' if subsystem == 2 else 'console'})")
