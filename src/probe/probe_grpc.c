/* probe_grpc: the grpc prober: grpc.health.v1.Health/Check over h2c
 * (plaintext HTTP/2, as kubelet) with nghttp2 doing the framing on a
 * non-blocking socket the loop watches.  The two protobuf messages are
 * encoded by hand.  K8S: pkg/probe/grpc/grpc.go Probe (messages below).
 *
 * nghttp2 allocates through a bump arena owned by the run (reset per
 * attempt), so an attempt allocates nothing and a hostile server that
 * floods headers or frames hits the arena limit: a Failure, not a leak. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <nghttp2/nghttp2.h>

#include "podinit/fdx.h"
#include "podinit/hosts.h"
#include "podinit/strconv.h"
#include "probe_internal.h"
#include "probe_io.h"
#include "probe_net.h"

#define GRPC_ARENA_SIZE	(256 * 1024)
#define GRPC_MSG_MAX	1024		/* a HealthCheckResponse is 2 bytes */
#define GRPC_PEND_MAX	(32 * 1024)
#define GRPC_SERVICE_MAX 1024

struct grpc_state {
	/* nghttp2's memory: [arena, arena + used). */
	unsigned char *arena;
	size_t	 used, high;
	bool	 oom;
	nghttp2_mem mem;
	nghttp2_session *session;
	int32_t	 stream_id;

	bool	 connected;	/* TCP up and the server's SETTINGS seen */
	bool	 tcp_up;
	bool	 closed;	/* our stream closed */
	uint32_t rst_code;	/* stream error code at close */
	int	 http_status;
	int	 grpc_status;	/* -1 = no grpc-status */
	char	 grpc_message[256];

	unsigned char msg[GRPC_MSG_MAX];
	size_t	 msg_len;
	bool	 msg_overflow;

	unsigned char body[5 + 3 + GRPC_SERVICE_MAX];	/* request frame */
	size_t	 body_len, body_off;

	unsigned char pend[GRPC_PEND_MAX];	/* bytes nghttp2 produced, not yet sent */
	size_t	 pend_len, pend_off;

	char	 addr[300];	/* "127.0.0.1:50051" for messages */
};

/* ---- nghttp2 memory: a bump arena with a size word per block ---------- */

static void *
h2mem_malloc(size_t size, void *ud)
{
	struct grpc_state *s = ud;
	size_t need = (size + 15) & ~(size_t)15;
	unsigned char *p;

	if (size > GRPC_ARENA_SIZE || s->used + 16 + need > GRPC_ARENA_SIZE) {
		s->oom = true;
		return NULL;
	}
	p = s->arena + s->used;
	memcpy(p, &size, sizeof size);
	s->used += 16 + need;
	if (s->used > s->high)
		s->high = s->used;
	return p + 16;
}

static void
h2mem_free(void *ptr, void *ud)
{
	(void)ptr;
	(void)ud;	/* reclaimed when the attempt ends */
}

static void *
h2mem_calloc(size_t nmemb, size_t size, void *ud)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		return NULL;
	p = h2mem_malloc(nmemb * size, ud);
	if (p != NULL)
		memset(p, 0, nmemb * size);
	return p;
}

static void *
h2mem_realloc(void *ptr, size_t size, void *ud)
{
	size_t old;
	void *p;

	if (ptr == NULL)
		return h2mem_malloc(size, ud);
	memcpy(&old, (unsigned char *)ptr - 16, sizeof old);
	if (size <= old)
		return ptr;
	p = h2mem_malloc(size, ud);
	if (p != NULL)
		memcpy(p, ptr, old);
	return p;
}

/* ---- state ------------------------------------------------------------- */

static void
grpc_state_free(void *p)
{
	struct grpc_state *s = p;

	if (s == NULL)
		return;
	if (s->session != NULL)
		nghttp2_session_del(s->session);
	free(s->arena);
	free(s);
}

static struct grpc_state *
grpc_state(struct probe_run *r)
{
	struct grpc_state *s;

	if (r->impl != NULL && r->impl_free != grpc_state_free) {
		if (r->impl_free != NULL)
			r->impl_free(r->impl);
		r->impl = NULL;
	}
	if (r->impl != NULL)
		return r->impl;
	s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	s->arena = malloc(GRPC_ARENA_SIZE);
	if (s->arena == NULL) {
		free(s);
		return NULL;
	}
	s->mem.mem_user_data = s;
	s->mem.malloc = h2mem_malloc;
	s->mem.free = h2mem_free;
	s->mem.calloc = h2mem_calloc;
	s->mem.realloc = h2mem_realloc;
	r->impl = s;
	r->impl_free = grpc_state_free;
	return s;
}

