/* decode_expand: $(VAR) expansion of command and args against a
 * container's env (decode_expand in podinit/decode.h), kubelet's
 * expansion rules, bounded by DECODE_MAX_EXPANSION. */
#include "decode_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- $(VAR) expansion ---- */

struct sbuf {
	char	*p;
	size_t	 len, cap;
	bool	 fail;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->fail)
		return;
	if (b->len + n > DECODE_MAX_EXPANSION) {
		b->fail = true;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (np == NULL) {
			b->fail = true;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

char *
decode_expand(struct arena *a, const char *in, const struct env_var *env, size_t n_env)
{
	struct sbuf b = { 0 };
	size_t len = strlen(in), cp = 0;
	char *res;

	for (size_t cur = 0; cur < len; cur++) {
		if (in[cur] != '$' || cur + 1 >= len)
			continue;
		sb_add(&b, in + cp, cur - cp);
		const char *rest = in + cur + 1;
		size_t adv = 1;
		if (rest[0] == '$') {
			sb_add(&b, "$", 1);
		} else if (rest[0] == '(') {
			const char *close = strchr(rest + 1, ')');
			if (close == NULL) {
				sb_add(&b, "$(", 2);
			} else {
				size_t nl = (size_t)(close - rest - 1);
				const struct env_var *hit = NULL;
				for (size_t i = n_env; i-- > 0;) {
					/* an absent optional variable is not set */
					if (!env[i].absent && strlen(env[i].name) == nl &&
					    memcmp(env[i].name, rest + 1, nl) == 0) {
						hit = &env[i];
						break;
					}
				}
				if (hit)
					sb_add(&b, hit->value, strlen(hit->value));
				else
					sb_add(&b, in + cur, nl + 3);
				adv = nl + 2;
			}
		} else {
			sb_add(&b, in + cur, 2);
		}
		cur += adv;
		cp = cur + 1;
	}
	if (cp < len)
		sb_add(&b, in + cp, len - cp);
	if (b.fail) {
		free(b.p);
		return NULL;
	}
	res = arena_strdup(a, b.p ? b.p : "");
	free(b.p);
	return res;
}
