/* http_parse: pure, bounded HTTP/1.x parsing.
 *
 * Two parsers, no I/O and no allocation:
 *
 * - http_resp: an incremental response parser for the httpGet prober.  Feed
 *   it whatever recv() returned (one byte at a time works); it records the
 *   status, Location, Content-Length / chunked framing and copies at most
 *   body_cap body bytes into caller memory (kubelet reads 10 KiB and stops:
 *   reaching the cap is not an error).  Errors carry Go net/http's wording
 *   so the prober can print kubelet's messages.
 *
 * - http_request_parse: a strict, stateless request-head parser for the
 *   status API server.  The server accumulates bytes in its own buffer and
 *   calls it again after each read until it returns > 0 or -1. */
#ifndef PODINIT_HTTP_PARSE_H
#define PODINIT_HTTP_PARSE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Response limits.  Go's client allows 10 MB of headers; podinit stops at
 * 64 KiB so a hostile endpoint cannot hold a probe buffer hostage. */
#define HTTP_RESP_HEAD_MAX	(64 * 1024)	/* status line + headers, all 1xx included */
#define HTTP_RESP_LINE_MAX	4096		/* bytes kept of one line (rest counted, dropped) */
#define HTTP_LOCATION_MAX	2048
#define HTTP_ERROR_MAX		256

enum http_parse_status {
	HTTP_PARSE_MORE = 0,	/* feed more bytes (or call http_resp_eof) */
	HTTP_PARSE_DONE = 1,	/* response complete, or body cap reached */
	HTTP_PARSE_ERROR = -1,	/* see p->error */
};

struct http_resp {
	/* Results, valid once headers_done. */
	int	 status;		/* 100..999 */
	int	 minor;			/* HTTP/1.<minor> */
	bool	 headers_done;
	bool	 has_location;
	char	 location[HTTP_LOCATION_MAX];	/* NUL-terminated */
	int64_t	 content_length;	/* -1 = not given */
	bool	 chunked;
	bool	 conn_close;		/* "Connection: close" seen */
	char	*body;			/* caller memory, body_len bytes, NUL-terminated */
	size_t	 body_len, body_cap;	/* body has room for body_cap + 1 */
	bool	 body_truncated;	/* stopped at body_cap */
	char	 error[HTTP_ERROR_MAX];	/* Go-like text, e.g. "unexpected EOF" */

	/* Private. */
	int	 state;
	char	 line[HTTP_RESP_LINE_MAX];
	size_t	 line_len;		/* bytes kept */
	size_t	 line_total;		/* bytes seen on this line */
	bool	 line_cr;		/* last content byte was CR */
	size_t	 head_bytes;
	uint64_t remaining;		/* of the content-length body or chunk */
	bool	 no_body;		/* HEAD-like: 1xx, 204, 304 */
	bool	 seen_cl;
	bool	 got_any;		/* at least one byte received */
};

/* body must have room for body_cap + 1 bytes (the NUL). */
void	http_resp_init(struct http_resp *p, char *body, size_t body_cap);
/* Feed len bytes.  Bytes after DONE are ignored (the connection is closed
 * anyway: probes send Connection: close). */
enum http_parse_status http_resp_feed(struct http_resp *p, const char *data, size_t len);
/* The peer closed the connection: finishes a read-until-close body, or
 * turns a partial response into an error ("EOF" / "unexpected EOF"). */
enum http_parse_status http_resp_eof(struct http_resp *p);

/* Append s[0..n) to dst (size dstsz, always NUL-terminated) quoted as Go's
 * %q would print it: "..." with \" \\ \n \r \t and \xNN escapes. */
void	http_quote(char *dst, size_t dstsz, const char *s, size_t n);

/*
 * Request heads, for the status API.
 *
 * Accepted: `METHOD SP request-target SP HTTP/1.0|HTTP/1.1` then header lines
 * `Name: value`, each ended by CRLF (a bare LF is tolerated), then an empty
 * line.  Strict: method is 1..15 uppercase letters; the target is
 * origin-form (starts with '/'), visible ASCII only, at most
 * HTTP_REQ_TARGET_MAX - 1 bytes; header names are RFC 9110 tokens; values
 * have no control bytes except HTAB; no obs-fold (a line starting with
 * SP/HTAB), no bare CR, no NUL; at most HTTP_REQ_HEADERS_MAX headers; the
 * whole head at most HTTP_REQ_HEAD_MAX bytes; a duplicate or invalid
 * Content-Length, or Transfer-Encoding together with Content-Length, is an
 * error (smuggling guard).
 */
#define HTTP_REQ_HEAD_MAX	8192
#define HTTP_REQ_TARGET_MAX	2048
#define HTTP_REQ_HEADERS_MAX	32

struct http_req_header {
	const char *name;	/* into the caller's buffer, not NUL-terminated */
	size_t	 name_len;
	const char *value;	/* leading/trailing blanks trimmed */
	size_t	 value_len;
};

struct http_request {
	char	 method[16];		/* NUL-terminated, e.g. "GET" */
	char	 target[HTTP_REQ_TARGET_MAX];	/* NUL-terminated, as sent */
	size_t	 path_len;		/* target[0..path_len) is the path */
	const char *query;		/* into target, after '?'; NULL when absent */
	int	 minor;			/* 0 or 1 */
	bool	 keep_alive;		/* 1.1 without "close", or 1.0 with "keep-alive" */
	const char *host;		/* Host value (into the buffer) or NULL */
	size_t	 host_len;
	int64_t	 content_length;	/* -1 = none */
	bool	 chunked;		/* Transfer-Encoding given (body framing) */
	size_t	 n_headers;
	struct http_req_header headers[HTTP_REQ_HEADERS_MAX];
	int	 error_status;		/* on -1: 400, 414, 431, 501 or 505 */
	const char *error;		/* on -1: short static reason */
};

/* Parse the request head at the start of buf[0..len).  Returns the head's
 * length (through the empty line; any body follows) when complete, 0 when
 * more bytes are needed, -1 when the request must be refused with
 * req->error_status (431 once len reaches HTTP_REQ_HEAD_MAX without an end).
 * The header pointers in req point into buf. */
ssize_t	http_request_parse(const char *buf, size_t len, struct http_request *req);

/* Case-insensitive lookup among the parsed headers; NULL when absent. */
const struct http_req_header *http_request_header(const struct http_request *req,
	    const char *name);

#endif /* PODINIT_HTTP_PARSE_H */