static void
session_end(struct grpc_state *s)
{
	if (s->session != NULL)
		nghttp2_session_del(s->session);
	s->session = NULL;
	s->used = 0;
	s->oom = false;
}

/* ---- results ----------------------------------------------------------- */

static const char *
code_name(int c)
{
	static const char *const names[] = {
		"OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded",
		"NotFound", "AlreadyExists", "PermissionDenied", "ResourceExhausted",
		"FailedPrecondition", "Aborted", "OutOfRange", "Unimplemented",
		"Internal", "Unavailable", "DataLoss", "Unauthenticated",
	};

	if (c >= 0 && c < (int)(sizeof names / sizeof names[0]))
		return names[c];
	return "Unknown";
}

static const char *
serving_name(uint64_t st)
{
	switch (st) {
	case 0: return "UNKNOWN";
	case 1: return "SERVING";
	case 2: return "NOT_SERVING";
	case 3: return "SERVICE_UNKNOWN";
	}
	return "UNKNOWN";
}

static void
grpc_end(struct probe_run *r, enum probe_result res, const char *msg)
{
	struct grpc_state *s = r->impl;

	session_end(s);
	probe_finish(r, res, false, "%s", msg);
}

static void
timeout_text(struct probe_run *r, char *out, size_t outsz)
{
	strconv_format_duration(r->deadline - r->started, out, outsz);
}

/* K8S: grpc.go: an RPC error other than Unimplemented / DeadlineExceeded. */
static void
rpc_error(struct probe_run *r, int code, const char *desc)
{
	char msg[PROBE_MESSAGE_MAX], to[32];

	if (code == 12) {
		snprintf(msg, sizeof msg, "error: this server does not implement the grpc "
		    "health protocol (grpc.health.v1.Health): %s", desc);
	} else if (code == 4) {
		timeout_text(r, to, sizeof to);
		snprintf(msg, sizeof msg, "timeout: health rpc did not complete within %s", to);
	} else
		snprintf(msg, sizeof msg, "error: health rpc probe failed: rpc error: "
		    "code = %s desc = %s", code_name(code), desc);
	grpc_end(r, PROBE_FAILURE, msg);
}

/* grpc-go's mapping of an HTTP status without grpc-status. */
static int
http_to_code(int st)
{
	switch (st) {
	case 400: return 13;
	case 401: return 16;
	case 403: return 7;
	case 404: return 12;
	case 429: case 502: case 503: case 504: return 14;
	}
	return 2;
}

static bool
read_varint(const unsigned char **p, const unsigned char *e, uint64_t *v)
{
	int shift = 0;

	*v = 0;
	while (*p < e && shift < 64) {
		unsigned char c = *(*p)++;

		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return true;
		shift += 7;
	}
	return false;
}

/* HealthCheckResponse { ServingStatus status = 1; }: -1 on bad bytes. */
static int
parse_response(const unsigned char *p, size_t n, uint64_t *status)
{
	const unsigned char *e = p + n;

	*status = 0;
	while (p < e) {
		uint64_t key, v;

		if (!read_varint(&p, e, &key))
			return -1;
		switch (key & 7) {
		case 0:
			if (!read_varint(&p, e, &v))
				return -1;
			if (key >> 3 == 1)
				*status = v;
			break;
		case 1:
			if (e - p < 8)
				return -1;
			p += 8;
			break;
		case 2:
			if (!read_varint(&p, e, &v) || v > (uint64_t)(e - p))
				return -1;
			p += v;
			break;
		case 5:
			if (e - p < 4)
				return -1;
			p += 4;
			break;
		default:
			return -1;
		}
	}
	return 0;
}

