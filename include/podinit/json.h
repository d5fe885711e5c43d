/* json: a JSON writer into a bounded buf, with correct string escaping.
 * Commas are inserted automatically; the caller only opens, writes and
 * closes.  Depth is bounded (JSON_MAX_DEPTH). */
#ifndef PODINIT_JSON_H
#define PODINIT_JSON_H
#include <stdbool.h>
#include <stdint.h>
#include "podinit/buf.h"

#define JSON_MAX_DEPTH 16

struct json {
	struct buf *b;
	int	 depth;
	bool	 need_comma[JSON_MAX_DEPTH];
	bool	 after_key;
};

void	json_init(struct json *j, struct buf *b);
void	json_object_begin(struct json *j);
void	json_object_end(struct json *j);
void	json_array_begin(struct json *j);
void	json_array_end(struct json *j);
void	json_key(struct json *j, const char *key);
void	json_string(struct json *j, const char *s);	/* NULL -> null */
void	json_string_n(struct json *j, const char *s, size_t n);
void	json_int(struct json *j, int64_t v);
void	json_double(struct json *j, double v);
void	json_bool(struct json *j, bool v);
void	json_null(struct json *j);
/* key + value shorthands */
void	json_kv_string(struct json *j, const char *key, const char *s);
void	json_kv_int(struct json *j, const char *key, int64_t v);
void	json_kv_bool(struct json *j, const char *key, bool v);
/* Escape s (n bytes) as a JSON string body (no quotes) into b.  Invalid
 * UTF-8 bytes become U+FFFD. */
void	json_escape(struct buf *b, const char *s, size_t n);

#endif /* PODINIT_JSON_H */
