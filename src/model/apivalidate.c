/* apivalidate: the API server's value rules (see apivalidate.h).
 * STUB: every function accepts every value until the implementation
 * lands; the header is the contract. */
#include "podinit/apivalidate.h"

const char *apivalidate_dns1123_label(const char *v, char *m, size_t s) { (void)v; (void)m; (void)s; return NULL; }
const char *apivalidate_dns1123_subdomain(const char *v, char *m, size_t s) { (void)v; (void)m; (void)s; return NULL; }
const char *apivalidate_dns1035_label(const char *v, char *m, size_t s) { (void)v; (void)m; (void)s; return NULL; }
const char *apivalidate_qualified_name(const char *v, char *m, size_t s) { (void)v; (void)m; (void)s; return NULL; }
const char *apivalidate_label_value(const char *v, char *m, size_t s) { (void)v; (void)m; (void)s; return NULL; }
const char *apivalidate_annotation_key(const char *v, char *m, size_t s) { (void)v; (void)m; (void)s; return NULL; }
const char *apivalidate_annotations_size(size_t t, char *m, size_t s) { (void)t; (void)m; (void)s; return NULL; }
const char *apivalidate_env_name(const char *v, char *m, size_t s) { (void)v; (void)m; (void)s; return NULL; }
const char *apivalidate_container_resource_name(const char *v, char *m, size_t s) { (void)v; (void)m; (void)s; return NULL; }
const char *apivalidate_resource_quantity(const char *n, const char *v, char *m, size_t s) { (void)n; (void)v; (void)m; (void)s; return NULL; }
const char *apivalidate_quantity(const char *v, char *m, size_t s) { (void)v; (void)m; (void)s; return NULL; }
const char *apivalidate_quantity_milli(const char *v, int64_t *o, char *m, size_t s) { (void)v; *o = 0; (void)m; (void)s; return NULL; }
const char *apivalidate_quantity_value(const char *v, int64_t *o, char *m, size_t s) { (void)v; *o = 0; (void)m; (void)s; return NULL; }
const char *apivalidate_date_time(const char *v, char *m, size_t s) { (void)v; (void)m; (void)s; return NULL; }
const char *apivalidate_base64(const char *v, char *m, size_t s) { (void)v; (void)m; (void)s; return NULL; }
const char *apivalidate_selector_requirement(enum apivalidate_selector k, const char *o, size_t n, bool *a, char *m, size_t s) { (void)k; (void)o; (void)n; (void)a; (void)m; (void)s; return NULL; }