static void
stream_done(struct probe_run *r, struct grpc_state *s)
{
	uint64_t status;
	uint32_t len;

	if (s->grpc_status < 0) {
		char desc[256];

		if (s->http_status != 0 && s->http_status != 200) {
			snprintf(desc, sizeof desc,
			    "unexpected HTTP status code received from server: %d", s->http_status);
			rpc_error(r, http_to_code(s->http_status), desc);
		} else if (s->rst_code != 0) {
			snprintf(desc, sizeof desc,
			    "stream terminated by RST_STREAM with error code: %s",
			    nghttp2_http2_strerror(s->rst_code));
			rpc_error(r, 13, desc);
		} else
			rpc_error(r, 13, "server closed the stream without sending trailers");
		return;
	}
	if (s->grpc_status != 0) {
		rpc_error(r, s->grpc_status, s->grpc_message);
		return;
	}
	if (s->msg_overflow || s->msg_len < 5 || s->msg[0] != 0) {
		rpc_error(r, 13, "grpc: failed to unmarshal the received message");
		return;
	}
	len = (uint32_t)s->msg[1] << 24 | (uint32_t)s->msg[2] << 16 |
	    (uint32_t)s->msg[3] << 8 | s->msg[4];
	if (len != s->msg_len - 5 || parse_response(s->msg + 5, len, &status) == -1) {
		rpc_error(r, 13, "grpc: failed to unmarshal the received message");
		return;
	}
	if (status == 1)
		grpc_end(r, PROBE_SUCCESS, "service healthy");
	else {
		char msg[128];

		snprintf(msg, sizeof msg, "service unhealthy (responded with \"%s\")",
		    serving_name(status));
		grpc_end(r, PROBE_FAILURE, msg);
	}
}

/* ---- nghttp2 callbacks -------------------------------------------------- */

static void
percent_decode(char *dst, size_t dstsz, const uint8_t *v, size_t n)
{
	size_t o = 0, i;

	for (i = 0; i < n && o + 1 < dstsz; i++) {
		if (v[i] == '%' && i + 2 < n) {
			char hex[3] = { (char)v[i + 1], (char)v[i + 2], 0 };
			char *end;
			long c = strtol(hex, &end, 16);

			if (*end == '\0') {
				dst[o++] = (char)c;
				i += 2;
				continue;
			}
		}
		dst[o++] = (char)v[i];
	}
	dst[o] = '\0';
}

static int
on_header(nghttp2_session *session, const nghttp2_frame *frame, const uint8_t *name,
    size_t namelen, const uint8_t *value, size_t valuelen, uint8_t flags, void *ud)
{
	struct probe_run *r = ud;
	struct grpc_state *s = r->impl;

	(void)session;
	(void)flags;
	if (frame->hd.type != NGHTTP2_HEADERS || frame->hd.stream_id != s->stream_id)
		return 0;
	if (namelen == 7 && memcmp(name, ":status", 7) == 0) {
		int v = 0;

		for (size_t i = 0; i < valuelen && i < 3; i++)
			v = v * 10 + (value[i] - '0');
		s->http_status = v;
	} else if (namelen == 11 && memcmp(name, "grpc-status", 11) == 0) {
		int v = 0;

		for (size_t i = 0; i < valuelen && i < 4; i++) {
			if (value[i] < '0' || value[i] > '9')
				break;
			v = v * 10 + (value[i] - '0');
		}
		s->grpc_status = v;
	} else if (namelen == 12 && memcmp(name, "grpc-message", 12) == 0) {
		percent_decode(s->grpc_message, sizeof s->grpc_message, value, valuelen);
	}
	return 0;
}

static int
on_data(nghttp2_session *session, uint8_t flags, int32_t stream_id, const uint8_t *data,
    size_t len, void *ud)
{
	struct probe_run *r = ud;
	struct grpc_state *s = r->impl;

	(void)session;
	(void)flags;
	if (stream_id != s->stream_id)
		return 0;
	if (len > sizeof s->msg - s->msg_len) {
		s->msg_overflow = true;
		len = sizeof s->msg - s->msg_len;
	}
	memcpy(s->msg + s->msg_len, data, len);
	s->msg_len += len;
	return 0;
}

static int
on_frame(nghttp2_session *session, const nghttp2_frame *frame, void *ud)
{
	struct probe_run *r = ud;
	struct grpc_state *s = r->impl;

	(void)session;
	if (frame->hd.type == NGHTTP2_SETTINGS && !(frame->hd.flags & NGHTTP2_FLAG_ACK))
		s->connected = true;
	return 0;
}

static int
on_close(nghttp2_session *session, int32_t stream_id, uint32_t error_code, void *ud)
{
	struct probe_run *r = ud;
	struct grpc_state *s = r->impl;

	(void)session;
	if (stream_id == s->stream_id) {
		s->closed = true;
		s->rst_code = error_code;
	}
	return 0;
}

static ssize_t
body_read(nghttp2_session *session, int32_t stream_id, uint8_t *buf, size_t length,
    uint32_t *data_flags, nghttp2_data_source *source, void *ud)
{
	struct probe_run *r = ud;
	struct grpc_state *s = r->impl;
	size_t n = s->body_len - s->body_off;

	(void)session;
	(void)stream_id;
	(void)source;
	if (n > length)
		n = length;
	memcpy(buf, s->body + s->body_off, n);
	s->body_off += n;
	if (s->body_off == s->body_len)
		*data_flags |= NGHTTP2_DATA_FLAG_EOF;
	return (ssize_t)n;
}

