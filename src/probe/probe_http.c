/* probe_http: the httpGet prober (and httpGet hooks): a non-blocking
 * HTTP/1.1 client driven by the loop, over plain TCP or TLS, with
 * kubelet's request, redirect policy, body cap and messages.
 * K8S: pkg/probe/http/http.go DoHTTPProbe, request.go, RedirectChecker;
 * lifecycle/handlers.go runHTTPHandler for hooks.
 *
 * One deadline (probe.c's timer) covers connect, TLS, every redirect hop,
 * headers and body, as Go's http.Client{Timeout}.  All state lives in one
 * struct allocated on the first attempt and reused. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "podinit/fdx.h"
#include "podinit/hosts.h"
#include "podinit/http_parse.h"
#include "probe_internal.h"
#include "probe_net.h"
#include "probe_io.h"
#include "probe_tls.h"

#define HTTP_MAX_REDIRECTS	10	/* K8S: RedirectChecker, len(via) >= 10 */
#define HTTP_REQ_MAX		8192
#define HTTP_HOST_MAX		256
#define HTTP_PATH_MAX		2048
/* A request longer than this may span segments on a real link, and Nagle
 * would hold its tail for the peer's (delayed) ACK: TCP_NODELAY then. */
#define HTTP_NAGLE_SAFE		1024

enum http_phase {
	PH_CONNECT = 0,		/* HTTPS only: plain HTTP starts in PH_SEND */
	PH_HANDSHAKE,
	PH_SEND,
	PH_READ,
};

struct http_state {
	enum http_phase phase;
	/* The current hop. */
	bool	 https;
	char	 host[HTTP_HOST_MAX];		/* hostname, no brackets */
	int	 port;
	char	 authority[HTTP_HOST_MAX + 8];	/* as in the URL: "h:p", "[::1]:p", "h" */
	char	 path[HTTP_PATH_MAX];		/* request-target */
	char	 url[HTTP_PATH_MAX + HTTP_HOST_MAX + 16];	/* for messages */
	const char *host_header;		/* Host override for this hop, or NULL */
	/* The first hop. */
	char	 first_host[HTTP_HOST_MAX];
	int	 redirects;
	/* Request and response. */
	char	 req[HTTP_REQ_MAX];
	size_t	 req_len, req_off;
	bool	 connecting;	/* plain HTTP sent before the handshake was seen done */
	/* The first hop's target and request are built once per handler and
	 * mode and reused by later attempts; a redirect clears this. */
	const struct handler_spec *first_for;
	enum probe_mode first_mode;
	/* A hook retrying over HTTP after its HTTPS request got a plain-HTTP
	 * answer: the HTTPS error (reported if the retry fails too) and the
	 * HTTPS request's host:port (for the LifecycleHTTPFallback event). */
	bool	 fallback;
	char	 fallback_url[HTTP_PATH_MAX + HTTP_HOST_MAX + 16];
	char	 fallback_error[256];
	char	 fallback_host[HTTP_HOST_MAX + 8];
	struct http_resp resp;
	char	 body[PROBE_OUTPUT_MAX + 1];
	struct probe_tls *tls;
};

static void
http_state_free(void *p)
{
	struct http_state *s = p;

	if (s != NULL)
		probe_tls_free(s->tls);
	free(s);
}

static struct http_state *
http_state(struct probe_run *r)
{
	if (r->impl != NULL && r->impl_free != http_state_free) {
		if (r->impl_free != NULL)
			r->impl_free(r->impl);
		r->impl = NULL;
	}
	if (r->impl == NULL) {
		r->impl = calloc(1, sizeof(struct http_state));
		r->impl_free = r->impl ? http_state_free : NULL;
	}
	return r->impl;
}

/* ---- messages ---------------------------------------------------------- */

