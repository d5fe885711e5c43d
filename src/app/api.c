/* api: the status API server.  Everything runs on the loop: listeners and
 * connections are level-triggered watchers, each connection has one timer
 * for its current deadline, and no call ever blocks.  Connection slots are
 * allocated once at start; the only steady-state allocation is the copy of
 * an answer a slow reader has not taken yet (bounded by API_MAX_CONNS),
 * and a stream's buffer (a watch, a log follow: STREAM_BUF_MAX each, at
 * most API_MAX_STREAMS).  The Kubernetes API's routes are api_k8s.c's. */
#include "podinit/api.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "podinit/buf.h"
#include "podinit/clock.h"
#include "podinit/fdx.h"
#include "podinit/hostport.h"
#include "podinit/http_parse.h"
#include "podinit/log.h"
#include "podinit/render.h"

#include "api_internal.h"

static void conn_close(struct api_conn *c);

/* ---- responses ---------------------------------------------------------- */

static const char *
status_text(int code)
{
	switch (code) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default: return "Error";
	}
}

static void
conn_arm(struct api_conn *c, int64_t timeout)
{
	timer_start(c->api->loop, &c->t, loop_now(c->api->loop) + timeout);
}

/* Answer sent: half-close and wait briefly for the client's FIN, so
 * closing with unread request bytes does not turn into an RST that could
 * destroy the answer in flight. */
static void
conn_finish(struct api_conn *c)
{
	free(c->out);
	c->out = NULL;
	c->out_len = c->out_off = 0;
	(void)shutdown(c->fd, SHUT_WR);
	c->state = CONN_DRAINING;
	if (loop_watch_modify(c->api->loop, &c->w, EPOLLIN) == -1) {
		conn_close(c);
		return;
	}
	conn_arm(c, LINGER_NS);
}

/* Send p[0..len): what the socket does not take now is copied aside. */
static void
conn_send(struct api_conn *c, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = send(c->fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		conn_close(c);
		return;
	}
	if (len == 0) {
		conn_finish(c);
		return;
	}
	if ((c->out = malloc(len)) == NULL) {
		conn_close(c);
		return;
	}
	memcpy(c->out, p, len);
	c->out_len = len;
	c->out_off = 0;
	c->state = CONN_WRITING;
	if (loop_watch_modify(c->api->loop, &c->w, EPOLLOUT) == -1) {
		conn_close(c);
		return;
	}
	conn_arm(c, API_WRITE_TIMEOUT);
}

/* The head goes into the HEADROOM bytes right before the body so the
 * whole answer is one contiguous send. */
void
api_respond(struct api_conn *c, int code, const char *ctype, const char *body,
    size_t body_len, bool head_only, const char *extra)
{
	struct api *a = c->api;
	char head[HEADROOM];
	int hl;

	hl = snprintf(head, sizeof head,
	    "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
	    "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n%s"
	    "Connection: close\r\n\r\n",
	    code, status_text(code), ctype, body_len, extra ? extra : "");
	if (hl < 0 || (size_t)hl >= sizeof head) {
		conn_close(c);
		return;
	}
	if (body != a->scratch + HEADROOM) {
		/* Small static bodies: copy after the head in scratch. */
		if (body_len > a->scratch_cap - HEADROOM)
			body_len = a->scratch_cap - HEADROOM;
		memmove(a->scratch + HEADROOM, body, body_len);
	}
	memcpy(a->scratch + HEADROOM - hl, head, (size_t)hl);
	conn_send(c, a->scratch + HEADROOM - hl, (size_t)hl + (head_only ? 0 : body_len));
}

static void
respond_text(struct api_conn *c, int code, const char *text, bool head_only, const char *extra)
{
	api_respond(c, code, "text/plain; charset=utf-8", text, strlen(text), head_only, extra);
}

enum route {
	ROUTE_STATUS,
	ROUTE_EVENTS,
	ROUTE_METRICS,
	ROUTE_DESCRIBE,
	ROUTE_DESCRIBE_EVENTS,
};

static void
render_route(struct buf *b, enum route r, const struct pod_view *v, int64_t real_now)
{
	switch (r) {
	case ROUTE_STATUS:
		render_status_json(b, v);
		break;
	case ROUTE_EVENTS:
		render_events_json(b, v->events);
		break;
	case ROUTE_METRICS:
		render_metrics(b, v);
		break;
	case ROUTE_DESCRIBE:
		render_describe(b, v, real_now);
		break;
	case ROUTE_DESCRIBE_EVENTS:
		render_events_table(b, v->events, real_now);
		break;
	}
}

