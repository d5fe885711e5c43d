/* metrics: the counters and histograms behind /metrics, as plain structs
 * embedded in the view (no registry, no allocation), plus the Prometheus
 * text-format helpers render uses and the readers that sample resource use
 * (podinit's own RSS and fds, a container's CPU and memory from its cgroup
 * or, without one, from /proc).  Counters only grow. */
#ifndef PODINIT_METRICS_H
#define PODINIT_METRICS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "podinit/buf.h"
#include "podinit/probe.h"

/* Prometheus' default buckets (client_golang DefBuckets), as kubelet's
 * prober_probe_duration_seconds uses. */
#define METRICS_BUCKETS 11
extern const double metrics_default_buckets[METRICS_BUCKETS];

#define METRICS_RESULTS 3	/* enum probe_result: successful, failed, unknown */

struct metrics_histogram {
	uint64_t bucket[METRICS_BUCKETS];	/* per bucket, not cumulative */
	uint64_t count;				/* also the +Inf bucket */
	double	 sum;
};

/* One probe type of one container. */
struct metrics_probe {
	uint64_t total[METRICS_RESULTS];	/* prober_probe_total by result */
	struct metrics_histogram duration;	/* prober_probe_duration_seconds */
};

void	metrics_histogram_observe(struct metrics_histogram *h, double v);
/* Count one probe result.  K8S: the duration is observed only for
 * successful and unknown results, never for failures (worker.go). */
void	metrics_probe_observe(struct metrics_probe *m, enum probe_result r, int64_t duration_ns);

/* Prometheus text format 0.0.4 pieces. */
void	metrics_family(struct buf *b, const char *name, const char *help, const char *type);
void	metrics_label_value(struct buf *b, const char *v);	/* escapes \ " and newline */
void	metrics_value(struct buf *b, double v);			/* "1", "0.25", "+Inf", "NaN" */
void	metrics_uint(struct buf *b, uint64_t v);

/* Resource readers (syscalls; call them from the supervisor, e.g. from the
 * api's view callback, at most about once a second).  0 or -1. */
int	metrics_self_usage(int64_t *rss_bytes, int64_t *open_fds);
/* (A container with a cgroup is read by cgroup_usage().)  For n process
 * groups, in one pass over /proc: the sum over every process whose group is
 * pgids[i] (/proc/<pid>/stat: utime+stime+cutime+cstime, rss); found[i]
 * tells which had processes.  Not monotonic by itself (processes exit): the
 * caller keeps cpu_seconds_total a counter by adding the last sample to a
 * base when the container exits.  -1 only when /proc cannot be read. */
int	metrics_pgrps_usage(const pid_t *pgids, size_t n, double *cpu_seconds,
	    int64_t *memory_bytes, bool *found);

#endif /* PODINIT_METRICS_H */