static void
http_fail(struct probe_run *r, enum probe_result res, const char *err)
{
	struct http_state *s = r->impl;

	/* K8S: runHTTPHandler: a failed fallback returns the HTTPS error. */
	if (s->fallback) {
		probe_finish(r, res, false, "Get \"%s\": %s", s->fallback_url, s->fallback_error);
		return;
	}
	/* Go's *url.Error: Get "<url>": <err>. */
	probe_finish(r, res, false, "Get \"%s\": %s", s->url, err);
}

/* A hook's request got an answer: done, whatever its status
 * (K8S: runHTTPHandler: only transport errors fail a hook). */
static void
hook_answered(struct probe_run *r, struct http_state *s)
{
	if (s->fallback) {
		probe_finish(r, PROBE_SUCCESS, false, "%s", s->fallback_host);
		r->out.http_fallback = true;
		return;
	}
	probe_finish(r, PROBE_SUCCESS, false, "%s", "");
}

static void
http_dial_fail(struct probe_run *r, int err)
{
	struct http_state *s = r->impl;
	char msg[PROBE_MESSAGE_MAX];

	probe_net_dial_error(msg, sizeof msg, s->host, s->port, err);
	http_fail(r, PROBE_FAILURE, msg);
}

/* "read tcp 127.0.0.1:50312->127.0.0.1:8080: read: connection reset by peer" */
static void
http_io_fail(struct probe_run *r, const char *op, int err)
{
	struct http_state *s = r->impl;
	struct sockaddr_storage ss = { 0 };
	socklen_t len = sizeof ss;
	char local[INET6_ADDRSTRLEN + 8] = "", remote[HTTP_HOST_MAX + 8], msg[PROBE_MESSAGE_MAX];
	char tmp[128], ip[INET6_ADDRSTRLEN];

	if (getsockname(r->fd, (struct sockaddr *)&ss, &len) == 0) {
		if (ss.ss_family == AF_INET) {
			struct sockaddr_in *a = (struct sockaddr_in *)&ss;

			inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
			snprintf(local, sizeof local, "%s:%d", ip, ntohs(a->sin_port));
		} else if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

			inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof ip);
			snprintf(local, sizeof local, "[%s]:%d", ip, ntohs(a->sin6_port));
		}
	}
	hosts_join(remote, sizeof remote, s->host, s->port);
	snprintf(msg, sizeof msg, "%s tcp %s->%s: %s: %s", op, local, remote, op,
	    probe_net_strerror(err, tmp, sizeof tmp));
	http_fail(r, PROBE_FAILURE, msg);
}

/* ---- targets ----------------------------------------------------------- */

/* Split an authority ("host", "host:port", "[v6]:port") into s->host/port. */
static int
set_authority(struct http_state *s, const char *a, size_t n, bool https)
{
	const char *hs = a, *he, *colon;

	if (n == 0 || n >= sizeof s->authority)
		return -1;
	memcpy(s->authority, a, n);
	s->authority[n] = '\0';
	if (a[0] == '[') {
		he = memchr(a, ']', n);
		if (he == NULL)
			return -1;
		hs = a + 1;
		colon = he + 1 < a + n && he[1] == ':' ? he + 1 : NULL;
		if (he + 1 < a + n && colon == NULL)
			return -1;
	} else {
		colon = memchr(a, ':', n);
		he = colon ? colon : a + n;
	}
	if (he - hs <= 0 || (size_t)(he - hs) >= sizeof s->host)
		return -1;
	memcpy(s->host, hs, (size_t)(he - hs));
	s->host[he - hs] = '\0';
	s->port = https ? 443 : 80;
	if (colon != NULL && colon + 1 < a + n) {
		int p = 0;

		for (const char *q = colon + 1; q < a + n; q++) {
			if (*q < '0' || *q > '9' || p > 65535)
				return -1;
			p = p * 10 + (*q - '0');
		}
		if (p < 1 || p > 65535)
			return -1;
		s->port = p;
	}
	return 0;
}