/* Render into scratch after HEADROOM, growing scratch on overflow: it
 * settles at the pod's size after the first few requests. */
int
api_render(struct api *a, api_render_fn *fn, void *ctx, struct buf *b)
{
	for (;;) {
		buf_init(b, a->scratch + HEADROOM, a->scratch_cap - HEADROOM);
		fn(b, ctx);
		if (!b->overflow)
			return 0;
		if (a->scratch_cap >= SCRATCH_MAX) {
			log_warnx("status api: answer larger than %d bytes", SCRATCH_MAX);
			return -1;
		}
		char *bigger = realloc(a->scratch, a->scratch_cap * 2);
		if (bigger == NULL)
			return -1;
		a->scratch = bigger;
		a->scratch_cap *= 2;
	}
}

void
api_respond_rendered(struct api_conn *c, int code, const char *ctype, api_render_fn *fn,
    void *ctx, bool head_only)
{
	struct buf b;

	if (api_render(c->api, fn, ctx, &b) == -1) {
		respond_text(c, 500, "answer too large\n", head_only, NULL);
		return;
	}
	api_respond(c, code, ctype, b.p, b.len, head_only, NULL);
}

struct route_ctx {
	enum route r;
	const struct pod_view *v;
	int64_t	 real_now;
};

static void
render_route_fn(struct buf *b, void *arg)
{
	struct route_ctx *rc = arg;

	render_route(b, rc->r, rc->v, rc->real_now);
}

static void
respond_rendered(struct api_conn *c, enum route r, const struct pod_view *v,
    const char *ctype, bool head_only)
{
	struct route_ctx rc = { r, v, loop_real_now(c->api->loop) };

	api_respond_rendered(c, 200, ctype, render_route_fn, &rc, head_only);
}

static bool
path_is(const struct http_request *req, const char *p)
{
	size_t n = strlen(p);

	return req->path_len == n && memcmp(req->target, p, n) == 0;
}

static void
handle(struct api_conn *c, const struct http_request *req)
{
	const struct pod_view *v;
	bool head;

	if (api_k8s_path(req)) {
		api_k8s_handle(c, req);
		return;
	}
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		respond_text(c, 405, "method not allowed\n", false, "Allow: GET, HEAD\r\n");
		return;
	}
	head = strcmp(req->method, "HEAD") == 0;
	if (path_is(req, "/livez")) {
		v = c->api->fn(c->api->arg);
		if (v && v->live)
			respond_text(c, 200, "ok\n", head, NULL);
		else
			respond_text(c, 503, "not live\n", head, NULL);
	} else if (path_is(req, "/readyz")) {
		v = c->api->fn(c->api->arg);
		if (v && v->conditions[VIEW_COND_READY].status)
			respond_text(c, 200, "ok\n", head, NULL);
		else
			respond_text(c, 503, "not ready\n", head, NULL);
	} else if (path_is(req, "/status") || path_is(req, "/events") ||
	    path_is(req, "/metrics") || path_is(req, "/describe")) {
		enum route r;
		const char *ctype = "application/json";

		if ((v = c->api->fn(c->api->arg)) == NULL) {
			respond_text(c, 503, "no status yet\n", head, NULL);
			return;
		}
		if (path_is(req, "/status"))
			r = ROUTE_STATUS;
		else if (path_is(req, "/events"))
			r = ROUTE_EVENTS;
		else if (path_is(req, "/metrics")) {
			r = ROUTE_METRICS;
			ctype = "text/plain; version=0.0.4; charset=utf-8";
		} else {
			r = req->query && strcmp(req->query, "events") == 0 ?
			    ROUTE_DESCRIBE_EVENTS : ROUTE_DESCRIBE;
			ctype = "text/plain; charset=utf-8";
		}
		respond_rendered(c, r, v, ctype, head);
	} else
		respond_text(c, 404, "not found\n", head, NULL);
}

/* ---- connections -------------------------------------------------------- */

