/* Test scaffolding for running salesdesk.exe under Wine 8 (Debian 12), never shipped: Rust's
 * standard library draws its random numbers from ProcessPrng in bcryptprimitives.dll, which
 * Wine 8 lacks. This stand-in, placed beside the .exe, fills the buffer from RtlGenRandom
 * (advapi32's SystemFunction036), which Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG part = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, part))
            return FALSE;
        data += part;
        length -= part;
    }
    return TRUE;
}