static void
set_url(struct http_state *s)
{
	snprintf(s->url, sizeof s->url, "%s://%s%s", s->https ? "https" : "http",
	    s->authority, s->path);
}

/* The first hop, from the spec.  K8S: request.go formatURL. */
static void
first_target(struct http_state *s, const struct handler_spec *h)
{
	const char *host = h->host, *path = h->path;
	char auth[HTTP_HOST_MAX + 8];

	s->https = h->https;
	hosts_join(auth, sizeof auth, host, h->port);
	snprintf(s->authority, sizeof s->authority, "%s", auth);
	snprintf(s->host, sizeof s->host, "%s", host);
	s->port = h->port;
	if (path == NULL || path[0] == '\0')
		path = "/";
	snprintf(s->path, sizeof s->path, "%s%s", path[0] == '/' ? "" : "/", path);
	snprintf(s->first_host, sizeof s->first_host, "%s", host);
	set_url(s);
}

/* Resolve a Location against the current URL (RFC 3986 §5, the cases a
 * server sends).  0, or -1 when it cannot be used. */
static int
resolve_location(struct http_state *s, const char *loc, bool *relative)
{
	char path[HTTP_PATH_MAX];
	size_t n = strcspn(loc, "#");
	const char *p;

	*relative = true;
	if (n == 0)
		return -1;
	if ((n > 7 && strncasecmp(loc, "http://", 7) == 0) ||
	    (n > 8 && strncasecmp(loc, "https://", 8) == 0)) {
		bool https = loc[4] == 's' || loc[4] == 'S';
		const char *a = loc + (https ? 8 : 7);
		size_t an = strcspn(a, "/?#");

		*relative = false;
		if (set_authority(s, a, an, https) == -1)
			return -1;
		s->https = https;
		p = a + an;
		n -= (size_t)(p - loc);
		snprintf(s->path, sizeof s->path, "%s%.*s", (n == 0 || p[0] != '/') ? "/" : "",
		    (int)n, p);
		set_url(s);
		return 0;
	}
	if (n > 2 && loc[0] == '/' && loc[1] == '/') {
		const char *a = loc + 2;
		size_t an = strcspn(a, "/?#");

		*relative = false;
		if (set_authority(s, a, an, s->https) == -1)
			return -1;
		p = a + an;
		n -= (size_t)(p - loc);
		snprintf(s->path, sizeof s->path, "%s%.*s", (n == 0 || p[0] != '/') ? "/" : "",
		    (int)n, p);
		set_url(s);
		return 0;
	}
	/* Another scheme ("ftp:") is not followable. */
	for (p = loc; p < loc + n && *p != '/' && *p != '?'; p++)
		if (*p == ':')
			return -1;
	if (loc[0] == '/') {
		snprintf(path, sizeof path, "%.*s", (int)n, loc);
	} else if (loc[0] == '?') {
		size_t base = strcspn(s->path, "?");

		snprintf(path, sizeof path, "%.*s%.*s", (int)base, s->path, (int)n, loc);
	} else {
		/* Relative path: replace the last segment. */
		size_t base = strcspn(s->path, "?");
		const char *slash = memrchr(s->path, '/', base);
		size_t dir = slash ? (size_t)(slash - s->path) + 1 : 0;

		snprintf(path, sizeof path, "%.*s%.*s", (int)dir, s->path, (int)n, loc);
	}
	snprintf(s->path, sizeof s->path, "%s", path);
	set_url(s);
	return 0;
}

/* ---- request ----------------------------------------------------------- */

static bool
header_is(const struct http_header *hd, const char *name)
{
	return hd->name != NULL && strcasecmp(hd->name, name) == 0;
}

static bool
header_ok(const struct http_header *hd)
{
	return hd->name != NULL && hd->value != NULL && hd->name[0] != '\0' &&
	    strpbrk(hd->name, "\r\n: ") == NULL && strpbrk(hd->value, "\r\n") == NULL;
}