static void
conn_close(struct api_conn *c)
{
	if (c->state == CONN_FREE)
		return;
	if (c->stream != NULL)
		api_k8s_stream_free(c);
	loop_unwatch(c->api->loop, &c->w);
	timer_stop(c->api->loop, &c->t);
	fdx_close(&c->fd);
	free(c->out);
	c->out = NULL;
	c->out_len = c->out_off = c->out_cap = 0;
	c->in_len = 0;
	c->state = CONN_FREE;
}

void
api_conn_close(struct api_conn *c)
{
	conn_close(c);
}

static void
conn_read(struct api_conn *c)
{
	struct http_request req;
	ssize_t n, r;
	bool eof = false;

	for (;;) {
		if (c->in_len == sizeof c->in)
			break;
		n = recv(c->fd, c->in + c->in_len, sizeof c->in - c->in_len, MSG_DONTWAIT);
		if (n > 0) {
			c->in_len += (size_t)n;
			continue;
		}
		if (n == 0) {
			/* The client closed its side (`nc -N`, shutdown(SHUT_WR))
			 * right after its request: the request may be in the
			 * buffer already, and the client still reads. */
			eof = true;
			break;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;
		conn_close(c);
		return;
	}
	r = http_request_parse(c->in, c->in_len, &req);
	if (r == 0 && c->in_len < sizeof c->in) {
		if (eof)
			conn_close(c);	/* EOF before a complete request */
		return;			/* else wait for more, within the deadline */
	}
	if (r <= 0) {
		int code = r == 0 ? 431 : req.error_status;
		char text[128];

		if (code == 501)	/* an overlong method is still a method */
			code = 405;
		snprintf(text, sizeof text, "%s\n", r == 0 ? "request head too large" :
		    req.error ? req.error : status_text(code));
		respond_text(c, code, text, false, code == 405 ? "Allow: GET, HEAD\r\n" : NULL);
		return;
	}
	handle(c, &req);
}

/* Send out[out_off..out_len): 1 when all went, 0 when the socket takes
 * no more now, -1 when the connection was closed. */
static int
send_pending(struct api_conn *c)
{
	ssize_t n;

	while (c->out_off < c->out_len) {
		n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			c->out_off += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		conn_close(c);
		return -1;
	}
	return 1;
}

static void
conn_write(struct api_conn *c)
{
	if (send_pending(c) == 1)
		conn_finish(c);
}

/* ---- streams (SPEC §8: watches, log follows) ---------------------------- */

/* Send what the stream's buffer holds; wait for EPOLLOUT when the socket
 * takes no more.  -1 when the connection was closed. */
static int
stream_flush(struct api_conn *c)
{
	if (send_pending(c) == -1)
		return -1;
	if (c->out_off == c->out_len)
		c->out_off = c->out_len = 0;
	if (loop_watch_modify(c->api->loop, &c->w,
	    EPOLLIN | (c->out_len ? EPOLLOUT : 0)) == -1) {
		conn_close(c);
		return -1;
	}
	return 0;
}

/* Append to the stream's buffer, bounded by STREAM_BUF_MAX. */
static int
stream_queue(struct api_conn *c, const char *p, size_t len)
{
	size_t pending = c->out_len - c->out_off;

	if (pending + len > STREAM_BUF_MAX) {
		log_warnx("status api: a stream's reader is %zu bytes behind: closed",
		    pending + len);
		conn_close(c);
		return -1;
	}
	if (c->out_off > 0) {
		memmove(c->out, c->out + c->out_off, pending);
		c->out_off = 0;
		c->out_len = pending;
	}
	if (c->out_len + len > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap : 4096;
		char *bigger;

		while (cap < c->out_len + len)
			cap *= 2;
		if ((bigger = realloc(c->out, cap)) == NULL) {
			conn_close(c);
			return -1;
		}
		c->out = bigger;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, p, len);
	c->out_len += len;
	return 0;
}

int
api_stream_begin(struct api_conn *c, const char *ctype, struct api_stream *st)
{
	char head[HEADROOM];
	int hl;

	hl = snprintf(head, sizeof head,
	    "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nTransfer-Encoding: chunked\r\n"
	    "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
	    "Connection: close\r\n\r\n", ctype);
	c->stream = st;
	c->state = CONN_STREAMING;
	timer_stop(c->api->loop, &c->t);
	if (hl < 0 || (size_t)hl >= sizeof head) {
		conn_close(c);
		return -1;
	}
	if (stream_queue(c, head, (size_t)hl) == -1)
		return -1;
	return stream_flush(c);
}

int
api_stream_chunk(struct api_conn *c, const char *p, size_t len)
{
	char size[24];
	int n;

	if (len == 0)
		return 0;	/* an empty chunk would end the stream */
	n = snprintf(size, sizeof size, "%zx\r\n", len);
	if (stream_queue(c, size, (size_t)n) == -1 || stream_queue(c, p, len) == -1 ||
	    stream_queue(c, "\r\n", 2) == -1)
		return -1;
	return stream_flush(c);
}

void
api_stream_end(struct api_conn *c)
{
	if (stream_queue(c, "0\r\n\r\n", 5) == -1)
		return;
	api_k8s_stream_free(c);
	if (stream_flush(c) == -1)
		return;
	if (c->out_len == 0) {
		conn_finish(c);
		return;
	}
	/* The rest goes as an answer's remainder. */
	c->state = CONN_WRITING;
	if (loop_watch_modify(c->api->loop, &c->w, EPOLLOUT) == -1) {
		conn_close(c);
		return;
	}
	conn_arm(c, API_WRITE_TIMEOUT);
}

/* A streaming client sends nothing more; its EOF (or an error) ends the
 * stream.  What it sends anyway is read and dropped, a buffer at a time. */
static void
stream_event(struct api_conn *c, uint32_t events)
{
	char sink[4096];
	ssize_t n;

	if (events & (EPOLLERR | EPOLLHUP)) {
		conn_close(c);
		return;
	}
	if (events & EPOLLOUT) {
		if (stream_flush(c) == -1)
			return;
		if (c->out_len == 0) {
			api_k8s_stream_pump(c);
			if (c->state != CONN_STREAMING)
				return;
		}
	}
	if (events & EPOLLIN) {
		n = recv(c->fd, sink, sizeof sink, MSG_DONTWAIT);
		if (n == 0 || (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
			conn_close(c);
	}
}

static void
conn_drain(struct api_conn *c)
{
	char sink[4096];
	ssize_t n;

	/* Bounded: one buffer per wake-up; the linger timer ends it anyway. */
	n = recv(c->fd, sink, sizeof sink, MSG_DONTWAIT);
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
		conn_close(c);
}

static void
on_conn(struct loop *l, struct watcher *w, uint32_t events)
{
	struct api_conn *c = w->arg;

	(void)l;
	switch (c->state) {
	case CONN_READING:
		conn_read(c);
		break;
	case CONN_WRITING:
		if (events & (EPOLLERR | EPOLLHUP))
			conn_close(c);
		else
			conn_write(c);
		break;
	case CONN_DRAINING:
		conn_drain(c);
		break;
	case CONN_STREAMING:
		stream_event(c, events);
		break;
	case CONN_FREE:
		break;
	}
}

static void
on_conn_timer(struct loop *l, struct timer *t)
{
	struct api_conn *c = t->arg;

	(void)l;
	if (c->state == CONN_STREAMING)
		api_k8s_stream_timeout(c);
	else
		conn_close(c);
}

/* A free slot, else the oldest connection lingering after its answer,
 * else the oldest one still sending its request (a flood of idle
 * connections then only ever pushes out its own kind).  NULL when all are
 * writing.  Accept order is not arrival order when a flood fills the
 * backlog: a client that sent its whole request may be "oldest" with its
 * readiness not handled yet, so the victim's socket is read first and a
 * waiting request answered rather than dropped. */
static struct api_conn *
conn_slot(struct api *a)
{
	for (int tries = 0; tries < 4; tries++) {
		struct api_conn *reading = NULL, *draining = NULL;

		for (size_t i = 0; i < API_MAX_CONNS; i++) {
			struct api_conn *c = &a->conns[i];

			switch (c->state) {
			case CONN_FREE:
				return c;
			case CONN_READING:
				if (reading == NULL || c->seq < reading->seq)
					reading = c;
				break;
			case CONN_DRAINING:
				if (draining == NULL || c->seq < draining->seq)
					draining = c;
				break;
			case CONN_WRITING:
			case CONN_STREAMING:
				break;
			}
		}
		if (draining != NULL) {
			conn_close(draining);	/* answered already: cheapest to drop */
			return draining;
		}
		if (reading == NULL)
			return NULL;
		if (tries < 3) {
			conn_read(reading);
			if (reading->state != CONN_READING)
				continue;	/* answered (or gone): look again */
		}
		conn_close(reading);
		return reading;
	}
	return NULL;
}

static void accept_pause(struct api *a);

static void
on_accept(struct loop *l, struct watcher *w, uint32_t events)
{
	struct api_listener *ls = w->arg;
	struct api *a = ls->api;
	struct api_conn *c;
	int fd;

	(void)events;
	for (int i = 0; i < ACCEPT_BURST; i++) {
		fd = accept4(ls->fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
				continue;
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
				if (!a->warned_accept) {
					a->warned_accept = true;
					log_warn("status api: accept");
				}
				accept_pause(a);
			}
			return;
		}
		if ((c = conn_slot(a)) == NULL) {
			static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\n"
			    "Content-Length: 5\r\nConnection: close\r\n\r\nbusy\n";
			(void)send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
			fdx_close(&fd);
			continue;
		}
		memset(c, 0, offsetof(struct api_conn, in));
		c->api = a;
		c->fd = fd;
		c->seq = ++a->seq;
		watcher_init(&c->w, on_conn, c);
		timer_init(&c->t, on_conn_timer, c);
		if (loop_watch(l, &c->w, fd, EPOLLIN) == -1) {
			log_warn("status api: epoll");
			fdx_close(&c->fd);
			continue;
		}
		c->state = CONN_READING;
		conn_arm(c, API_REQUEST_TIMEOUT);
	}
}

static void
accept_pause(struct api *a)
{
	for (int i = 0; i < 2; i++)
		loop_unwatch(a->loop, &a->lis[i].w);
	a->paused = true;
	timer_start(a->loop, &a->resume, loop_now(a->loop) + PAUSE_NS);
}

static void
on_resume(struct loop *l, struct timer *t)
{
	struct api *a = t->arg;

	a->paused = false;
	for (int i = 0; i < 2; i++)
		if (a->lis[i].fd >= 0 && loop_watch(l, &a->lis[i].w, a->lis[i].fd, EPOLLIN) == -1)
			log_warn("status api: epoll");
}

/* ---- listeners ---------------------------------------------------------- */

static int
mkdir_parent(const char *path)
{
	char dir[PATH_MAX];
	char *slash;

	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0755) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

/* A socket file left by an earlier run is removed; one that somebody still
 * listens on is left alone (two podinits must not steal each other's). */
static int
clear_stale(const char *path, const struct sockaddr_un *sun)
{
	struct stat st;
	int fd, r;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISSOCK(st.st_mode)) {
		errno = EEXIST;
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return -1;
	r = connect(fd, (const struct sockaddr *)sun, sizeof *sun);
	fdx_close(&fd);
	if (r == 0 || errno == EAGAIN) {
		errno = EADDRINUSE;
		return -1;
	}
	return unlink(path) == -1 && errno != ENOENT ? -1 : 0;
}

static int
open_unix(struct api *a, const char *path)
{
	struct sockaddr_un sun;
	mode_t old;
	int fd, r;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path));
	if (mkdir_parent(path) == -1 || clear_stale(path, &sun) == -1)
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return -1;
	/* The umask makes the file 0600 from birth: no window in which
	 * another user could connect. */
	old = umask(0177);
	r = bind(fd, (struct sockaddr *)&sun, sizeof sun);
	umask(old);
	if (r == -1 || chmod(path, 0600) == -1 || listen(fd, SOMAXCONN) == -1) {
		int saved = errno;

		if (r == 0)
			unlink(path);
		fdx_close(&fd);
		errno = saved;
		return -1;
	}
	snprintf(a->unix_path, sizeof a->unix_path, "%s", path);
	a->unix_created = true;
	return fd;
}

