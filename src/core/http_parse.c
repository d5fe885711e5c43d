/* http_parse: the incremental HTTP/1.x response parser used by the httpGet
 * prober and the strict request-head parser used by the status API.  Pure:
 * no I/O, no allocation, every buffer bounded.  Error texts follow Go's
 * net/http so that probe messages read like kubelet's. */
#include "podinit/http_parse.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

enum resp_state {
	ST_STATUS = 0,
	ST_HEADER,
	ST_BODY_LEN,		/* Content-Length body */
	ST_BODY_EOF,		/* body until the peer closes */
	ST_CHUNK_SIZE,
	ST_CHUNK_DATA,
	ST_CHUNK_END,		/* the CRLF after a chunk's data */
	ST_TRAILER,
	ST_DONE,
	ST_ERROR,
};

void
http_quote(char *dst, size_t dstsz, const char *s, size_t n)
{
	size_t o = 0, i;

	if (dstsz == 0)
		return;
#define PUT(c) do { if (o + 1 < dstsz) dst[o++] = (c); } while (0)
	PUT('"');
	for (i = 0; i < n && o + 5 < dstsz; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': PUT('\\'); PUT('"'); break;
		case '\\': PUT('\\'); PUT('\\'); break;
		case '\n': PUT('\\'); PUT('n'); break;
		case '\r': PUT('\\'); PUT('r'); break;
		case '\t': PUT('\\'); PUT('t'); break;
		default:
			if (c < 0x20 || c >= 0x7f) {
				static const char hex[] = "0123456789abcdef";

				PUT('\\'); PUT('x');
				PUT(hex[c >> 4]); PUT(hex[c & 15]);
			} else
				PUT((char)c);
		}
	}
	PUT('"');
#undef PUT
	dst[o] = '\0';
}

static enum http_parse_status
resp_fail(struct http_resp *p, const char *what, const char *val, size_t n)
{
	size_t wl = strlen(what);

	if (wl > sizeof p->error / 2)
		wl = sizeof p->error / 2;
	memcpy(p->error, what, wl);
	p->error[wl] = '\0';
	if (val != NULL) {
		p->error[wl++] = ' ';
		/* Quote at most ~100 bytes of the offending text. */
		http_quote(p->error + wl, sizeof p->error - wl, val, n > 100 ? 100 : n);
	}
	p->state = ST_ERROR;
	return HTTP_PARSE_ERROR;
}

void
http_resp_init(struct http_resp *p, char *body, size_t body_cap)
{
	memset(p, 0, offsetof(struct http_resp, line));
	p->line_len = p->line_total = p->head_bytes = 0;
	p->remaining = 0;
	p->no_body = p->seen_cl = p->got_any = p->line_cr = false;
	p->state = ST_STATUS;
	p->content_length = -1;
	p->body = body;
	p->body_cap = body_cap;
	p->body_len = 0;
	if (body != NULL)
		body[0] = '\0';
}