/* K8S: request.go newProbeRequest + Go's Request.write. */
static int
build_request(struct probe_run *r, struct http_state *s)
{
	const struct handler_spec *h = r->h;
	const char *ua = NULL, *accept = NULL;
	bool has_ua = false, has_accept = false, conn_close = false;
	size_t i;
	int n = 0, w;

#define ADD(...) do { \
		w = snprintf(s->req + n, sizeof s->req - (size_t)n, __VA_ARGS__); \
		if (w < 0 || (size_t)w >= sizeof s->req - (size_t)n) \
			return -1; \
		n += w; \
	} while (0)

	for (i = 0; i < h->n_headers; i++) {
		const struct http_header *hd = &h->headers[i];

		if (header_is(hd, "User-Agent") && !has_ua) {
			has_ua = true;
			ua = hd->value;
		} else if (header_is(hd, "Accept") && !has_accept) {
			has_accept = true;
			accept = hd->value;
		}
	}
	ADD("GET %s HTTP/1.1\r\nHost: %s\r\n", s->path,
	    s->host_header != NULL ? s->host_header : s->authority);
	if (!has_ua)
		ua = r->mode == PROBE_MODE_HOOK ? "kube-lifecycle/" PROBE_K8S_VERSION :
		    "kube-probe/" PROBE_K8S_VERSION;
	if (ua != NULL && ua[0] != '\0' && strpbrk(ua, "\r\n") == NULL)
		ADD("User-Agent: %s\r\n", ua);
	if (!has_accept)
		ADD("Accept: */*\r\n");
	for (i = 0; i < h->n_headers; i++) {
		const struct http_header *hd = &h->headers[i];

		if (!header_ok(hd) || header_is(hd, "Host") || header_is(hd, "User-Agent"))
			continue;
		/* K8S: runHTTPHandler drops it from the HTTP fallback. */
		if (s->fallback && header_is(hd, "Authorization"))
			continue;
		/* An Accept whose first value is empty deletes them all. */
		if (header_is(hd, "Accept") && (accept == NULL || accept[0] == '\0'))
			continue;
		if (header_is(hd, "Connection") && hd->value != NULL &&
		    strcasestr(hd->value, "close") != NULL)
			conn_close = true;
		ADD("%s: %s\r\n", hd->name, hd->value);
	}
	if (!conn_close)
		ADD("Connection: close\r\n");
	ADD("\r\n");
#undef ADD
	s->req_len = (size_t)n;
	return 0;
}

/* ---- the hop state machine -------------------------------------------- */

static void on_event(struct loop *l, struct watcher *w, uint32_t events);
static void drive(struct probe_run *r);
static void do_send(struct probe_run *r, struct http_state *s);

static void
want(struct probe_run *r, uint32_t ev)
{
	int rc = watcher_active(&r->w) ? loop_watch_modify(r->loop, &r->w, ev) :
	    loop_watch(r->loop, &r->w, r->fd, ev);

	if (rc == -1)
		probe_finish(r, PROBE_UNKNOWN, false, "http probe: epoll: %s", strerror(errno));
}

/* Connect for the current hop (its request built unless `built`);
 * finishes the attempt on failure. */