/* --status-addr HOST:PORT into a socket address: an empty host or "*" is
 * every interface, "localhost" the loopback; no lookups. */
static int
listen_address(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[256];
	struct hostport hp;
	int port;
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof *ss);
	/* Port 0: the kernel picks a free one (api_tcp_port tells which). */
	if (hostport_parse(s, strlen(s), 0, 0, &hp, NULL, 0) == -1 || hp.host_len >= sizeof host)
		return -1;
	memcpy(host, hp.host, hp.host_len);
	host[hp.host_len] = '\0';
	port = hp.port;
	if (host[0] == '\0' || strcmp(host, "*") == 0)
		snprintf(host, sizeof host, "0.0.0.0");
	else if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof *in4;
		return 0;
	}
	if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof *in6;
		return 0;
	}
	return -1;
}

static int
open_tcp(struct api *a, const char *addr)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1;

	if (listen_address(addr, &ss, &len) == -1) {
		errno = EINVAL;
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == -1 ||
	    bind(fd, (struct sockaddr *)&ss, len) == -1 || listen(fd, SOMAXCONN) == -1)
		goto fail;
	len = sizeof ss;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		goto fail;
	a->tcp_port = ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
	    : ((struct sockaddr_in6 *)&ss)->sin6_port);
	/* Where a client on this host reaches it (the kubeconfig's server):
	 * every interface is reached on the loopback. */
	if (ss.ss_family == AF_INET) {
		struct in_addr *in = &((struct sockaddr_in *)&ss)->sin_addr;

		if (in->s_addr == htonl(INADDR_ANY))
			snprintf(a->tcp_host, sizeof a->tcp_host, "127.0.0.1");
		else
			inet_ntop(AF_INET, in, a->tcp_host, sizeof a->tcp_host);
	} else {
		struct in6_addr *in6 = &((struct sockaddr_in6 *)&ss)->sin6_addr;
		char h[INET6_ADDRSTRLEN];

		if (IN6_IS_ADDR_UNSPECIFIED(in6))
			snprintf(h, sizeof h, "::1");
		else
			inet_ntop(AF_INET6, in6, h, sizeof h);
		snprintf(a->tcp_host, sizeof a->tcp_host, "[%s]", h);
	}
	return fd;
