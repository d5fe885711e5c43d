/* events: kubelet-like events (type, reason, container, message) with
 * kubelet/kubectl count aggregation, a bounded in-memory set for /events and
 * `podinit status`.  Everything is fixed size and embedded in the owner;
 * nothing allocates.  Pure: the sink and the log line are events_sink.h's. */
#ifndef PODINIT_EVENTS_H
#define PODINIT_EVENTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/units.h"

#define EVENTS_MAX		256
#define EVENT_TYPE_MAX		16
#define EVENT_REASON_MAX	64
#define EVENT_CONTAINER_MAX	64
#define EVENT_MESSAGE_MAX	1024	/* longer messages are cut, like the API's */
/* Identical events closer together than this are one event with count++
 * (K8S: the event correlator's 10-minute aggregation interval). */
#define EVENTS_AGGREGATE_NS	(600 * NS_PER_SEC)

#define EVENT_NORMAL	"Normal"
#define EVENT_WARNING	"Warning"

struct event {
	char	 type[EVENT_TYPE_MAX];		/* "Normal" or "Warning" */
	char	 reason[EVENT_REASON_MAX];
	char	 container[EVENT_CONTAINER_MAX];	/* "" for pod-level events */
	char	 message[EVENT_MESSAGE_MAX];
	uint32_t count;
	int64_t	 first_time, last_time;		/* realtime ns */
	uint64_t seq;				/* order of the last occurrence; 0 = free slot */
};

struct events {
	struct event ev[EVENTS_MAX];
	size_t	 used;		/* ev[0..used) have been handed out */
	uint64_t seq;
	uint64_t total;		/* events emitted, aggregated ones included */
	int	 sink_fd;	/* -1 = none */
	bool	 sink_owned;	/* opened by us (a file), closed by events_close */
	bool	 sink_warned;
};

/* Record one event (aggregated into an equal one seen within
 * EVENTS_AGGREGATE_NS: count++), the strings cut to their fields' sizes.
 * type NULL = EVENT_NORMAL; reason and container may be NULL.  Returns the
 * stored event. */
const struct event *events_record(struct events *e, int64_t real_now, const char *type,
	    const char *reason, const char *container, const char *message);

/* The events, oldest last occurrence first (kubectl's order).  Fills
 * out[0..max) with the newest max of them and returns how many. */
size_t	events_list(const struct events *e, const struct event **out, size_t max);

/* One JSON-lines record exactly as SPEC §4:
 * {"time","type","reason","container","message","count"}, time = last_time. */
struct buf;
void	events_json_line(struct buf *b, const struct event *ev);
/* Those six fields into an object j has open: the one writer of an event,
 * shared by the --events lines and /events (which adds the timestamps). */
struct json;
void	events_json_fields(struct json *j, const struct event *ev);

#endif /* PODINIT_EVENTS_H */