static int
start_hop(struct probe_run *r, struct http_state *s, bool built)
{
	unsigned int flags = 0;
	bool connected;

	if (watcher_active(&r->w))
		loop_unwatch(r->loop, &r->w);
	fdx_close(&r->fd);
	http_resp_init(&s->resp, s->body, PROBE_OUTPUT_MAX);
	if (!built && build_request(r, s) == -1) {
		http_fail(r, PROBE_FAILURE, "net/http: request headers too large");
		return -1;
	}
	s->req_off = 0;
	if (s->https || s->req_len > HTTP_NAGLE_SAFE)
		flags |= PROBE_NET_NODELAY;
	if (s->https)
		flags |= PROBE_NET_LOOK;
	if (probe_net_connect(s->host, s->port, flags, &r->fd, &connected) == -1) {
		http_dial_fail(r, errno);
		return -1;
	}
	watcher_init(&r->w, on_event, r);
	if (!s->https) {
		/* Write at once: send(2) on a socket whose handshake is still
		 * on its way says EAGAIN (then we wait to be writable), on a
		 * refused one the connect error.  On loopback the handshake is
		 * done by now, so an attempt costs no poll, SO_ERROR or
		 * epoll_ctl before the request leaves. */
		s->phase = PH_SEND;
		s->connecting = !connected;
		do_send(r, s);
		return 0;
	}
	s->phase = PH_CONNECT;
	if (loop_watch(r->loop, &r->w, r->fd, EPOLLOUT) == -1) {
		probe_finish(r, PROBE_UNKNOWN, false, "http probe: epoll: %s", strerror(errno));
		return -1;
	}
	if (connected)
		drive(r);
	return 0;
}

static bool
is_redirect(int code)
{
	return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
}

/* The response is complete (or its body capped): redirect or classify. */
static void
response_done(struct probe_run *r, struct http_state *s)
{
	int code = s->resp.status;

	if (is_redirect(code) && s->resp.has_location) {
		char loc[HTTP_LOCATION_MAX];
		bool relative;

		/* The target changes: the next attempt rebuilds its first hop. */
		s->first_for = NULL;
		snprintf(loc, sizeof loc, "%s", s->resp.location);
		/* K8S: RedirectChecker(false): another hostname is not
		 * followed (the 3xx is the answer); the port may differ. */
		if (resolve_location(s, loc, &relative) == -1) {
			char q[300], msg[400];

			http_quote(q, sizeof q, loc, strlen(loc));
			snprintf(msg, sizeof msg, "failed to parse Location header %s", q);
			http_fail(r, PROBE_FAILURE, msg);
			return;
		}
		if (strcmp(s->host, s->first_host) == 0) {
			if (++s->redirects >= HTTP_MAX_REDIRECTS) {
				probe_finish(r, PROBE_FAILURE, false,
				    "Get \"%s\": stopped after 10 redirects", loc);
				return;
			}
			/* Go keeps a Host override only for relative redirects. */
			if (!relative)
				s->host_header = NULL;
			(void)start_hop(r, s, false);
			return;
		}
		/* Not followed: fall through with this response. */
	}
	if (r->mode == PROBE_MODE_HOOK) {
		hook_answered(r, s);
		return;
	}
	if (code >= 200 && code < 300)
		probe_finish(r, PROBE_SUCCESS, false, "%s", s->body);
	else if (code >= 300 && code < 400)
		probe_finish(r, PROBE_SUCCESS, true,
		    "Probe terminated redirects, Response body: %s", s->body);
	else
		probe_finish(r, PROBE_FAILURE, false,
		    "HTTP probe failed with statuscode: %d", code);
}

static void
parse_error(struct probe_run *r, struct http_state *s)
{
	if (s->resp.headers_done) {
		/* K8S: a body read error is a probe error: kubelet discards
		 * the result (Unknown); a hook ignores the body. */
		if (r->mode == PROBE_MODE_HOOK)
			hook_answered(r, s);
		else
			probe_finish(r, PROBE_UNKNOWN, false, "%s", s->resp.error);
		return;
	}
	http_fail(r, PROBE_FAILURE, s->resp.error);
}

