/* http_parse: the response parser fed whole and one byte at a time must
 * agree; the request parser's strict limits. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "podinit/http_parse.h"

struct rcase {
	char	 in[512];
	int	 want;		/* HTTP_PARSE_* after feeding (and EOF when eof) */
	bool	 eof;
	int	 status;
	char	 body[64];
	char	 location[64];
	char	 error[128];	/* substring of the error when want == ERROR */
};

static enum http_parse_status
feed(struct http_resp *p, const char *in, bool bytewise, bool eof)
{
	size_t n = strlen(in);
	enum http_parse_status st = HTTP_PARSE_MORE;

	if (bytewise) {
		for (size_t i = 0; i < n && st == HTTP_PARSE_MORE; i++)
			st = http_resp_feed(p, in + i, 1);
	} else if (n > 0)
		st = http_resp_feed(p, in, n);
	if (st == HTTP_PARSE_MORE && eof)
		st = http_resp_eof(p);
	return st;
}

ParameterizedTestParameters(http_resp, cases)
{
	static struct rcase c[] = {
		{ "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 1, false, 200, "hello", "", "" },
		{ "HTTP/1.0 204 No Content\r\n\r\n", 1, false, 204, "", "", "" },
		{ "HTTP/1.1 500\r\nContent-Length: 0\r\n\r\n", 1, false, 500, "", "", "" },
		{ "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", 1, false, 200, "ok", "", "" },
		{ "HTTP/1.1 302 Found\r\nLocation: /new?x=1\r\nContent-Length: 3\r\n\r\nabc", 1, false, 302, "abc", "/new?x=1", "" },
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nX-T: 1\r\n\r\n", 1, false, 200, "abcde", "", "" },
		{ "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nz", 1, false, 201, "z", "", "" },
		{ "HTTP/1.1 200 OK\r\n\r\nuntil close", 1, true, 200, "until close", "", "" },
		{ "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", -1, true, 200, "", "", "unexpected EOF" },
		{ "HTTP/1.1 200 OK\r\nContent-Le", -1, true, 0, "", "", "unexpected EOF" },
		{ "", -1, true, 0, "", "", "EOF" },
		{ "garbage\r\n\r\n", -1, false, 0, "", "", "malformed HTTP response \"garbage\"" },
		{ "HTTP/2.0 200 OK\r\n\r\n", -1, false, 0, "", "", "malformed HTTP version" },
		{ "HTTP/1.1 2x0 OK\r\n\r\n", -1, false, 0, "", "", "malformed HTTP status code \"2x0\"" },
		{ "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", -1, false, 0, "", "", "malformed MIME header line" },
		{ "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", -1, false, 0, "", "", "multiple Content-Length" },
		{ "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", -1, false, 0, "", "", "bad Content-Length" },
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", -1, false, 0, "", "", "chunk length" },
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n", -1, false, 0, "", "", "malformed chunked encoding" },
	};
	return cr_make_param_array(struct rcase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct rcase *c, http_resp, cases)
{
	for (int bytewise = 0; bytewise < 2; bytewise++) {
		struct http_resp p;
		char body[64];
		enum http_parse_status st;

		http_resp_init(&p, body, sizeof body - 1);
		st = feed(&p, c->in, bytewise, c->eof);
		cr_expect_eq((int)st, c->want, "%s (bytewise %d): got %d, error %s", c->in,
		    bytewise, st, p.error);
		if (c->want == HTTP_PARSE_DONE) {
			cr_expect_eq(p.status, c->status);
			cr_expect_str_eq(p.body, c->body);
			if (c->location[0] != '\0')
				cr_expect_str_eq(p.location, c->location);
		} else if (c->want == HTTP_PARSE_ERROR)
			cr_expect(strstr(p.error, c->error) != NULL, "error %s, want %s", p.error, c->error);
	}
}

Test(http_resp, body_cap_ends_the_response)
{
	static char in[20000];
	char body[10241];
	struct http_resp p;
	int n = snprintf(in, sizeof in, "HTTP/1.1 200 OK\r\nContent-Length: 12000\r\n\r\n");

	memset(in + n, 'x', 12000);
	http_resp_init(&p, body, 10240);
	cr_assert_eq(http_resp_feed(&p, in, (size_t)n + 12000), HTTP_PARSE_DONE);
	cr_expect_eq(p.body_len, 10240);
	cr_expect(p.body_truncated);
}

Test(http_resp, oversized_headers_are_refused)
{
	static char line[HTTP_RESP_HEAD_MAX + 100];
	struct http_resp p;
	char body[8];
	const char *head = "HTTP/1.1 200 OK\r\nX-Big: ";
	enum http_parse_status st;

	http_resp_init(&p, body, sizeof body - 1);
	cr_assert_eq(http_resp_feed(&p, head, strlen(head)), HTTP_PARSE_MORE);
	memset(line, 'b', sizeof line);
	st = http_resp_feed(&p, line, sizeof line);
	cr_expect_eq(st, HTTP_PARSE_ERROR);
	cr_expect(strstr(p.error, "exceeded 65536 bytes"), "%s", p.error);
}

Test(http_resp, long_header_lines_are_kept_bounded)
{
	static char in[HTTP_RESP_LINE_MAX * 3];
	struct http_resp p;
	char body[8];
	int n = snprintf(in, sizeof in, "HTTP/1.1 200 OK\r\nX-Long: ");

	memset(in + n, 'l', HTTP_RESP_LINE_MAX * 2);
	n += HTTP_RESP_LINE_MAX * 2;
	n += snprintf(in + n, sizeof in - (size_t)n, "\r\nContent-Length: 2\r\n\r\nok");
	http_resp_init(&p, body, sizeof body - 1);
	cr_expect_eq(http_resp_feed(&p, in, (size_t)n), HTTP_PARSE_DONE, "%s", p.error);
	cr_expect_str_eq(p.body, "ok");
}

Test(http_quote, go_style)
{
	char out[64];

	http_quote(out, sizeof out, "a\"b\\\n\x01", 6);
	cr_expect_str_eq(out, "\"a\\\"b\\\\\\n\\x01\"");
}

/* ---- requests ---------------------------------------------------------- */

struct qcase {
	char	 in[256];
	int	 want;		/* >0 complete (length = strlen), 0 more, -1 error */
	int	 status;	/* error_status when -1 */
	char	 path[32];
};

ParameterizedTestParameters(http_request, cases)
{
	static struct qcase c[] = {
		{ "GET /status HTTP/1.1\r\nHost: x\r\n\r\n", 1, 0, "/status" },
		{ "GET /metrics?x=1 HTTP/1.0\r\n\r\n", 1, 0, "/metrics" },
		{ "GET / HTTP/1.1\nHost: x\n\n", 1, 0, "/" },
		{ "GET / HTTP/1.1\r\nHost: x\r\n", 0, 0, "" },
		{ "GET / HT", 0, 0, "" },
		{ "GET / HTTP/1.1\r\n\r\n", -1, 400, "" },
		{ "G\x01T / HTTP/1.1\r\nHost: x\r\n\r\n", -1, 400, "" },
		{ "GE(T) / HTTP/1.1\r\nHost: x\r\n\r\n", -1, 400, "" },
		{ "\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4\xf3\xf2\xf1\xf0\xef\xee / HTTP/1.1\r\n\r\n", -1, 400, "" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZ / HTTP/1.1\r\nHost: x\r\n\r\n", -1, 501, "" },
		{ "GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n", -1, 400, "" },
		{ "GET / HTTP/2.0\r\n\r\n", -1, 505, "" },
		{ "GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", -1, 400, "" },
		{ "GET / HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n", -1, 400, "" },
		{ "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", -1, 400, "" },
		{ "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", -1, 400, "" },
		{ "GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n", -1, 400, "" },
		{ "GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n", -1, 400, "" },
	};
	return cr_make_param_array(struct qcase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct qcase *c, http_request, cases)
{
	struct http_request q;
	size_t n = strlen(c->in);
	ssize_t r = http_request_parse(c->in, n, &q);

	if (c->want > 0) {
		cr_assert_eq(r, (ssize_t)n, "%s: %zd (%s)", c->in, r, q.error ? q.error : "");
		cr_expect_eq(q.path_len, strlen(c->path));
		cr_expect(strncmp(q.target, c->path, q.path_len) == 0);
		cr_expect_str_eq(q.method, "GET");
	} else if (c->want == 0)
		cr_expect_eq(r, 0, "%s: %zd", c->in, r);
	else {
		cr_expect_eq(r, -1, "%s: %zd", c->in, r);
		cr_expect_eq(q.error_status, c->status, "%s: %d", c->in, q.error_status);
	}
}

Test(http_request, header_lookup_and_keep_alive)
{
	const char *in = "GET /x?y HTTP/1.1\r\nHost: h\r\nConnection: close\r\nX-A:  v \r\n\r\nBODY";
	struct http_request q;
	const struct http_req_header *h;

	cr_assert_eq(http_request_parse(in, strlen(in), &q), (ssize_t)(strlen(in) - 4));
	cr_expect_not(q.keep_alive);
	cr_expect_str_eq(q.query, "y");
	h = http_request_header(&q, "x-a");
	cr_assert_not_null(h);
	cr_expect_eq(h->value_len, 1);
	cr_expect_eq(h->value[0], 'v');
}

Test(http_request, oversized_head_is_431)
{
	static char in[HTTP_REQ_HEAD_MAX + 10];
	struct http_request q;
	int n = snprintf(in, sizeof in, "GET / HTTP/1.1\r\nHost: x\r\nX: ");

	memset(in + n, 'a', sizeof in - (size_t)n);
	cr_expect_eq(http_request_parse(in, sizeof in, &q), -1);
	cr_expect_eq(q.error_status, 431);
}

Test(http_request, long_target_is_414)
{
	static char in[HTTP_REQ_TARGET_MAX + 64];
	struct http_request q;

	memset(in, 'a', sizeof in);
	memcpy(in, "GET /", 5);
	cr_expect_eq(http_request_parse(in, sizeof in, &q), -1);
	cr_expect_eq(q.error_status, 414);
}

/* A method is a token and case-sensitive: "get" is well formed (the API
 * answers it 405, as any method but GET and HEAD), not garbage. */
Test(http_request, lowercase_method_is_a_method)
{
	static const char in[] = "get / HTTP/1.1\r\nHost: x\r\n\r\n";
	struct http_request q;

	cr_assert_eq(http_request_parse(in, strlen(in), &q), (ssize_t)strlen(in));
	cr_assert_str_eq(q.method, "get");
}
