/* Test harness only, never shipped: Wine 8 (Debian 12) lacks bcryptprimitives.dll, whose
 * ProcessPrng the Rust standard library calls on Windows 10+. build.sh --smoke puts this stand-in
 * beside the .exe in a temporary folder so the app starts under Wine. Real Windows has the DLL. */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
