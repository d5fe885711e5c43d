/* render: pure renderers from a read-only struct pod_view: the /status JSON
 * (shaped like Kubernetes' PodStatus), the /events JSON array, the
 * Prometheus text format 0.0.4 for /metrics, and the `kubectl describe
 * pod`-like text of `podinit status`.  No syscalls, no clock reads: the
 * caller passes the realtime `now` where ages are shown.  Output goes into a
 * bounded buf; on b->overflow the caller retries with a bigger one. */
#ifndef PODINIT_RENDER_H
#define PODINIT_RENDER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/buf.h"
#include "podinit/events.h"
#include "podinit/spec.h"
#include "podinit/view.h"

const char *render_cond_name(enum view_cond c);		/* "Initialized", "Ready", ... */
/* Is the condition in the pod's status (AllContainersRestarting only when
 * published)? */
bool	render_cond_shown(const struct pod_view *v, enum view_cond c);

/* PodStatus's fields, and under "spec" what the pod runs with that a user
 * checks beside its status: each container's env, envFrom and
 * volumeMounts and the pod's volumes (render_spec_json). */
void	render_status_json(struct buf *b, const struct pod_view *v);
/* PodStatus's own fields (phase, conditions, message, reason, startTime,
 * initContainerStatuses, containerStatuses) into an object j has open:
 * the one writer of them, for /status and the API's v1.Pod (k8s_pod). */
struct json;
void	render_pod_status_fields(struct json *j, const struct pod_view *v);
/* The part of a PodSpec the status shows, as one JSON object shaped as the
 * API server shows it: {"initContainers"?, "containers": [{"name", "env"?,
 * "envFrom"?, "volumeMounts"?}], "volumes"?}.  A ConfigMap's or Secret's
 * key is shown as valueFrom, never its value. */
void	render_spec_json(struct json *j, const struct pod_spec *p);
/* A Container's "env" and "envFrom" (as written; a Secret's key only as
 * valueFrom), and its "volumeMounts", into an object j has open.
 * resolved: a fieldRef's or resourceFieldRef's value beside its valueFrom
 * (/status); the API's Pod has only the valueFrom. */
void	render_container_env_fields(struct json *j, const struct container_spec *c, bool resolved);
void	render_container_mounts_field(struct json *j, const struct container_spec *c);
/* One Volume as a PodSpec holds it (the source, never a payload). */
void	render_volume_json(struct json *j, const struct volume_spec *v);
/* A byte count as a Kubernetes quantity, the shorter of "64Mi" and "1G". */
void	render_quantity_bytes(struct buf *b, int64_t v);
void	render_events_json(struct buf *b, const struct events *e);	/* e may be NULL: [] */
/* The same array into an open JSON value. */
void	render_events_array(struct json *j, const struct events *e);
void	render_metrics(struct buf *b, const struct pod_view *v);
void	render_describe(struct buf *b, const struct pod_view *v, int64_t real_now);
/* Only the "Events:" block of the describe text (From kubelet, or from). */
void	render_events_table(struct buf *b, const struct events *e, int64_t real_now);
void	render_events_table_from(struct buf *b, const struct events *e, int64_t real_now,
	    const char *from);
/* The pieces render_job.c shares: a "key": RFC 3339 time (null for 0),
 * and a describe "Key:   " at indent with its value at column col. */
void	render_json_time(struct json *j, const char *key, int64_t real_ns);
void	render_kv_begin(struct buf *b, int indent, int col, const char *key);
/* kubectl describe's column for a top-level "Name:" ... value. */
#define RENDER_TOP_COL 18

/* kubectl's one-line probe form: "http-get http://:80/index.html delay=1s
 * timeout=10s period=3s #success=1 #failure=3", "exec [cat /tmp/healthy] ...",
 * "tcp-socket :8080 ...", "grpc <pod>:2379 svc ...". */
void	render_probe_line(struct buf *b, const struct probe_spec *p);
/* kubectl's HumanDuration: "12s", "3m4s", "15m", "5h3m", "3d4h", ... */
void	render_human_duration(int64_t ns, char *out, size_t outsz);
/* RFC 1123 with numeric zone, as kubectl describe: "Mon, 02 Jan 2006 15:04:05 +0000". */
void	render_rfc1123z(int64_t real_ns, char *out, size_t outsz);

#endif /* PODINIT_RENDER_H */
