/* hostport: HOST:PORT, [IPv6]:PORT and http(s) URL parsing, and HTTP
 * header-name canonicalisation: the one dialect the handler flags,
 * `podinit probe`, --status-addr and the loader share. */
#include "podinit/hostport.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int
hostport_parse_port(const char *s, size_t len, int min)
{
	int port = 0;

	if (len == 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		port = port * 10 + (s[i] - '0');
		if (port > 65535)
			return -1;
	}
	return port >= min ? port : -1;
}

int
hostport_parse(const char *s, size_t len, int min_port, int default_port,
    struct hostport *out, char *err, size_t errsz)
{
	const char *end = s + len, *colon;

	memset(out, 0, sizeof *out);
	if (len >= HOSTPORT_MAX) {
		snprintf(err, errsz, "address too long");
		return -1;
	}
	if (len > 0 && s[0] == '[') {
		const char *close = memchr(s, ']', len);

		if (close == NULL || (close + 1 < end && close[1] != ':') ||
		    (close + 1 == end && default_port <= 0)) {
			snprintf(err, errsz, "\"%.*s\": expected [IPv6]:PORT", (int)len, s);
			return -1;
		}
		out->host = s + 1;
		out->host_len = (size_t)(close - s - 1);
		colon = close + 1 < end ? close + 1 : NULL;
	} else {
		colon = memrchr(s, ':', len);
		/* An empty authority is a typo, whatever the default port. */
		if ((colon == NULL && default_port <= 0) || len == 0) {
			snprintf(err, errsz, "\"%.*s\": expected HOST:PORT", (int)len, s);
			return -1;
		}
		out->host = s;
		out->host_len = colon != NULL ? (size_t)(colon - s) : len;
	}
	if (colon == NULL || (colon + 1 == end && default_port > 0)) {
		out->port = default_port;
		return 0;
	}
	if ((out->port = hostport_parse_port(colon + 1, (size_t)(end - colon - 1), min_port)) == -1) {
		snprintf(err, errsz, "\"%.*s\": port must be %d..65535",
		    (int)(end - colon - 1), colon + 1, min_port);
		return -1;
	}
	return 0;
}

bool
hostport_is_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

int
hostport_parse_url(const char *s, struct hostport_url *out, char *err, size_t errsz)
{
	const char *a, *p;

	memset(out, 0, sizeof *out);
	if (strncasecmp(s, "http://", 7) == 0)
		a = s + 7;
	else if (strncasecmp(s, "https://", 8) == 0) {
		a = s + 8;
		out->https = true;
	} else {
		snprintf(err, errsz, "\"%s\": expected http:// or https://", s);
		return -1;
	}
	p = a + strcspn(a, "/?");
	if (hostport_parse(a, (size_t)(p - a), 1, out->https ? 443 : 80, &out->authority,
	    err, errsz) == -1)
		return -1;
	out->path = p;
	out->path_len = strlen(p);
	return 0;
}

void
hostport_canonical_header(const char *in, char *out)
{
	bool upper = true;
	size_t i;

	/* Go leaves keys with non-token bytes unchanged. */
	for (i = 0; in[i]; i++)
		if ((unsigned char)in[i] <= 0x20 || (unsigned char)in[i] >= 0x7f)
			break;
	if (in[i] != '\0') {
		if (out != in)
			strcpy(out, in);
		return;
	}
	for (i = 0; in[i]; i++) {
		char ch = in[i];
		out[i] = upper ? (char)toupper((unsigned char)ch) : (char)tolower((unsigned char)ch);
		upper = ch == '-';
	}
	out[i] = '\0';
}
