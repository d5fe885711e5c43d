/* units: the time units, as integer nanoseconds.  The model, the core and
 * the shell all count time in int64_t nanoseconds; these name the factors
 * so no raw 1000000000LL appears anywhere.  No functions: any layer may
 * include it. */
#ifndef PODINIT_UNITS_H
#define PODINIT_UNITS_H

#define NS_PER_SEC  1000000000LL
#define NS_PER_MS   1000000LL
#define NS_PER_US   1000LL

#endif /* PODINIT_UNITS_H */
