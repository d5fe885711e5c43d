/* cgroup: an optional cgroup v2 per container.  Where a writable cgroup v2
 * hierarchy exists (podinit's own cgroup's directory, or
 * /sys/fs/cgroup/unified on hybrid hosts), each container gets a child
 * cgroup: its processes are moved there at spawn (cgroup.procs fd), limits
 * are written (memory.max, cpu.max), everything left is killed with
 * cgroup.kill (or by signalling every pid in cgroup.procs on kernels
 * without it), OOM kills are read from memory.events, and usage from
 * cpu.stat / memory.current.  Elsewhere every call degrades: create returns
 * NULL after one clear notice, and callers fall back to process groups. */
#ifndef PODINIT_CGROUP_H
#define PODINIT_CGROUP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cgroup;

/* Find the hierarchy once (root may be overridden for tests; NULL = auto).
 * Returns false, with a one-line reason in why, when none is usable. */
bool	cgroup_setup(const char *root, char *why, size_t whysz);
/* A child cgroup "<pod>/<container>" (recreated fresh if it exists).
 * memory_max_bytes / cpu_milli 0 = no limit.  A limit whose controller is
 * not available is warned about, not an error.  NULL when unavailable. */
struct cgroup *cgroup_create(const char *pod, const char *container,
	    int64_t memory_max_bytes, int64_t cpu_milli, char *err, size_t errsz);
/* O_WRONLY|O_CLOEXEC fd of cgroup.procs, for the child to write "0" into. */
int	cgroup_procs_fd(const struct cgroup *cg);
int	cgroup_dir_fd(const struct cgroup *cg);
/* SIGKILL everything in the cgroup.  0 or -1. */
int	cgroup_kill(struct cgroup *cg);
/* True when memory.events' oom_kill grew since the last call. */
bool	cgroup_oom_killed(struct cgroup *cg);
/* True while any process is in the cgroup (cgroup.events populated). */
bool	cgroup_populated(const struct cgroup *cg);
int	cgroup_usage(const struct cgroup *cg, double *cpu_seconds, int64_t *memory_bytes);
/* Remove the directory (after everything in it was reaped). */
void	cgroup_destroy(struct cgroup *cg);

/* Pure helpers, unit-tested on fixture text. */
int	cgroup_parse_memory_events(const char *text, uint64_t *oom_kill);
int	cgroup_parse_cpu_stat(const char *text, uint64_t *usage_usec);
/* "max 100000" style cpu.max line for a milli-CPU limit (period 100 ms). */
void	cgroup_format_cpu_max(int64_t cpu_milli, char *out, size_t outsz);

#endif /* PODINIT_CGROUP_H */
