/* metrics: the counters and histograms behind /metrics, as plain structs
 * embedded in the view (no registry, no allocation), plus the Prometheus
 * text-format helpers render uses.  Counters only grow.  Pure; the readers
 * that sample resource use are usage.h's. */
#ifndef PODINIT_METRICS_H
#define PODINIT_METRICS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/buf.h"
#include "podinit/spec.h"	/* enum probe_result */

/* Prometheus' default buckets (client_golang DefBuckets), as kubelet's
 * prober_probe_duration_seconds uses. */
#define METRICS_BUCKETS 11
extern const double metrics_default_buckets[METRICS_BUCKETS];

struct metrics_histogram {
	uint64_t bucket[METRICS_BUCKETS];	/* per bucket, not cumulative */
	uint64_t count;				/* also the +Inf bucket */
	double	 sum;
};

/* One probe type of one container. */
struct metrics_probe {
	uint64_t total[PROBE_RESULT_COUNT];	/* prober_probe_total by result */
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

#endif /* PODINIT_METRICS_H */
