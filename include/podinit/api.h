/* api: the read-only status API, HTTP/1.1 on the loop, over a unix socket
 * (mode 0600, default /run/podinit.sock) and optionally TCP (--status-addr).
 *
 * Routes (GET and HEAD only; 405 for other methods, 400 for garbage, 404
 * for other paths; every response ends with Connection: close):
 *   /livez      200 "ok" while view->live, else 503
 *   /readyz     200 "ok" when the pod's Ready condition is True, else 503
 *   /status     PodStatus-shaped JSON          (render_status_json)
 *   /events     the recent events, JSON array  (render_events_json)
 *   /metrics    Prometheus text format 0.0.4   (render_metrics)
 *   /describe   the `podinit status` text      (render_describe);
 *               /describe?events gives only the Events block
 *   /version, /api/..., /apis/..., /kubeconfig: the read-only part of the
 *               Kubernetes API kubectl needs (SPEC §8, api_k8s.c): pods,
 *               events, watches, pods/NAME/log, metrics.k8s.io PodMetrics;
 *               writes there answer 405 with a v1.Status, unknown paths 404
 *
 * Bounded: API_MAX_CONNS connections (a new one evicts the oldest that has
 * not finished sending its request; 503 when all are busy writing), an
 * 8 KiB request head, 32 headers, API_REQUEST_TIMEOUT to send the head,
 * API_WRITE_TIMEOUT to take the answer.  Sockets are non-blocking; a slow
 * reader's unsent remainder is copied aside and sent on EPOLLOUT, so no
 * client ever blocks the loop. */
#ifndef PODINIT_API_H
#define PODINIT_API_H
#include <stdint.h>

#include "podinit/loop.h"
#include "podinit/spec.h"
#include "podinit/units.h"
#include "podinit/view.h"

#define API_DEFAULT_SOCKET	"/run/podinit.sock"
#define API_MAX_CONNS		64
#define API_REQUEST_TIMEOUT	(5 * NS_PER_SEC)
#define API_WRITE_TIMEOUT	(10 * NS_PER_SEC)

/* Called for every request that needs data: return the current view (the
 * supervisor may refresh cpu/memory/RSS here, rate-limited). */
typedef const struct pod_view *(*api_view_fn)(void *arg);

struct api;

/* Open the unix socket (unix_path NULL or "" = none; its directory is
 * created when missing; a stale socket file is replaced, a live one is
 * left alone) and, when tcp_addr is not NULL, "HOST:PORT" ("[::1]:9000",
 * ":9000" = all interfaces, port 0 = ephemeral).  What cannot be opened is
 * warned about once and skipped.  NULL only when nothing could be opened. */
struct api *api_start(struct loop *l, const char *unix_path, const char *tcp_addr,
	    api_view_fn fn, void *arg);
/* Close every connection and listener, unlink the socket file we created. */
void	api_stop(struct api *a);
/* The bound TCP port (useful with port 0), or -1 when there is no TCP listener. */
int	api_tcp_port(const struct api *a);
/* The unix socket path in use, or NULL. */
const char *api_unix_path(const struct api *a);
/* What kubelet knows beyond the view (node name, addresses) for the
 * Kubernetes API's Pod; f must outlive the api (NULL: none). */
void	api_set_facts(struct api *a, const struct pod_facts *f);
/* The pod view changed or a container's log grew: the watches and log
 * follows send what is new (a MODIFIED only when the pod's JSON changed). */
void	api_notify(struct api *a);
/* Only a container's log grew (super_hooks' output): the log follows
 * send it; the watches are not asked to render the pod again. */
void	api_notify_output(struct api *a);

#endif /* PODINIT_API_H */
