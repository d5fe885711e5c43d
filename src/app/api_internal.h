/* api_internal.h: what the status API's two files share (private to
 * src/app/): api.c owns the listeners, the connections and HTTP framing;
 * api_k8s.c the Kubernetes API routes (SPEC §8), whose watches, log
 * follows and their buffers live on the same connections. */
#ifndef PODINIT_API_INTERNAL_H
#define PODINIT_API_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/un.h>

#include "podinit/api.h"
#include "podinit/buf.h"
#include "podinit/http_parse.h"
#include "podinit/k8s_event.h"
#include "podinit/loop.h"

#define ACCEPT_BURST	64		/* per wake-up, so probes keep their turn */
#define LINGER_NS	(1LL * NS_PER_SEC)	/* wait for the client's FIN after answering */
#define PAUSE_NS	(100LL * NS_PER_MS)	/* accept paused after EMFILE */
#define HEADROOM	512		/* bytes before the body for the head */
#define SCRATCH_MIN	(256 * 1024)
#define SCRATCH_MAX	(64 * 1024 * 1024)
/* SPEC §8: streams (watches, log follows) hold a slot each; at most this
 * many, so the status API keeps room for plain requests. */
#define API_MAX_STREAMS	(API_MAX_CONNS / 2)
/* A stream's unsent bytes: a reader slower than this is closed. */
#define STREAM_BUF_MAX	(4u << 20)

enum conn_state {
	CONN_FREE = 0,
	CONN_READING,		/* waiting for a complete request head */
	CONN_WRITING,		/* the answer's remainder waits for EPOLLOUT */
	CONN_DRAINING,		/* answered and shut down for writing */
	CONN_STREAMING,		/* a watch or a log follow: chunks as things change */
};

struct api;
struct api_stream;		/* api_k8s.c's */

struct api_conn {
	struct api *api;
	enum conn_state state;
	int	 fd;
	struct watcher w;
	struct timer t;
	uint64_t seq;		/* accept order: the oldest is evicted first */
	struct api_stream *stream;	/* CONN_STREAMING: what it follows */
	size_t	 in_len;
	char	 in[HTTP_REQ_HEAD_MAX];
	char	*out;		/* heap copy of the unsent answer (a stream: its buffer) */
	size_t	 out_len, out_off, out_cap;
};

struct api_listener {
	struct api *api;
	int	 fd;
	struct watcher w;
};

struct api {
	struct loop *loop;
	api_view_fn fn;
	void	*arg;
	struct api_listener lis[2];	/* unix, tcp */
	char	 unix_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	bool	 unix_created;
	int	 tcp_port;
	char	 tcp_host[64];		/* as --status-addr gave it, for the kubeconfig */
	struct api_conn conns[API_MAX_CONNS];
	uint64_t seq;
	char	*scratch;
	size_t	 scratch_cap;
	struct timer resume;
	bool	 paused;
	bool	 warned_accept;
	/* SPEC §8 (api_k8s.c) */
	const struct pod_facts *facts;	/* node name and addresses; may be NULL */
	uint64_t pod_rv;		/* the pod's resourceVersion */
	uint64_t pod_hash;		/* of its JSON at pod_rv */
	struct k8s_event_ref *refs;	/* K8S_EVENTS_MAX, allocated at the first use */
	double	*cpu_base;		/* PodMetrics: the last sample per container */
	size_t	 n_cpu_base;
	int64_t	 cpu_base_at;		/* realtime ns, 0 = none */
	size_t	 n_streams;
};

typedef void api_render_fn(struct buf *b, void *ctx);

/* api.c */
void	api_conn_close(struct api_conn *c);
void	api_respond(struct api_conn *c, int code, const char *ctype, const char *body,
	    size_t body_len, bool head_only, const char *extra);
/* fn into the scratch after HEADROOM (grown on overflow up to
 * SCRATCH_MAX) then answered with code; 500 when it cannot fit. */
void	api_respond_rendered(struct api_conn *c, int code, const char *ctype, api_render_fn *fn,
	    void *ctx, bool head_only);
/* fn into the scratch, grown as above: b is set to it; -1 when too large. */
int	api_render(struct api *a, api_render_fn *fn, void *ctx, struct buf *b);
/* Start streaming on c: the head (chunked) is sent; c->stream is st. */
int	api_stream_begin(struct api_conn *c, const char *ctype, struct api_stream *st);
/* Queue one chunk (a frame, a piece of log); the connection is closed
 * when the reader is STREAM_BUF_MAX behind: -1 then. */
int	api_stream_chunk(struct api_conn *c, const char *p, size_t len);
/* The last chunk; the connection then finishes as an answer. */
void	api_stream_end(struct api_conn *c);

/* api_k8s.c */
bool	api_k8s_path(const struct http_request *req);
void	api_k8s_handle(struct api_conn *c, const struct http_request *req);
/* The view changed (every stream's next frames) or only a log grew
 * (logs_only: the log streams; the watches' Pod did not change). */
void	api_k8s_notify(struct api *a, bool logs_only);
/* A stream's buffer was sent: a log stream reads on. */
void	api_k8s_stream_pump(struct api_conn *c);
/* A stream's connection is closed: free what it holds. */
void	api_k8s_stream_free(struct api_conn *c);
/* The stream's deadline (timeoutSeconds) passed. */
void	api_k8s_stream_timeout(struct api_conn *c);
void	api_k8s_free(struct api *a);

#endif /* PODINIT_API_INTERNAL_H */