static bool
is_tchar(unsigned char c)
{
	if (c >= 'a' && c <= 'z') return true;
	if (c >= 'A' && c <= 'Z') return true;
	if (c >= '0' && c <= '9') return true;
	return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool
has_token(const char *v, size_t n, const char *tok)
{
	size_t tl = strlen(tok), i = 0;

	while (i < n) {
		size_t s, e;

		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		s = i;
		while (i < n && v[i] != ',')
			i++;
		e = i;
		while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
			e--;
		if (e - s == tl && strncasecmp(v + s, tok, tl) == 0)
			return true;
	}
	return false;
}

static enum http_parse_status
status_line(struct http_resp *p)
{
	const char *l = p->line, *sp, *code;
	size_t n = p->line_len;
	int i, v = 0;

	if (p->line_total > p->line_len)
		return resp_fail(p, "net/http: HTTP/1.x transport connection broken: malformed HTTP response", l, n);
	sp = memchr(l, ' ', n);
	if (sp == NULL)
		return resp_fail(p, "net/http: HTTP/1.x transport connection broken: malformed HTTP response", l, n);
	if (sp - l != 8 || memcmp(l, "HTTP/1.", 7) != 0 || l[7] < '0' || l[7] > '9')
		return resp_fail(p, "net/http: HTTP/1.x transport connection broken: malformed HTTP version", l, (size_t)(sp - l));
	p->minor = l[7] - '0';
	code = sp + 1;
	for (i = 0; i < 3; i++) {
		if (code + i >= l + n || code[i] < '0' || code[i] > '9')
			goto badcode;
		v = v * 10 + (code[i] - '0');
	}
	if (code + 3 < l + n && code[3] != ' ')
		goto badcode;
	if (v < 100)
		goto badcode;
	p->status = v;
	p->state = ST_HEADER;
	return HTTP_PARSE_MORE;
badcode:
	{
		const char *e = memchr(code, ' ', (size_t)(l + n - code));

		return resp_fail(p, "net/http: HTTP/1.x transport connection broken: malformed HTTP status code",
		    code, (size_t)((e ? e : l + n) - code));
	}
}

/* All headers are in: decide how the body is framed. */
static enum http_parse_status
headers_end(struct http_resp *p)
{
	if (p->status >= 100 && p->status < 200 && p->status != 101) {
		/* Go's client skips informational responses and reads on. */
		p->state = ST_STATUS;
		p->has_location = p->chunked = p->conn_close = p->seen_cl = false;
		p->content_length = -1;
		return HTTP_PARSE_MORE;
	}
	p->headers_done = true;
	if (p->status == 204 || p->status == 304 || p->status == 101)
		p->no_body = true;
	if (p->no_body) {
		p->state = ST_DONE;
		return HTTP_PARSE_DONE;
	}
	if (p->chunked)
		p->state = ST_CHUNK_SIZE;
	else if (p->content_length >= 0) {
		p->remaining = (uint64_t)p->content_length;
		p->state = ST_BODY_LEN;
		if (p->remaining == 0) {
			p->state = ST_DONE;
			return HTTP_PARSE_DONE;
		}
	} else
		p->state = ST_BODY_EOF;
	if (p->body_cap == 0) {
		/* Nothing wanted of the body: done as soon as it starts. */
		p->body_truncated = true;
		p->state = ST_DONE;
		return HTTP_PARSE_DONE;
	}
	return HTTP_PARSE_MORE;
}

static enum http_parse_status
header_line(struct http_resp *p)
{
	const char *l = p->line, *colon, *v, *e;
	size_t n = p->line_len, i, nl;

	if (p->line_total == 0)
		return headers_end(p);
	if (l[0] == ' ' || l[0] == '\t')
		return resp_fail(p, "net/http: HTTP/1.x transport connection broken: malformed MIME header line:", l, n);
	colon = memchr(l, ':', n);
	if (colon == NULL || colon == l)
		return resp_fail(p, "net/http: HTTP/1.x transport connection broken: malformed MIME header line:", l, n);
	nl = (size_t)(colon - l);
	for (i = 0; i < nl; i++)
		if (!is_tchar((unsigned char)l[i]))
			return resp_fail(p, "net/http: HTTP/1.x transport connection broken: malformed MIME header line:", l, n);
	v = colon + 1;
	e = l + n;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (nl == 8 && strncasecmp(l, "Location", 8) == 0) {
		size_t vl = (size_t)(e - v);

		if (p->line_total > p->line_len || vl >= sizeof p->location)
			return resp_fail(p, "net/http: Location header too long", NULL, 0);
		memcpy(p->location, v, vl);
		p->location[vl] = '\0';
		p->has_location = true;
	} else if (nl == 14 && strncasecmp(l, "Content-Length", 14) == 0) {
		uint64_t cl = 0;
		const char *q;

		if (v == e)
			return resp_fail(p, "net/http: HTTP/1.x transport connection broken: bad Content-Length", v, 0);
		for (q = v; q < e; q++) {
			if (*q < '0' || *q > '9' || cl > (UINT64_C(1) << 62))
				return resp_fail(p, "net/http: HTTP/1.x transport connection broken: bad Content-Length", v, (size_t)(e - v));
			cl = cl * 10 + (uint64_t)(*q - '0');
		}
		if (p->seen_cl && (int64_t)cl != p->content_length)
			return resp_fail(p, "net/http: HTTP/1.x transport connection broken: http: message cannot contain multiple Content-Length headers; got", v, (size_t)(e - v));
		p->seen_cl = true;
		p->content_length = (int64_t)cl;
	} else if (nl == 17 && strncasecmp(l, "Transfer-Encoding", 17) == 0) {
		if (has_token(v, (size_t)(e - v), "chunked"))
			p->chunked = true;
		else if (!has_token(v, (size_t)(e - v), "identity"))
			return resp_fail(p, "net/http: HTTP/1.x transport connection broken: unsupported transfer encoding:", v, (size_t)(e - v));
	} else if (nl == 10 && strncasecmp(l, "Connection", 10) == 0) {
		if (has_token(v, (size_t)(e - v), "close"))
			p->conn_close = true;
	}
	return HTTP_PARSE_MORE;
}

static enum http_parse_status
chunk_size_line(struct http_resp *p)
{
	const char *l = p->line;
	size_t n = p->line_len, i;
	uint64_t sz = 0;

	if (p->line_total > p->line_len || n == 0)
		return resp_fail(p, "malformed chunked encoding", NULL, 0);
	for (i = 0; i < n; i++) {
		char c = l[i];
		int d;

		if (c >= '0' && c <= '9') d = c - '0';
		else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
		else break;
		if (i >= 15)
			return resp_fail(p, "http chunk length too large", NULL, 0);
		sz = sz * 16 + (uint64_t)d;
	}
	if (i == 0 || (i < n && l[i] != ';' && l[i] != ' ' && l[i] != '\t'))
		return resp_fail(p, "invalid byte in chunk length", NULL, 0);
	if (sz == 0) {
		p->state = ST_TRAILER;
		return HTTP_PARSE_MORE;
	}
	p->remaining = sz;
	p->state = ST_CHUNK_DATA;
	return HTTP_PARSE_MORE;
}

/* A complete line is in p->line (without CR LF). */
static enum http_parse_status
resp_line(struct http_resp *p)
{
	switch (p->state) {
	case ST_STATUS:
		return status_line(p);
	case ST_HEADER:
		return header_line(p);
	case ST_CHUNK_SIZE:
		return chunk_size_line(p);
	case ST_CHUNK_END:
		if (p->line_total != 0)
			return resp_fail(p, "malformed chunked encoding", NULL, 0);
		p->state = ST_CHUNK_SIZE;
		return HTTP_PARSE_MORE;
	case ST_TRAILER:
		if (p->line_total == 0) {
			p->state = ST_DONE;
			return HTTP_PARSE_DONE;
		}
		return HTTP_PARSE_MORE;
	default:
		return resp_fail(p, "internal parser state", NULL, 0);
	}
}

static bool
in_head(const struct http_resp *p)
{
	return p->state == ST_STATUS || p->state == ST_HEADER || p->state == ST_TRAILER;
}

/* Body bytes: keep up to body_cap, and stop there (kubelet's ReadAtMost). */
static enum http_parse_status
body_bytes(struct http_resp *p, const char *d, size_t n)
{
	size_t room = p->body_cap - p->body_len, k = n < room ? n : room;

	memcpy(p->body + p->body_len, d, k);
	p->body_len += k;
	p->body[p->body_len] = '\0';
	if (p->body_len == p->body_cap) {
		p->body_truncated = true;
		p->state = ST_DONE;
		return HTTP_PARSE_DONE;
	}
	return HTTP_PARSE_MORE;
}

enum http_parse_status
http_resp_feed(struct http_resp *p, const char *data, size_t len)
{
	size_t i = 0;
	enum http_parse_status st;

	if (len > 0)
		p->got_any = true;
	while (i < len) {
		switch (p->state) {
		case ST_DONE:
			return HTTP_PARSE_DONE;
		case ST_ERROR:
			return HTTP_PARSE_ERROR;
		case ST_BODY_LEN:
		case ST_CHUNK_DATA: {
			size_t k = len - i;

			if ((uint64_t)k > p->remaining)
				k = (size_t)p->remaining;
			p->remaining -= k;
			st = body_bytes(p, data + i, k);
			i += k;
			if (st != HTTP_PARSE_MORE)
				return st;
			if (p->remaining == 0) {
				if (p->state == ST_BODY_LEN) {
					p->state = ST_DONE;
					return HTTP_PARSE_DONE;
				}
				p->state = ST_CHUNK_END;
			}
			break;
		}
		case ST_BODY_EOF:
			st = body_bytes(p, data + i, len - i);
			i = len;
			if (st != HTTP_PARSE_MORE)
				return st;
			break;
		default: {
			/* Line-oriented states: keep up to sizeof line bytes of
			 * the line's content, count the rest. */
			const char *nl = memchr(data + i, '\n', len - i);
			size_t k = nl ? (size_t)(nl - (data + i)) : len - i;
			size_t adv = nl ? k + 1 : k, keep;

			if (in_head(p)) {
				p->head_bytes += adv;
				if (p->head_bytes > HTTP_RESP_HEAD_MAX)
					return resp_fail(p, "net/http: server response headers exceeded 65536 bytes; aborted", NULL, 0);
			}
			keep = sizeof p->line - p->line_len;
			if (keep > k)
				keep = k;
			memcpy(p->line + p->line_len, data + i, keep);
			p->line_len += keep;
			p->line_total += k;
			if (k > 0)
				p->line_cr = data[i + k - 1] == '\r';
			i += adv;
			if ((p->state == ST_CHUNK_SIZE || p->state == ST_CHUNK_END) &&
			    p->line_total > sizeof p->line)
				return resp_fail(p, "malformed chunked encoding", NULL, 0);
			if (nl == NULL)
				break;
			/* LF or CR LF ends a line (Go accepts both). */
			if (p->line_cr && p->line_total > 0) {
				p->line_total--;
				if (p->line_len > p->line_total)
					p->line_len = p->line_total;
			}
			p->line_cr = false;
			st = resp_line(p);
			p->line_len = p->line_total = 0;
			if (st != HTTP_PARSE_MORE)
				return st;
			break;
		}
		}
	}
	if (p->state == ST_DONE)
		return HTTP_PARSE_DONE;
	return HTTP_PARSE_MORE;
}

enum http_parse_status
http_resp_eof(struct http_resp *p)
{
	switch (p->state) {
	case ST_DONE:
		return HTTP_PARSE_DONE;
	case ST_ERROR:
		return HTTP_PARSE_ERROR;
	case ST_BODY_EOF:
		p->state = ST_DONE;
		return HTTP_PARSE_DONE;
	case ST_STATUS:
		if (!p->got_any)
			return resp_fail(p, "EOF", NULL, 0);
		return resp_fail(p, "unexpected EOF", NULL, 0);
	case ST_HEADER:
	case ST_BODY_LEN:
	case ST_CHUNK_SIZE:
	case ST_CHUNK_DATA:
	case ST_CHUNK_END:
	case ST_TRAILER:
		return resp_fail(p, "unexpected EOF", NULL, 0);
	}
	return resp_fail(p, "unexpected EOF", NULL, 0);
}

/* ---- request heads ---------------------------------------------------- */

static ssize_t
req_fail(struct http_request *req, int status, const char *why)
{
	req->error_status = status;
	req->error = why;
	return -1;
}

static bool
visible(unsigned char c)
{
	return c > 0x20 && c < 0x7f;
}

/* Find the end of the line starting at s (bounded by end): returns the
 * position of '\n', sets *eol to where the content ends (before CR). */
static const char *
req_line_end(const char *s, const char *end, const char **eol)
{
	const char *nl;

	if (s >= end)
		return NULL;
	nl = memchr(s, '\n', (size_t)(end - s));
	if (nl == NULL)
		return NULL;
	*eol = (nl > s && nl[-1] == '\r') ? nl - 1 : nl;
	return nl;
}

ssize_t
http_request_parse(const char *buf, size_t len, struct http_request *req)
{
	const char *end, *p, *nl, *eol, *sp1, *sp2;
	size_t i, n;

	memset(req, 0, sizeof *req);
	req->content_length = -1;
	req->minor = -1;
	if (len > HTTP_REQ_HEAD_MAX)
		len = HTTP_REQ_HEAD_MAX;
	end = buf + len;

	/* Tolerate (and skip) empty lines before the request line, RFC 9112 §2.2. */
	p = buf;
	while (p < end && (*p == '\r' || *p == '\n')) {
		if (*p == '\r' && (p + 1 >= end || p[1] != '\n'))
			break;
		p += *p == '\r' ? 2 : 1;
		if (p - buf > 8)
			return req_fail(req, 400, "leading empty lines");
	}
	nl = req_line_end(p, end, &eol);
	if (nl == NULL) {
		/* Check what we have so far so garbage is refused early. */
		for (const char *q = p; q < end; q++)
			if (*q == '\0' || (*q == '\r' && q + 1 < end))
				return req_fail(req, 400, "bad request line");
		if ((size_t)(end - p) >= HTTP_REQ_TARGET_MAX + 32)
			return req_fail(req, 414, "request line too long");
		if (len >= HTTP_REQ_HEAD_MAX)
			return req_fail(req, 431, "request head too large");
		return 0;
	}
	n = (size_t)(eol - p);
	for (i = 0; i < n; i++)
		if (p[i] == '\r' || p[i] == '\0' || p[i] == '\t')
			return req_fail(req, 400, "bad request line");
	sp1 = memchr(p, ' ', n);
	if (sp1 == NULL || sp1 == p)
		return req_fail(req, 400, "bad request line");
	/* Garbage first (400), then a well-formed method too long to be
	 * one we know (501, which the API answers as 405). */
	for (const char *q = p; q < sp1; q++)
		if (!is_tchar((unsigned char)*q))
			return req_fail(req, 400, "bad method");
	if ((size_t)(sp1 - p) >= sizeof req->method)
		return req_fail(req, 501, "method not implemented");
	memcpy(req->method, p, (size_t)(sp1 - p));
	req->method[sp1 - p] = '\0';
	sp2 = memchr(sp1 + 1, ' ', (size_t)(eol - (sp1 + 1)));
	if (sp2 == NULL || sp2 == sp1 + 1)
		return req_fail(req, 400, "bad request line");
	if ((size_t)(sp2 - (sp1 + 1)) >= sizeof req->target)
		return req_fail(req, 414, "request target too long");
	if (sp1[1] != '/')
		return req_fail(req, 400, "bad request target");
	for (const char *q = sp1 + 1; q < sp2; q++)
		if (!visible((unsigned char)*q))
			return req_fail(req, 400, "bad request target");
	memcpy(req->target, sp1 + 1, (size_t)(sp2 - (sp1 + 1)));
	req->target[sp2 - (sp1 + 1)] = '\0';
	{
		char *qm = strchr(req->target, '?');

		req->path_len = qm ? (size_t)(qm - req->target) : strlen(req->target);
		req->query = qm ? qm + 1 : NULL;
	}
	if (eol - (sp2 + 1) != 8 || memcmp(sp2 + 1, "HTTP/1.", 7) != 0)
		return req_fail(req, (eol - (sp2 + 1) == 8 && memcmp(sp2 + 1, "HTTP/", 5) == 0) ? 505 : 400,
		    "bad HTTP version");
	if (sp2[8] != '0' && sp2[8] != '1')
		return req_fail(req, 505, "HTTP version not supported");
	req->minor = sp2[8] - '0';
	req->keep_alive = req->minor == 1;

	/* Header lines. */
	p = nl + 1;
	for (;;) {
		const char *colon, *v, *ve;
		struct http_req_header *h;

		nl = req_line_end(p, end, &eol);
		if (nl == NULL) {
			for (const char *q = p; q < end; q++)
				if (*q == '\0' || (*q == '\r' && q + 1 < end))
					return req_fail(req, 400, "bad header line");
			if (len >= HTTP_REQ_HEAD_MAX)
				return req_fail(req, 431, "request head too large");
			return 0;
		}
		if (eol == p)
			break;		/* empty line: end of head */
		if (*p == ' ' || *p == '\t')
			return req_fail(req, 400, "obsolete line folding");
		colon = memchr(p, ':', (size_t)(eol - p));
		if (colon == NULL || colon == p)
			return req_fail(req, 400, "bad header line");
		for (const char *q = p; q < colon; q++)
			if (!is_tchar((unsigned char)*q))
				return req_fail(req, 400, "bad header name");
		v = colon + 1;
		ve = eol;
		for (const char *q = v; q < ve; q++) {
			unsigned char c = (unsigned char)*q;

			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return req_fail(req, 400, "bad header value");
		}
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		if (req->n_headers == HTTP_REQ_HEADERS_MAX)
			return req_fail(req, 431, "too many headers");
		h = &req->headers[req->n_headers++];
		h->name = p;
		h->name_len = (size_t)(colon - p);
		h->value = v;
		h->value_len = (size_t)(ve - v);

		if (h->name_len == 4 && strncasecmp(p, "Host", 4) == 0) {
			if (req->host != NULL)
				return req_fail(req, 400, "duplicate Host");
			req->host = v;
			req->host_len = h->value_len;
		} else if (h->name_len == 14 && strncasecmp(p, "Content-Length", 14) == 0) {
			int64_t cl = 0;

			if (req->content_length >= 0 || h->value_len == 0 || h->value_len > 12)
				return req_fail(req, 400, "bad Content-Length");
			for (const char *q = v; q < ve; q++) {
				if (*q < '0' || *q > '9')
					return req_fail(req, 400, "bad Content-Length");
				cl = cl * 10 + (*q - '0');
			}
			req->content_length = cl;
		} else if (h->name_len == 17 && strncasecmp(p, "Transfer-Encoding", 17) == 0) {
			req->chunked = true;
		} else if (h->name_len == 10 && strncasecmp(p, "Connection", 10) == 0) {
			if (has_token(v, h->value_len, "close"))
				req->keep_alive = false;
			else if (has_token(v, h->value_len, "keep-alive"))
				req->keep_alive = true;
		}
		p = nl + 1;
	}
	if (req->chunked && req->content_length >= 0)
		return req_fail(req, 400, "Content-Length with Transfer-Encoding");
	if (req->minor == 1 && req->host == NULL)
		return req_fail(req, 400, "missing Host");
	return (ssize_t)(nl + 1 - buf);
}

const struct http_req_header *
http_request_header(const struct http_request *req, const char *name)
{
	size_t nl = strlen(name), i;

	for (i = 0; i < req->n_headers; i++)
		if (req->headers[i].name_len == nl &&
		    strncasecmp(req->headers[i].name, name, nl) == 0)
			return &req->headers[i];
	return NULL;
}
