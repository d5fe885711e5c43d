/* clock: the only code that reads clocks.  Monotonic time drives every
 * deadline; realtime is only for timestamps shown to people. */
#ifndef PODINIT_CLOCK_H
#define PODINIT_CLOCK_H
#include <stddef.h>
#include <stdint.h>

#include "podinit/units.h"

int64_t clock_mono(void);
int64_t clock_real(void);
/* RFC 3339 UTC with milliseconds: 2026-11-27T17:20:49.123Z (24 chars + NUL). */
void clock_rfc3339(int64_t real_ns, char *out, size_t outsz);
/* The same without milliseconds, as Kubernetes prints startedAt/finishedAt. */
void clock_rfc3339_sec(int64_t real_ns, char *out, size_t outsz);
/* Go's RFC3339Nano, as kubelet stamps log lines: 2026-11-27T17:20:49.1234Z
 * (trailing zeros dropped; 31 chars + NUL at most). */
void clock_rfc3339_nano(int64_t real_ns, char *out, size_t outsz);

#endif /* PODINIT_CLOCK_H */