static nghttp2_session_callbacks *
callbacks(void)
{
	static nghttp2_session_callbacks *cbs;

	if (cbs == NULL && nghttp2_session_callbacks_new(&cbs) == 0) {
		nghttp2_session_callbacks_set_on_header_callback(cbs, on_header);
		nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, on_data);
		nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, on_frame);
		nghttp2_session_callbacks_set_on_stream_close_callback(cbs, on_close);
	}
	return cbs;
}

/* ---- I/O ---------------------------------------------------------------- */

/* Connection-level failure after connect. */
static void
conn_error(struct probe_run *r, const char *desc)
{
	struct grpc_state *s = r->impl;
	char msg[PROBE_MESSAGE_MAX];

	if (!s->connected) {
		snprintf(msg, sizeof msg, "error: failed to connect service at \"%s\": %s",
		    s->addr, desc);
		grpc_end(r, PROBE_FAILURE, msg);
		return;
	}
	rpc_error(r, 14, desc);
}

/* Send what nghttp2 has queued; false when the attempt ended. */
static bool
flush(struct probe_run *r, struct grpc_state *s)
{
	for (;;) {
		ssize_t n;

		if (s->pend_off == s->pend_len) {
			const uint8_t *data;
			ssize_t k;

			s->pend_off = s->pend_len = 0;
			k = nghttp2_session_mem_send(s->session, &data);
			if (k < 0) {
				conn_error(r, nghttp2_strerror((int)k));
				return false;
			}
			if (k == 0)
				return true;
			if ((size_t)k > sizeof s->pend) {
				conn_error(r, "http2: frame too large");
				return false;
			}
			memcpy(s->pend, data, (size_t)k);
			s->pend_len = (size_t)k;
		}
		n = probe_io_write(r->fd, NULL, s->pend + s->pend_off, s->pend_len - s->pend_off);
		if (n == PROBE_IO_WANT_WRITE)
			return true;
		if (n == PROBE_IO_ERROR) {
			char msg[200];

			probe_io_error(NULL, "write", errno, msg, sizeof msg);
			conn_error(r, msg);
			return false;
		}
		s->pend_off += (size_t)n;
	}
}

static void
update_watch(struct probe_run *r, struct grpc_state *s)
{
	uint32_t ev = EPOLLIN;

	if (s->pend_off < s->pend_len || nghttp2_session_want_write(s->session))
		ev |= EPOLLOUT;
	if (loop_watch_modify(r->loop, &r->w, ev) == -1)
		grpc_end(r, PROBE_UNKNOWN, "grpc probe: epoll failed");
}

static bool
do_read(struct probe_run *r, struct grpc_state *s)
{
	unsigned char buf[16384];

	for (;;) {
		ssize_t n = probe_io_read(r->fd, NULL, buf, sizeof buf), k;

		if (n == PROBE_IO_WANT_READ)
			return true;
		if (n == PROBE_IO_ERROR) {
			char msg[200];

			probe_io_error(NULL, "read", errno, msg, sizeof msg);
			conn_error(r, msg);
			return false;
		}
		if (n == 0) {
			conn_error(r, s->connected ? "error reading from server: EOF" : "EOF");
			return false;
		}
		k = nghttp2_session_mem_recv(s->session, buf, (size_t)n);
		if (k < 0) {
			conn_error(r, s->oom ? "http2: out of probe memory" : nghttp2_strerror((int)k));
			return false;
		}
		if (s->closed) {
			stream_done(r, s);
			return false;
		}
	}
}

static void
on_event(struct loop *l, struct watcher *w, uint32_t events)
{
	struct probe_run *r = w->arg;
	struct grpc_state *s = r->impl;

	(void)l;
	if (!s->tcp_up) {
		int err = probe_net_so_error(r->fd);
		char msg[PROBE_MESSAGE_MAX];

		if (err != 0) {
			probe_net_dial_error(msg, sizeof msg, r->h->host, r->h->port, err);
			conn_error(r, msg);
			return;
		}
		s->tcp_up = true;
	}
	if ((events & EPOLLIN) && !do_read(r, s))
		return;
	if (!flush(r, s))
		return;
	update_watch(r, s);
}

