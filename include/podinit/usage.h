/* usage: the readers that sample resource use (syscalls: call them from
 * the supervisor, e.g. from the api's view callback, at most about once a
 * second). */
#ifndef PODINIT_USAGE_H
#define PODINIT_USAGE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* podinit's own resident memory and open descriptors.  0 or -1. */
int	usage_self(int64_t *rss_bytes, int64_t *open_fds);
/* (A container with a cgroup is read by cgroup_usage().)  For n process
 * groups, in one pass over /proc: the sum over every process whose group is
 * pgids[i] (/proc/<pid>/stat: utime+stime+cutime+cstime, rss); found[i]
 * tells which had processes.  Not monotonic by itself (processes exit): the
 * caller keeps cpu_seconds_total a counter by adding the last sample to a
 * base when the container exits.  -1 only when /proc cannot be read. */
int	usage_process_groups(const pid_t *pgids, size_t n, double *cpu_seconds,
	    int64_t *memory_bytes, bool *found);

#endif /* PODINIT_USAGE_H */
