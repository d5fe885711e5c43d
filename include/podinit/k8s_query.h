/* k8s_query: the parts of a Kubernetes API request's query that podinit
 * reads: one parameter's value, percent-decoded (kubectl encodes `=` and
 * `,` of a selector), and fieldSelector/labelSelector terms ("a=b,c!=d",
 * "==" as "="), matched against a caller's getter.  Pure and bounded: a
 * selector holds at most K8S_SELECTOR_MAX terms. */
#ifndef PODINIT_K8S_QUERY_H
#define PODINIT_K8S_QUERY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define K8S_SELECTOR_MAX	8
#define K8S_TERM_MAX		256	/* a key's or a value's bytes */

/* The value of parameter `name` in query (NULL: none) decoded into out
 * (NUL-terminated); false when absent or longer than outsz - 1. */
bool	k8s_query_param(const char *query, const char *name, char *out, size_t outsz);
/* A boolean parameter as the API server reads it: "1" or "true". */
bool	k8s_query_true(const char *query, const char *name);
/* An integer parameter; false when absent or not a number. */
bool	k8s_query_int(const char *query, const char *name, int64_t *out);

struct k8s_term {
	char	 key[K8S_TERM_MAX];
	char	 value[K8S_TERM_MAX];
	bool	 not_equal;
	bool	 exists;	/* a label selector's bare "key" */
};

struct k8s_selector {
	struct k8s_term terms[K8S_SELECTOR_MAX];
	size_t	 n;
};

/* Parse "k=v,k2!=v2" (empty: matches everything).  -1 when malformed or
 * too long, with a message in err as the API server's. */
int	k8s_selector_parse(const char *s, struct k8s_selector *sel, char *err, size_t errsz);
/* A value by key, NULL when the object has no such field or label. */
typedef const char *k8s_getter(const void *obj, const char *key);
/* Every term holds.  For a field selector an unknown key does not match
 * (the API server refuses it; podinit answers nothing). */
bool	k8s_selector_match(const struct k8s_selector *sel, k8s_getter *get, const void *obj);

#endif /* PODINIT_K8S_QUERY_H */