fail:
	fdx_close(&fd);
	return -1;
}

struct api *
api_start(struct loop *l, const char *unix_path, const char *tcp_addr,
    api_view_fn fn, void *arg)
{
	struct api *a;

	if ((a = calloc(1, sizeof *a)) == NULL) {
		log_warn("status api");
		return NULL;
	}
	if ((a->scratch = malloc(SCRATCH_MIN)) == NULL) {
		free(a);
		log_warn("status api");
		return NULL;
	}
	a->scratch_cap = SCRATCH_MIN;
	a->loop = l;
	a->fn = fn;
	a->arg = arg;
	a->tcp_port = -1;
	timer_init(&a->resume, on_resume, a);
	for (int i = 0; i < 2; i++) {
		a->lis[i].api = a;
		a->lis[i].fd = -1;
		watcher_init(&a->lis[i].w, on_accept, &a->lis[i]);
	}
	/* conns[] stay untouched (CONN_FREE is 0 in calloc'd memory): 64
	 * request buffers cost memory only once a client connects. */
	if (unix_path && *unix_path && (a->lis[0].fd = open_unix(a, unix_path)) == -1)
		log_warn("status socket %s: not available, running without it", unix_path);
	if (tcp_addr && (a->lis[1].fd = open_tcp(a, tcp_addr)) == -1)
		log_warn("--status-addr %s", tcp_addr);
	for (int i = 0; i < 2; i++)
		if (a->lis[i].fd >= 0 && loop_watch(l, &a->lis[i].w, a->lis[i].fd, EPOLLIN) == -1) {
			log_warn("status api: epoll");
			fdx_close(&a->lis[i].fd);
		}
	if (a->lis[0].fd == -1 && a->lis[1].fd == -1) {
		api_stop(a);
		return NULL;
	}
	return a;
}

void
api_stop(struct api *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < API_MAX_CONNS; i++)
		conn_close(&a->conns[i]);
	timer_stop(a->loop, &a->resume);
	for (int i = 0; i < 2; i++) {
		loop_unwatch(a->loop, &a->lis[i].w);
		fdx_close(&a->lis[i].fd);
	}
	if (a->unix_created)
		unlink(a->unix_path);
	api_k8s_free(a);
	free(a->scratch);
	free(a);
}

int
api_tcp_port(const struct api *a)
{
	return a && a->lis[1].fd >= 0 ? a->tcp_port : -1;
}

const char *
api_unix_path(const struct api *a)
{
	return a && a->lis[0].fd >= 0 ? a->unix_path : NULL;
}

void
api_set_facts(struct api *a, const struct pod_facts *f)
{
	if (a != NULL)
		a->facts = f;
}

void
api_notify(struct api *a)
{
	if (a != NULL)
		api_k8s_notify(a, false);
}

void
api_notify_output(struct api *a)
{
	if (a != NULL)
		api_k8s_notify(a, true);
}