/* Read what is there; returns when it would block or the attempt moved on. */
static void
do_read(struct probe_run *r, struct http_state *s)
{
	char buf[16384];

	for (;;) {
		struct probe_tls *tls = s->https ? s->tls : NULL;
		ssize_t n = probe_io_read(r->fd, tls, buf, sizeof buf);
		enum http_parse_status st;

		if (n == PROBE_IO_WANT_READ || n == PROBE_IO_WANT_WRITE) {
			want(r, n == PROBE_IO_WANT_READ ? EPOLLIN : EPOLLOUT);
			return;
		}
		if (n == PROBE_IO_ERROR) {
			int err = errno;
			char msg[HTTP_ERROR_MAX];

			if (s->resp.headers_done) {
				probe_io_error(tls, "read", err, s->resp.error, sizeof s->resp.error);
				parse_error(r, s);
			} else if (tls != NULL) {
				probe_io_error(tls, "read", err, msg, sizeof msg);
				http_fail(r, PROBE_FAILURE, msg);
			} else
				http_io_fail(r, "read", err);
			return;
		}
		if (n == 0)
			st = http_resp_eof(&s->resp);
		else
			st = http_resp_feed(&s->resp, buf, (size_t)n);
		if (st == HTTP_PARSE_DONE) {
			response_done(r, s);
			return;
		}
		if (st == HTTP_PARSE_ERROR) {
			parse_error(r, s);
			return;
		}
	}
}

static void
do_send(struct probe_run *r, struct http_state *s)
{
	while (s->req_off < s->req_len) {
		struct probe_tls *tls = s->https ? s->tls : NULL;
		ssize_t n = probe_io_write(r->fd, tls, s->req + s->req_off, s->req_len - s->req_off);

		if (n == PROBE_IO_WANT_WRITE || n == PROBE_IO_WANT_READ) {
			want(r, n == PROBE_IO_WANT_WRITE ? EPOLLOUT : EPOLLIN);
			return;
		}
		if (n == PROBE_IO_ERROR) {
			int err = errno;
			char msg[HTTP_ERROR_MAX];

			if (tls != NULL) {
				probe_io_error(tls, "write", err, msg, sizeof msg);
				http_fail(r, PROBE_FAILURE, msg);
			} else if (s->connecting && err != EPIPE && err != ECONNRESET)
				/* Still connecting: the handshake's own error
				 * (refused, unreachable, timed out) is a dial
				 * error, as Go's; a reset after it is a write's. */
				http_dial_fail(r, err);
			else
				http_io_fail(r, "write", err);
			return;
		}
		s->connecting = false;
		s->req_off += (size_t)n;
	}
	s->phase = PH_READ;
	/* TLS may hold decrypted bytes already; a plain answer cannot have
	 * come yet, so wait for it rather than try a read that says EAGAIN. */
	if (s->https)
		do_read(r, s);
	else
		want(r, EPOLLIN);
}

/* K8S: req.Host = headers.Get("Host"): the first Host value. */
static const char *
first_host_header(const struct handler_spec *h)
{
	for (size_t i = 0; i < h->n_headers; i++)
		if (header_is(&h->headers[i], "Host")) {
			if (h->headers[i].value != NULL && h->headers[i].value[0] != '\0' &&
			    strpbrk(h->headers[i].value, "\r\n") == NULL)
				return h->headers[i].value;
			return NULL;
		}
	return NULL;
}

/* K8S: runHTTPHandler: an HTTPS hook answered in plain HTTP is tried once
 * more over HTTP: the first request's URL with scheme http (same port), no
 * Authorization header.  If that fails too, the HTTPS error stands. */
static void
start_fallback(struct probe_run *r, struct http_state *s, const char *err)
{
	memcpy(s->fallback_url, s->url, sizeof s->fallback_url);
	snprintf(s->fallback_error, sizeof s->fallback_error, "%s", err);
	first_target(s, r->h);
	snprintf(s->fallback_host, sizeof s->fallback_host, "%s", s->authority);
	s->https = false;
	set_url(s);
	s->host_header = first_host_header(r->h);
	s->fallback = true;
	s->first_for = NULL;
	s->redirects = 0;
	(void)start_hop(r, s, false);
}