static int
start_session(struct probe_run *r, struct grpc_state *s)
{
	const char *svc = r->h->grpc_service ? r->h->grpc_service : "";
	size_t sl = strlen(svc), pl = 0;
	unsigned char *b = s->body;
	char timeout[32];
	int64_t ms = r->deadline ? (r->deadline - r->started) / 1000000 : 0;
	nghttp2_nv nva[8];
	size_t nv = 0;
	nghttp2_data_provider prd;
	nghttp2_session_callbacks *cbs = callbacks();

#define NV(n, v) do { \
		nva[nv].name = (uint8_t *)(n); nva[nv].namelen = strlen(n); \
		nva[nv].value = (uint8_t *)(v); nva[nv].valuelen = strlen(v); \
		nva[nv].flags = NGHTTP2_NV_FLAG_NONE; nv++; \
	} while (0)

	if (cbs == NULL || sl > GRPC_SERVICE_MAX)
		return -1;
	/* HealthCheckRequest { string service = 1; }, in a gRPC frame. */
	if (sl > 0)
		pl = 1 + (sl < 128 ? 1 : 2) + sl;
	b[0] = 0;
	b[1] = (unsigned char)(pl >> 24);
	b[2] = (unsigned char)(pl >> 16);
	b[3] = (unsigned char)(pl >> 8);
	b[4] = (unsigned char)pl;
	s->body_len = 5;
	if (sl > 0) {
		b[s->body_len++] = 0x0a;
		if (sl < 128)
			b[s->body_len++] = (unsigned char)sl;
		else {
			b[s->body_len++] = (unsigned char)(0x80 | (sl & 0x7f));
			b[s->body_len++] = (unsigned char)(sl >> 7);
		}
		memcpy(b + s->body_len, svc, sl);
		s->body_len += sl;
	}
	s->body_off = 0;

	if (nghttp2_session_client_new3(&s->session, cbs, r, NULL, &s->mem) != 0)
		return -1;
	if (nghttp2_submit_settings(s->session, NGHTTP2_FLAG_NONE, NULL, 0) != 0)
		return -1;
	snprintf(timeout, sizeof timeout, "%lldm", (long long)(ms > 0 ? ms : 1));
	NV(":method", "POST");
	NV(":scheme", "http");
	NV(":path", "/grpc.health.v1.Health/Check");
	NV(":authority", s->addr);
	NV("content-type", "application/grpc");
	NV("user-agent", "kube-probe/" PROBE_K8S_VERSION);
	NV("te", "trailers");
	if (ms > 0)
		NV("grpc-timeout", timeout);
#undef NV
	prd.source.ptr = NULL;
	prd.read_callback = body_read;
	s->stream_id = nghttp2_submit_request(s->session, NULL, nva, nv, &prd, r);
	return s->stream_id < 0 ? -1 : 0;
}

int
probe_grpc_begin(struct probe_run *r)
{
	struct grpc_state *s = grpc_state(r);
	bool connected;
	char msg[PROBE_MESSAGE_MAX];

	if (s == NULL) {
		probe_finish(r, PROBE_UNKNOWN, false, "grpc probe: out of memory");
		return -1;
	}
	session_end(s);
	s->connected = s->tcp_up = s->closed = s->msg_overflow = false;
	s->rst_code = 0;
	s->http_status = 0;
	s->grpc_status = -1;
	s->grpc_message[0] = '\0';
	s->msg_len = 0;
	s->pend_len = s->pend_off = 0;
	hosts_join(s->addr, sizeof s->addr, r->h->host, r->h->port);
	if (start_session(r, s) == -1) {
		session_end(s);
		probe_finish(r, PROBE_UNKNOWN, false, "grpc probe: cannot set up the HTTP/2 session");
		return -1;
	}
	if (probe_net_connect(r->h->host, r->h->port, PROBE_NET_NODELAY | PROBE_NET_LOOK,
	    &r->fd, &connected) == -1) {
		probe_net_dial_error(msg, sizeof msg, r->h->host, r->h->port, errno);
		conn_error(r, msg);
		return -1;
	}
	watcher_init(&r->w, on_event, r);
	if (loop_watch(r->loop, &r->w, r->fd, EPOLLOUT | EPOLLIN) == -1) {
		grpc_end(r, PROBE_UNKNOWN, "grpc probe: epoll failed");
		return -1;
	}
	return 0;
}

void
probe_grpc_timeout(struct probe_run *r)
{
	struct grpc_state *s = r->impl;
	char to[32];

	timeout_text(r, to, sizeof to);
	if (s == NULL || !s->connected) {
		probe_finish(r, PROBE_FAILURE, false,
		    "timeout: failed to connect service \"%s\" within %s: context deadline exceeded",
		    s ? s->addr : "", to);
		if (s != NULL)
			session_end(s);
		return;
	}
	rpc_error(r, 4, "context deadline exceeded");
}
