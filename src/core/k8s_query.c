/* k8s_query: a Kubernetes API request's query parameters and selectors
 * (k8s.io/apimachinery/pkg/fields and labels: the equality forms, which
 * are what kubectl sends: describe's involvedObject.*, wait's
 * metadata.name, get -l's labels). */
#include "podinit/k8s_query.h"

#include <stdio.h>
#include <string.h>

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode s[0..n) ('+' is a space in a query) into out. */
static bool
decode(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (c == '+')
			c = ' ';
		if (o + 1 >= outsz)
			return false;
		out[o++] = c;
	}
	out[o] = '\0';
	return true;
}

bool
k8s_query_param(const char *query, const char *name, char *out, size_t outsz)
{
	size_t nl = strlen(name);
	const char *p = query;

	if (outsz == 0)
		return false;
	out[0] = '\0';
	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len >= nl && strncmp(p, name, nl) == 0 && (len == nl || p[nl] == '=')) {
			if (len == nl)
				return true;
			return decode(p + nl + 1, len - nl - 1, out, outsz);
		}
		p = end ? end + 1 : NULL;
	}
	return false;
}

bool
k8s_query_true(const char *query, const char *name)
{
	char v[8];

	return k8s_query_param(query, name, v, sizeof v) &&
	    (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

bool
k8s_query_int(const char *query, const char *name, int64_t *out)
{
	char v[24], *end;
	long long n;

	if (!k8s_query_param(query, name, v, sizeof v) || v[0] == '\0')
		return false;
	n = 0;
	for (end = v; *end >= '0' && *end <= '9'; end++) {
		if (n > (INT64_MAX - 9) / 10)
			return false;
		n = n * 10 + (*end - '0');
	}
	if (*end != '\0')
		return false;
	*out = n;
	return true;
}

static bool
copy_trim(char *dst, const char *s, size_t n)
{
	while (n > 0 && s[0] == ' ') {
		s++;
		n--;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n >= K8S_TERM_MAX)
		return false;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return true;
}

int
k8s_selector_parse(const char *s, struct k8s_selector *sel, char *err, size_t errsz)
{
	const char *p = s;

	sel->n = 0;
	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		struct k8s_term *t;
		const char *op;
		size_t kl, skip;

		if (sel->n == K8S_SELECTOR_MAX) {
			snprintf(err, errsz, "too many selector terms (at most %d)", K8S_SELECTOR_MAX);
			return -1;
		}
		t = &sel->terms[sel->n];
		memset(t, 0, sizeof *t);
		op = memchr(p, '=', len);
		if (op == NULL) {
			t->exists = true;
			if (!copy_trim(t->key, p, len) || t->key[0] == '\0')
				goto bad;
			sel->n++;
			p = end ? end + 1 : NULL;
			continue;
		}
		kl = (size_t)(op - p);
		skip = 1;
		if (kl > 0 && p[kl - 1] == '!') {
			t->not_equal = true;
			kl--;
			skip = 2;
		} else if (kl + 1 < len && op[1] == '=')
			skip = 2;
		if (!copy_trim(t->key, p, kl) || t->key[0] == '\0' ||
		    !copy_trim(t->value, p + kl + skip, len - kl - skip))
			goto bad;
		sel->n++;
		p = end ? end + 1 : NULL;
	}
	return 0;
bad:
	snprintf(err, errsz, "invalid selector: '%s'", s);
	return -1;
}

bool
k8s_selector_match(const struct k8s_selector *sel, k8s_getter *get, const void *obj)
{
	for (size_t i = 0; i < sel->n; i++) {
		const struct k8s_term *t = &sel->terms[i];
		const char *v = get(obj, t->key);

		if (t->exists) {
			if (v == NULL)
				return false;
			continue;
		}
		if (t->not_equal ? v != NULL && strcmp(v, t->value) == 0
		    : v == NULL || strcmp(v, t->value) != 0)
			return false;
	}
	return true;
}