static void
drive(struct probe_run *r)
{
	struct http_state *s = r->impl;
	int err, ret;

	switch (s->phase) {
	case PH_CONNECT:
		err = probe_net_so_error(r->fd);
		if (err != 0) {
			http_dial_fail(r, err);
			return;
		}
		if (s->tls == NULL && (s->tls = probe_tls_new()) == NULL) {
			probe_finish(r, PROBE_UNKNOWN, false, "https probe: TLS setup: %s",
			    probe_tls_init_error());
			return;
		}
		/* SNI only for names, as Go's crypto/tls; the session kept
		 * from the last attempt is this authority's. */
		if (probe_tls_begin(s->tls, r->fd, hosts_is_literal(s->host) ? NULL : s->host,
		    s->authority) != 0) {
			probe_finish(r, PROBE_UNKNOWN, false, "https probe: TLS session setup failed");
			return;
		}
		s->phase = PH_HANDSHAKE;
		/* FALLTHROUGH */
	case PH_HANDSHAKE:
		ret = probe_tls_handshake(s->tls);
		if (ret == PROBE_TLS_WANT_READ) {
			want(r, EPOLLIN);
			return;
		}
		if (ret == PROBE_TLS_WANT_WRITE) {
			want(r, EPOLLOUT);
			return;
		}
		if (ret != 0) {
			char msg[256];

			probe_tls_error(s->tls, msg, sizeof msg);
			if (r->mode == PROBE_MODE_HOOK && !s->fallback &&
			    probe_tls_got_http(s->tls)) {
				start_fallback(r, s, msg);
				return;
			}
			/* Resumption is podinit's saving, not kubelet's (Go
			 * does a full handshake every time): a server that
			 * fails the resumed handshake gets a full one on a
			 * new connection, within the same deadline (and so
			 * does a TLS 1.2 server that wants RSA-PSS). */
			if (probe_tls_retry(s->tls)) {
				(void)start_hop(r, s, true);
				return;
			}
			http_fail(r, PROBE_FAILURE, msg);
			return;
		}
		s->phase = PH_SEND;
		do_send(r, s);
		return;
	case PH_SEND:
		do_send(r, s);
		return;
	case PH_READ:
		do_read(r, s);
		return;
	}
}

static void
on_event(struct loop *l, struct watcher *w, uint32_t events)
{
	struct probe_run *r = w->arg;

	(void)l;
	(void)events;
	drive(r);
}

int
probe_http_begin(struct probe_run *r)
{
	struct http_state *s = http_state(r);
	const struct handler_spec *h = r->h;

	if (s == NULL) {
		probe_finish(r, PROBE_UNKNOWN, false, "http probe: out of memory");
		return -1;
	}
	s->redirects = 0;
	s->fallback = false;
	if (s->first_for != NULL && s->first_for == h && s->first_mode == r->mode)
		return start_hop(r, s, true);
	first_target(s, h);
	s->host_header = first_host_header(h);
	if (build_request(r, s) == -1) {
		http_fail(r, PROBE_FAILURE, "net/http: request headers too large");
		return -1;
	}
	/* Handler specs live as long as podinit (nothing reloads them). */
	s->first_for = h;
	s->first_mode = r->mode;
	return start_hop(r, s, true);
}

void
probe_http_timeout(struct probe_run *r)
{
	struct http_state *s = r->impl;

	if (s != NULL && s->phase == PH_READ && s->resp.headers_done) {
		/* K8S: ReadAtMost error: a probe error, discarded. */
		if (r->mode == PROBE_MODE_HOOK)
			hook_answered(r, s);
		else
			probe_finish(r, PROBE_UNKNOWN, false,
			    "context deadline exceeded (Client.Timeout or context cancellation while reading body)");
		return;
	}
	if (s == NULL) {
		probe_finish(r, PROBE_FAILURE, false, "context deadline exceeded");
		return;
	}
	http_fail(r, PROBE_FAILURE,
	    "context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
}
