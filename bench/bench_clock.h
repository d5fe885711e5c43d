/* bench_clock.h: the one clock reading the benchmark programs share. */
#ifndef BENCH_CLOCK_H
#define BENCH_CLOCK_H
#include <time.h>

/* clk (CLOCK_MONOTONIC, or CLOCK_REALTIME to compare with another
 * process's log) in nanoseconds. */
static inline long long
bench_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

#endif /* BENCH_CLOCK_H */
