/* json: writer with automatic commas and strict escaping (control
 * characters as \u00XX, invalid UTF-8 replaced), so any byte a workload or
 * a hostile server produced can be put in an event message safely. */
#include "podinit/json.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

void
json_init(struct json *j, struct buf *b)
{
	memset(j, 0, sizeof *j);
	j->b = b;
}

static void
before_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->need_comma[j->depth])
		buf_addc(j->b, ',');
	j->need_comma[j->depth] = true;
}

static void
open_container(struct json *j, char c)
{
	before_value(j);
	buf_addc(j->b, c);
	if (j->depth < JSON_MAX_DEPTH - 1)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void
close_container(struct json *j, char c)
{
	buf_addc(j->b, c);
	if (j->depth > 0)
		j->depth--;
}

void json_object_begin(struct json *j) { open_container(j, '{'); }
void json_object_end(struct json *j) { close_container(j, '}'); }
void json_array_begin(struct json *j) { open_container(j, '['); }
void json_array_end(struct json *j) { close_container(j, ']'); }

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xE0) == 0xC0) { len = 2; cp = s[0] & 0x1F; }
	else if ((s[0] & 0xF0) == 0xE0) { len = 3; cp = s[0] & 0x0F; }
	else if ((s[0] & 0xF8) == 0xF0) { len = 4; cp = s[0] & 0x07; }
	else return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

void
json_escape(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned char c = p[i];
		switch (c) {
		case '"': buf_adds(b, "\\\""); i++; continue;
		case '\\': buf_adds(b, "\\\\"); i++; continue;
		case '\n': buf_adds(b, "\\n"); i++; continue;
		case '\r': buf_adds(b, "\\r"); i++; continue;
		case '\t': buf_adds(b, "\\t"); i++; continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7f) {
			buf_printf(b, "\\u%04x", c);
			i++;
			continue;
		}
		size_t l = utf8_len(p + i, n - i);
		if (l == 0) {
			buf_adds(b, "\\ufffd");
			i++;
			continue;
		}
		buf_add(b, p + i, l);
		i += l;
	}
}

void
json_key(struct json *j, const char *key)
{
	before_value(j);
	buf_addc(j->b, '"');
	json_escape(j->b, key, strlen(key));
	buf_adds(j->b, "\":");
	j->after_key = true;
}

void
json_string_n(struct json *j, const char *s, size_t n)
{
	before_value(j);
	buf_addc(j->b, '"');
	json_escape(j->b, s, n);
	buf_addc(j->b, '"');
}

void
json_string(struct json *j, const char *s)
{
	if (s == NULL) {
		json_null(j);
		return;
	}
	json_string_n(j, s, strlen(s));
}

void
json_int(struct json *j, int64_t v)
{
	before_value(j);
	buf_printf(j->b, "%" PRId64, v);
}

void
json_double(struct json *j, double v)
{
	before_value(j);
	if (!isfinite(v))
		buf_adds(j->b, "null");
	else
		buf_printf(j->b, "%.17g", v);
}

void
json_bool(struct json *j, bool v)
{
	before_value(j);
	buf_adds(j->b, v ? "true" : "false");
}

void
json_null(struct json *j)
{
	before_value(j);
	buf_adds(j->b, "null");
}

void json_kv_string(struct json *j, const char *k, const char *s) { json_key(j, k); json_string(j, s); }
void json_kv_int(struct json *j, const char *k, int64_t v) { json_key(j, k); json_int(j, v); }
void json_kv_bool(struct json *j, const char *k, bool v) { json_key(j, k); json_bool(j, v); }
