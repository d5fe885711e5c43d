/* apivalidate: the API server's value rules, one function per rule (see
 * apivalidate.h for the contract: NULL when valid, else the reason in the
 * caller's buffer).  The wording is Kubernetes': apimachinery's
 * util/validation (names, label keys and values), api/resource (the
 * quantity grammar), apis/meta/v1/validation (label selectors),
 * pkg/apis/core/validation (resource names, node selectors, env names),
 * and Go's time.Parse and encoding/base64 for the two formats that the
 * JSON decoding of the API types checks.  No regular expressions: each
 * pattern is a small hand-written matcher whose comment gives the regex. */
#include "podinit/apivalidate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- the message buffer ---- */

/* Reasons are appended to the caller's buffer, "; " between two, cut short
 * (never overrun) when they do not fit. */
struct reasons {
	char	*buf;
	size_t	 size;
	size_t	 len;
	int	 count;
};

static void
reasons_init(struct reasons *r, char *buf, size_t size)
{
	r->buf = size > 0 ? buf : NULL;
	r->size = r->buf != NULL ? size : 0;
	r->len = 0;
	r->count = 0;
	if (r->buf != NULL)
		r->buf[0] = '\0';
}

static void
reasons_vadd(struct reasons *r, const char *format, va_list ap)
{
	int n;

	r->count++;
	if (r->buf == NULL || r->len + 1 >= r->size)
		return;
	if (r->count > 1) {
		n = snprintf(r->buf + r->len, r->size - r->len, "; ");
		if (n < 0)
			return;
		r->len += (size_t)n < r->size - r->len ? (size_t)n : r->size - r->len - 1;
		if (r->len + 1 >= r->size)
			return;
	}
	n = vsnprintf(r->buf + r->len, r->size - r->len, format, ap);
	if (n < 0)
		return;
	r->len += (size_t)n < r->size - r->len ? (size_t)n : r->size - r->len - 1;
}

static void
reasons_add(struct reasons *r, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	reasons_vadd(r, format, ap);
	va_end(ap);
}

/* The verdict: NULL when no reason was added, else the caller's buffer
 * (or a static word when the caller gave none, so the verdict is still
 * not NULL). */
static const char *
reasons_done(const struct reasons *r)
{
	if (r->count == 0)
		return NULL;
	return r->buf != NULL ? r->buf : "invalid";
}

/* ---- character classes and the DNS patterns ---- */

static bool
is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool
is_alnum(char c)
{
	return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* [a-z0-9]([-a-z0-9]*[a-z0-9])? over s[0..len); first_letter: [a-z] first
 * (DNS-1035). */
static bool
dns_label_match(const char *s, size_t len, bool first_letter)
{
	if (len == 0 || !is_lower_alnum(s[0]) || !is_lower_alnum(s[len - 1]))
		return false;
	if (first_letter && !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 1; i + 1 < len; i++)
		if (!is_lower_alnum(s[i]) && s[i] != '-')
			return false;
	return true;
}

/* Labels joined by '.': [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)* */
static bool
dns_subdomain_match(const char *s, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (!dns_label_match(s + start, i - start, false))
			return false;
		start = i + 1;
	}
	return true;
}

/* ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9] over s[0..len). */
static bool
name_part_match(const char *s, size_t len)
{
	if (len == 0 || !is_alnum(s[0]) || !is_alnum(s[len - 1]))
		return false;
	for (size_t i = 1; i + 1 < len; i++)
		if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
			return false;
	return true;
}

/* K8S: util/validation MaxLenError and RegexError (its examples are
 * joined by "',  or '": two blanks, as Kubernetes prints them). */
#define MAX_LEN_FORMAT	"must be no more than %d characters"
#define DNS1123_LABEL_REGEX	"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
#define DNS1123_LABEL_MSG \
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters " \
	"or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  " \
	"or '123-abc', regex used for validation is '" DNS1123_LABEL_REGEX "')"
#define DNS1123_SUBDOMAIN_MSG \
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, " \
	"'-' or '.', and must start and end with an alphanumeric character (e.g. " \
	"'example.com', regex used for validation is '" DNS1123_LABEL_REGEX "(\\." \
	DNS1123_LABEL_REGEX ")*')"
#define DNS1035_LABEL_MSG \
	"a DNS-1035 label must consist of lower case alphanumeric characters or '-', " \
	"start with an alphabetic character, and end with an alphanumeric character " \
	"(e.g. 'my-name',  or 'abc-123', regex used for validation is " \
	"'[a-z]([-a-z0-9]*[a-z0-9])?')"
#define NAME_PART_REGEX	"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
#define NAME_PART_MSG \
	"must consist of alphanumeric characters, '-', '_' or '.', and must start and end " \
	"with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', " \
	"regex used for validation is '" NAME_PART_REGEX "')"
#define LABEL_VALUE_MSG \
	"a valid label must be an empty string or consist of alphanumeric characters, " \
	"'-', '_' or '.', and must start and end with an alphanumeric character (e.g. " \
	"'MyValue',  or 'my_value',  or '12345', regex used for validation is '(" \
	NAME_PART_REGEX ")?')"

/* IsDNS1123Subdomain, its reasons prefixed (a label key's "prefix part "). */
static void
subdomain_reasons(struct reasons *r, const char *s, size_t len, const char *prefix)
{
	if (len > 253)
		reasons_add(r, "%s" MAX_LEN_FORMAT, prefix, 253);
	if (!dns_subdomain_match(s, len))
		reasons_add(r, "%s%s", prefix, DNS1123_SUBDOMAIN_MSG);
}

const char *
apivalidate_dns1123_label(const char *value, char *msg, size_t size)
{
	struct reasons r;
	size_t len = strlen(value);

	reasons_init(&r, msg, size);
	if (len > 63)
		reasons_add(&r, MAX_LEN_FORMAT, 63);
	if (!dns_label_match(value, len, false)) {
		/* K8S: a valid subdomain that is no label has dots in it. */
		if (dns_subdomain_match(value, len))
			reasons_add(&r, "must not contain dots");
		else
			reasons_add(&r, "%s", DNS1123_LABEL_MSG);
	}
	return reasons_done(&r);
}

const char *
apivalidate_dns1123_subdomain(const char *value, char *msg, size_t size)
{
	struct reasons r;

	reasons_init(&r, msg, size);
	subdomain_reasons(&r, value, strlen(value), "");
	return reasons_done(&r);
}

const char *
apivalidate_dns1035_label(const char *value, char *msg, size_t size)
{
	struct reasons r;
	size_t len = strlen(value);

	reasons_init(&r, msg, size);
	if (len > 63)
		reasons_add(&r, MAX_LEN_FORMAT, 63);
	if (!dns_label_match(value, len, true))
		reasons_add(&r, "%s", DNS1035_LABEL_MSG);
	return reasons_done(&r);
}

/* IsQualifiedName over s[0..len). */
static void
qualified_name_reasons(struct reasons *r, const char *s, size_t len)
{
	const char *slash = memchr(s, '/', len);
	const char *name = s;
	size_t name_len = len;

	if (slash != NULL) {
		if (memchr(slash + 1, '/', len - (size_t)(slash + 1 - s)) != NULL) {
			reasons_add(r, "a qualified name " NAME_PART_MSG " with an optional DNS "
			    "subdomain prefix and '/' (e.g. 'example.com/MyName')");
			return;
		}
		if (slash == s)
			reasons_add(r, "prefix part must be non-empty");
		else
			subdomain_reasons(r, s, (size_t)(slash - s), "prefix part ");
		name = slash + 1;
		name_len = len - (size_t)(name - s);
	}
	if (name_len == 0)
		reasons_add(r, "name part must be non-empty");
	else if (name_len > 63)
		reasons_add(r, "name part " MAX_LEN_FORMAT, 63);
	if (!name_part_match(name, name_len))
		reasons_add(r, "name part " NAME_PART_MSG);
}

const char *
apivalidate_qualified_name(const char *value, char *msg, size_t size)
{
	struct reasons r;

	reasons_init(&r, msg, size);
	qualified_name_reasons(&r, value, strlen(value));
	return reasons_done(&r);
}

const char *
apivalidate_label_value(const char *value, char *msg, size_t size)
{
	struct reasons r;
	size_t len = strlen(value);

	reasons_init(&r, msg, size);
	if (len > 63)
		reasons_add(&r, MAX_LEN_FORMAT, 63);
	if (len > 0 && !name_part_match(value, len))
		reasons_add(&r, "%s", LABEL_VALUE_MSG);
	return reasons_done(&r);
}

const char *
apivalidate_annotation_key(const char *value, char *msg, size_t size)
{
	struct reasons r;
	char lower[512];
	size_t len = strlen(value);

	reasons_init(&r, msg, size);
	if (len >= sizeof lower) {
		/* Longer than any valid key (253 + 1 + 63): the lowercase copy
		 * is not needed to say what is wrong with it. */
		qualified_name_reasons(&r, value, len);
		return reasons_done(&r);
	}
	/* K8S: ValidateAnnotations: "case doesn't matter", IsQualifiedName
	 * of the key lowercased. */
	for (size_t i = 0; i < len; i++)
		lower[i] = value[i] >= 'A' && value[i] <= 'Z' ? (char)(value[i] - 'A' + 'a') :
		    value[i];
	lower[len] = '\0';
	qualified_name_reasons(&r, lower, len);
	return reasons_done(&r);
}

#define ANNOTATIONS_SIZE_LIMIT	262144	/* K8S: TotalAnnotationSizeLimitB, 256 KiB */

const char *
apivalidate_annotations_size(size_t total_bytes, char *msg, size_t size)
{
	struct reasons r;

	reasons_init(&r, msg, size);
	if (total_bytes > ANNOTATIONS_SIZE_LIMIT)
		reasons_add(&r, "must have at most %d bytes", ANNOTATIONS_SIZE_LIMIT);
	return reasons_done(&r);
}

/* ---- environment ---- */

const char *
apivalidate_env_name(const char *value, char *msg, size_t size)
{
	struct reasons r;

	reasons_init(&r, msg, size);
	/* K8S: IsRelaxedEnvVarName.  A byte of 0x80 or more is a non-ASCII
	 * rune or, in bad UTF-8, the replacement rune: both refused. */
	if (value[0] == '\0')
		reasons_add(&r, "environment variable name must be non-empty");
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if (*p < 0x20 || *p >= 0x7f || *p == '=') {
			reasons_add(&r, "a valid environment variable name must consist only of "
			    "printable ASCII characters other than '='");
			break;
		}
	return reasons_done(&r);
}

/* ---- volume paths ---- */

const char *
apivalidate_volume_path(const char *value, bool item, char *msg, size_t size)
{
	struct reasons r;

	reasons_init(&r, msg, size);
	/* K8S: validateLocalDescendingPath (which splits on both separators,
	 * as it must hold on Windows too), then validateVolumeSourcePath's
	 * ".." prefix for items. */
	if (value[0] == '/')
		reasons_add(&r, "must be a relative path");
	for (const char *p = value; *p; ) {
		size_t n = strcspn(p, "/\\");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			reasons_add(&r, "must not contain '..'");
			break;
		}
		p += n;
		if (*p)
			p++;
	}
	if (item && strncmp(value, "..", 2) == 0)
		reasons_add(&r, "must not start with '..'");
	return reasons_done(&r);
}

/* ---- resource names ---- */

static bool
has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool
in_list(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* K8S: core/helper IsNativeResource: no domain, or a kubernetes.io one. */
static bool
is_native_resource(const char *name)
{
	return strchr(name, '/') == NULL || strstr(name, "kubernetes.io/") != NULL;
}

/* K8S: IsExtendedResourceName: not native, not "requests.*", and
 * "requests." + name a qualified name (so quota can name it). */
static bool
is_extended_resource(const char *name)
{
	struct reasons r;
	char quota_name[512];
	int n;

	if (is_native_resource(name) || has_prefix(name, "requests."))
		return false;
	n = snprintf(quota_name, sizeof quota_name, "requests.%s", name);
	if (n < 0 || (size_t)n >= sizeof quota_name)
		return false;	/* longer than any qualified name */
	reasons_init(&r, NULL, 0);
	qualified_name_reasons(&r, quota_name, (size_t)n);
	return r.count == 0;
}

/* K8S: core/helper standardResources, IsStandardResourceName (which
 * also takes the quota's hugepages names). */
static bool
is_standard_resource(const char *name)
{
	static const char *const standard[] = {
		"cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
		"requests.ephemeral-storage", "limits.cpu", "limits.memory",
		"limits.ephemeral-storage", "pods", "quotas", "services",
		"replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims",
		"storage", "requests.storage", "services.nodeports",
		"services.loadbalancers", NULL,
	};

	return in_list(name, standard) || has_prefix(name, "hugepages-") ||
	    has_prefix(name, "requests.hugepages-");
}

/* K8S: IsStandardContainerResourceName. */
static bool
is_standard_container_resource(const char *name)
{
	static const char *const standard[] = { "cpu", "memory", "ephemeral-storage", NULL };

	return in_list(name, standard) || has_prefix(name, "hugepages-");
}

/* K8S: IsIntegerResourceName. */
static bool
is_integer_resource(const char *name)
{
	static const char *const integer[] = {
		"pods", "quotas", "services", "replicationcontrollers", "secrets",
		"configmaps", "persistentvolumeclaims", "services.nodeports",
		"services.loadbalancers", NULL,
	};

	return in_list(name, integer) || is_extended_resource(name);
}

const char *
apivalidate_container_resource_name(const char *name, char *msg, size_t size)
{
	struct reasons r;
	bool has_domain = strchr(name, '/') != NULL;

	reasons_init(&r, msg, size);
	/* K8S: validateResourceName, then validateContainerResourceName. */
	qualified_name_reasons(&r, name, strlen(name));
	if (r.count == 0 && !has_domain && !is_standard_resource(name))
		reasons_add(&r, "must be a standard resource type or fully qualified");
	if (!has_domain) {
		if (!is_standard_container_resource(name))
			reasons_add(&r, "must be a standard resource for containers");
	} else if (!is_native_resource(name) && !is_extended_resource(name)) {
		reasons_add(&r, "doesn't follow extended resource name standard");
	}
	return reasons_done(&r);
}

/* ---- quantities ---- */

#define QUANTITY_REGEX	"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"
#define QUANTITY_DIGITS	60	/* significant digits kept; the rest only round up */

/* A parsed quantity: (-1)^negative * digits * 10^exp10 * 2^exp2. */
struct quantity {
	bool	 negative;
	char	 digits[QUANTITY_DIGITS];	/* no leading zeros; n_digits 0: zero */
	size_t	 n_digits;
	bool	 dropped;	/* nonzero digits past QUANTITY_DIGITS were dropped */
	int64_t	 exp10;
	int	 exp2;		/* 0, 10, 20, ... 60 */
};

/* Go's strconv.ParseInt(s, 10, 64) of s[0..len): a sign, then digits. */
static bool
go_parse_int64(const char *s, size_t len, int64_t *out)
{
	bool negative = false;
	uint64_t v = 0, limit;
	size_t i = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		negative = s[i++] == '-';
	if (i == len)
		return false;
	limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		if (!is_digit(s[i]))
			return false;
		if (v > (limit - (uint64_t)(s[i] - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = negative ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/* K8S: resource.ParseQuantity, whose steps this follows: the scanner
 * (parseQuantityString), the suffix (quantitySuffixer.interpret), and the
 * one case where the numeric part fails (no digit at all, on the path for
 * values with more precision than an int64 holds).  Values too large or
 * too precise for an int64 are legal: they are kept exact here to 60
 * significant digits. */
static const char *
quantity_parse(const char *value, struct quantity *q)
{
	static const struct { const char *suffix; int exp10, exp2; } suffixes[] = {
		{ "", 0, 0 }, { "n", -9, 0 }, { "u", -6, 0 }, { "m", -3, 0 },
		{ "k", 3, 0 }, { "M", 6, 0 }, { "G", 9, 0 }, { "T", 12, 0 },
		{ "P", 15, 0 }, { "E", 18, 0 }, { "Ki", 0, 10 }, { "Mi", 0, 20 },
		{ "Gi", 0, 30 }, { "Ti", 0, 40 }, { "Pi", 0, 50 }, { "Ei", 0, 60 },
	};
	const char *s = value, *num, *denom = NULL, *suffix;
	size_t len, pos = 0, sign_len, num_len, denom_len = 0, suffix_len, i;
	int64_t exponent = 0;
	bool decimal = true, found = false;

	memset(q, 0, sizeof *q);
	/* K8S: Quantity.UnmarshalJSON trims white space around the value. */
	len = strlen(s);
	while (len > 0 && strchr(" \t\n\v\f\r", s[0]) != NULL) {
		s++;
		len--;
	}
	while (len > 0 && strchr(" \t\n\v\f\r", s[len - 1]) != NULL)
		len--;
	if (len == 0)
		return "quantities must match the regular expression '" QUANTITY_REGEX "'";

	if (s[0] == '-' || s[0] == '+') {
		q->negative = s[0] == '-';
		pos++;
	}
	sign_len = pos;
	while (pos < len && s[pos] == '0')
		pos++;
	num = s + pos;
	while (pos < len && is_digit(s[pos]))
		pos++;
	num_len = (size_t)(s + pos - num);
	if (pos < len && s[pos] == '.') {
		denom = s + ++pos;
		while (pos < len && is_digit(s[pos]))
			pos++;
		denom_len = (size_t)(s + pos - denom);
	}
	suffix = s + pos;
	while (pos < len && strchr("eEinumkKMGTP", s[pos]) != NULL)
		pos++;
	if (pos < len && (s[pos] == '-' || s[pos] == '+'))
		pos++;
	while (pos < len && is_digit(s[pos]))
		pos++;
	if (pos < len)
		return "quantities must match the regular expression '" QUANTITY_REGEX "'";
	suffix_len = (size_t)(s + len - suffix);

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
		if (strlen(suffixes[i].suffix) == suffix_len &&
		    memcmp(suffixes[i].suffix, suffix, suffix_len) == 0) {
			exponent = suffixes[i].exp10;
			q->exp2 = suffixes[i].exp2;
			decimal = suffixes[i].exp2 == 0;
			found = true;
			break;
		}
	if (!found) {
		/* K8S: "e" or "E" and a ParseInt'able exponent, kept as an int32. */
		if (suffix_len < 2 || (suffix[0] != 'e' && suffix[0] != 'E') ||
		    !go_parse_int64(suffix + 1, suffix_len - 1, &exponent))
			return "unable to parse quantity's suffix";
		exponent = (int32_t)(uint32_t)(uint64_t)exponent;
	}
	/* K8S: with no digit at all ("." or "-"), the int64 fast path (a
	 * decimal scale of at least -9, any binary suffix) makes it zero;
	 * the other path's inf.Dec refuses a number without digits. */
	if (num == s + sign_len && num_len == 0 && denom_len == 0 && decimal &&
	    exponent < -9)
		return "unable to parse numeric part of quantity";

	/* The significant digits: num then denom, leading zeros dropped. */
	q->exp10 = exponent - (int64_t)denom_len;
	for (i = 0; i < num_len + denom_len; i++) {
		char c = i < num_len ? num[i] : denom[i - num_len];
		if (q->n_digits == 0 && c == '0')
			continue;
		if (q->n_digits < QUANTITY_DIGITS) {
			q->digits[q->n_digits++] = c;
		} else {
			q->exp10++;
			if (c != '0')
				q->dropped = true;
		}
	}
	return NULL;
}

const char *
apivalidate_quantity(const char *value, char *msg, size_t size)
{
	struct quantity q;
	struct reasons r;
	const char *why;

	reasons_init(&r, msg, size);
	if ((why = quantity_parse(value, &q)) != NULL)
		reasons_add(&r, "%s", why);
	return reasons_done(&r);
}

/* q * 10^scale_exp10 rounded away from zero to an integer, saturated. */
static int64_t
quantity_scaled(const struct quantity *q, int scale_exp10)
{
	/* D * 2^exp2 as decimal digits (at most 60 + 19), most significant first. */
	char product[QUANTITY_DIGITS + 24];
	size_t n = q->n_digits, keep;
	int64_t e = q->exp10 + scale_exp10;
	uint64_t magnitude = 0, limit;
	bool fraction = q->dropped, saturate = false;

	limit = q->negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	if (n == 0)
		return 0;
	/* At least 10^19 (> 2^63): saturated.  Below 10^-19 * 2^60 (< 1):
	 * rounds to one unit. */
	if ((int64_t)n - 1 + e >= 19) {
		saturate = true;
	} else if ((int64_t)n + e <= -19) {
		magnitude = 1;
	} else {
		memcpy(product, q->digits, n);
		for (int k = 0; k < q->exp2; k++) {
			int carry = 0;
			for (size_t j = n; j-- > 0;) {
				int d = (product[j] - '0') * 2 + carry;
				product[j] = (char)('0' + d % 10);
				carry = d / 10;
			}
			if (carry) {
				memmove(product + 1, product, n);
				product[0] = (char)('0' + carry);
				n++;
			}
		}
		if (e >= 0) {
			keep = n;
		} else {
			keep = (size_t)-e < n ? n - (size_t)-e : 0;
			for (size_t j = keep; j < n; j++)
				if (product[j] != '0')
					fraction = true;
		}
		for (size_t j = 0; j < keep + (e > 0 ? (size_t)e : 0) && !saturate; j++) {
			int d = j < keep ? product[j] - '0' : 0;
			if (magnitude > (limit - (uint64_t)d) / 10)
				saturate = true;
			else
				magnitude = magnitude * 10 + (uint64_t)d;
		}
		if (!saturate && fraction) {
			if (magnitude == limit)
				saturate = true;
			else
				magnitude++;
		}
	}
	if (saturate)
		return q->negative ? INT64_MIN : INT64_MAX;
	return q->negative ? (int64_t)(0 - magnitude) : (int64_t)magnitude;
}

/* A valid quantity in units of 10^-digits (3: milli-units), saturated. */
static const char *
quantity_at_scale(const char *value, int digits, int64_t *out, char *msg, size_t size)
{
	struct quantity q;
	const char *why;

	if ((why = apivalidate_quantity(value, msg, size)) != NULL)
		return why;
	(void)quantity_parse(value, &q);
	*out = quantity_scaled(&q, digits);
	return NULL;
}

const char *
apivalidate_quantity_milli(const char *value, int64_t *milli, char *msg, size_t size)
{
	return quantity_at_scale(value, 3, milli, msg, size);
}

const char *
apivalidate_quantity_value(const char *value, int64_t *units, char *msg, size_t size)
{
	return quantity_at_scale(value, 0, units, msg, size);
}

const char *
apivalidate_resource_quantity(const char *name, const char *quantity, char *msg, size_t size)
{
	struct quantity q;
	struct reasons r;
	const char *why;

	reasons_init(&r, msg, size);
	if ((why = quantity_parse(quantity, &q)) != NULL) {
		reasons_add(&r, "%s", why);
		return reasons_done(&r);
	}
	/* K8S: ValidateNonnegativeQuantity, then an integer for the
	 * resources counted in units (MilliValue() % 1000). */
	if (q.negative && q.n_digits > 0)
		reasons_add(&r, "must be greater than or equal to 0");
	if (is_integer_resource(name) && quantity_scaled(&q, 3) % 1000 != 0)
		reasons_add(&r, "must be an integer");
	return reasons_done(&r);
}

/* ---- RFC 3339 date-times: Go's time.Parse(time.RFC3339, value) ---- */

#define RFC3339_LAYOUT	"2006-01-02T15:04:05Z07:00"

/* Go's time.quote: bytes below ' ' or from 0x80 as \xNN, '"' and '\\'
 * escaped. */
static void
go_quote(char *out, size_t size, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	if (size == 0)
		return;
	/* Room for the longest escape and the closing quote and NUL. */
#define QUOTE_PUT(c) do { if (n + 1 < size) out[n++] = (c); } while (0)
	QUOTE_PUT('"');
	for (const unsigned char *p = (const unsigned char *)s; *p && n + 6 < size; p++) {
		if (*p < ' ' || *p >= 0x80) {
			QUOTE_PUT('\\');
			QUOTE_PUT('x');
			QUOTE_PUT(hex[*p >> 4]);
			QUOTE_PUT(hex[*p & 0xf]);
		} else {
			if (*p == '"' || *p == '\\')
				QUOTE_PUT('\\');
			QUOTE_PUT((char)*p);
		}
	}
	QUOTE_PUT('"');
#undef QUOTE_PUT
	out[n] = '\0';
}

/* s has at least n bytes before its NUL. */
static bool
has_length(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0')
			return false;
	return true;
}

/* Go's getnum: one or two digits (exactly two when fixed). */
static bool
go_getnum(const char **s, bool fixed, int *out)
{
	const char *p = *s;

	if (!is_digit(p[0]))
		return false;
	if (!is_digit(p[1])) {
		if (fixed)
			return false;
		*out = p[0] - '0';
		*s = p + 1;
		return true;
	}
	*out = (p[0] - '0') * 10 + (p[1] - '0');
	*s = p + 2;
	return true;
}

static int
days_in_month(int month, int year)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return days[month - 1];
}

/* The reason "cannot parse REST as ELEMENT" or "RANGE out of range". */
static const char *
date_time_error(struct reasons *r, const char *value, const char *rest,
    const char *element, const char *tail)
{
	char quoted_value[160], quoted_rest[160];

	go_quote(quoted_value, sizeof quoted_value, value);
	if (tail != NULL) {
		reasons_add(r, "parsing time %s%s", quoted_value, tail);
	} else {
		go_quote(quoted_rest, sizeof quoted_rest, rest);
		reasons_add(r, "parsing time %s as \"" RFC3339_LAYOUT "\": cannot parse %s as \"%s\"",
		    quoted_value, quoted_rest, element);
	}
	return reasons_done(r);
}

const char *
apivalidate_date_time(const char *value, char *msg, size_t size)
{
	/* The layout's elements, each after its literal ("" for the first). */
	static const struct { char literal; const char *element; } layout[] = {
		{ 0, "2006" }, { '-', "01" }, { '-', "02" }, { 'T', "15" },
		{ ':', "04" }, { ':', "05" }, { 0, "Z07:00" },
	};
	struct reasons r;
	const char *p = value, *hold;
	int fields[6] = { 0 };
	char extra[200];

	reasons_init(&r, msg, size);
	for (size_t i = 0; i < sizeof layout / sizeof layout[0]; i++) {
		if (layout[i].literal != 0) {
			if (*p != layout[i].literal) {
				char literal[2] = { layout[i].literal, '\0' };
				return date_time_error(&r, value, p, literal, NULL);
			}
			p++;
		}
		hold = p;
		if (i == 0) {
			/* Go: four bytes, atoi (a sign allowed). */
			size_t j = 0;
			int year = 0;
			bool negative = false;
			if (!has_length(p, 4))
				return date_time_error(&r, value, hold, "2006", NULL);
			if (p[0] == '-' || p[0] == '+') {
				negative = p[0] == '-';
				j = 1;
			}
			for (; j < 4; j++) {
				if (!is_digit(p[j]))
					return date_time_error(&r, value, hold, "2006", NULL);
				year = year * 10 + (p[j] - '0');
			}
			fields[0] = negative ? -year : year;
			p += 4;
		} else if (i < 6) {
			/* The hour may be one digit ("15"); the others are two. */
			if (!go_getnum(&p, i != 3, &fields[i]))
				return date_time_error(&r, value, hold, layout[i].element, NULL);
			if (i == 1 && (fields[1] < 1 || fields[1] > 12))
				return date_time_error(&r, value, NULL, NULL, ": month out of range");
			if (i == 3 && fields[3] >= 24)
				return date_time_error(&r, value, NULL, NULL, ": hour out of range");
			if (i == 4 && fields[4] >= 60)
				return date_time_error(&r, value, NULL, NULL, ": minute out of range");
			if (i == 5 && fields[5] >= 60)
				return date_time_error(&r, value, NULL, NULL, ": second out of range");
			/* Go: fractional seconds though the layout has none, after
			 * '.' or ','. */
			if (i == 5 && (p[0] == '.' || p[0] == ',') && is_digit(p[1])) {
				p += 2;
				while (is_digit(*p))
					p++;
			}
		} else if (*p == 'Z') {
			p++;
		} else {
			/* Go: "+hh:mm" or "-hh:mm"; the range (which allows 24 and
			 * 60) is reported before a bad sign or a bad minute. */
			int hours = 0, minutes = 0;
			const char *h = p + 1, *m = p + 4, *range = NULL;
			bool shaped = has_length(p, 6) && p[3] == ':', ok = shaped;
			if (ok)
				ok = go_getnum(&h, true, &hours);
			if (ok)
				ok = go_getnum(&m, true, &minutes);
			if (hours > 24)
				range = ": time zone offset hour out of range";
			if (minutes > 60)
				range = ": time zone offset minute out of range";
			if (p[0] != '+' && p[0] != '-')
				ok = false;
			if (range != NULL)
				return date_time_error(&r, value, NULL, NULL, range);
			if (!ok)
				return date_time_error(&r, value, hold, "Z07:00", NULL);
			p += 6;
		}
	}
	if (*p != '\0') {
		char quoted[160];
		go_quote(quoted, sizeof quoted, p);
		snprintf(extra, sizeof extra, ": extra text: %s", quoted);
		return date_time_error(&r, value, NULL, NULL, extra);
	}
	if (fields[2] < 1 || fields[2] > days_in_month(fields[1], fields[0]))
		return date_time_error(&r, value, NULL, NULL, ": day out of range");
	return NULL;
}

/* ---- base64: Go's base64.StdEncoding.Decode ---- */

static int
base64_digit(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* The offset Go's decoder reports, or -1 when the data decodes.  It reads
 * quanta of four symbols, skipping '\r' and '\n' anywhere; padding ends
 * the data. */
static long
base64_error_offset(const unsigned char *src, size_t len)
{
	size_t si = 0;

	while (si < len) {
		size_t j;
		for (j = 0; j < 4; j++) {
			unsigned char in;
			if (si == len) {
				if (j == 0)
					return -1;
				/* K8S (Go): a short quantum without padding. */
				return (long)(si - j);
			}
			in = src[si++];
			if (base64_digit(in) >= 0)
				continue;
			if (in == '\n' || in == '\r') {
				j--;
				continue;
			}
			if (in != '=')
				return (long)(si - 1);
			/* Padding: only in the third or fourth place. */
			if (j == 0 || j == 1)
				return (long)(si - 1);
			if (j == 2) {
				while (si < len && (src[si] == '\n' || src[si] == '\r'))
					si++;
				if (si == len)
					return (long)len;
				if (src[si] != '=')
					return (long)(si - 1);
				si++;
			}
			while (si < len && (src[si] == '\n' || src[si] == '\r'))
				si++;
			if (si < len)
				return (long)si;	/* data after the padding */
			return -1;
		}
	}
	return -1;
}

const char *
apivalidate_base64(const char *value, char *msg, size_t size)
{
	struct reasons r;
	long at;

	reasons_init(&r, msg, size);
	if ((at = base64_error_offset((const unsigned char *)value, strlen(value))) >= 0)
		reasons_add(&r, "illegal base64 data at input byte %ld", at);
	return reasons_done(&r);
}

ssize_t
apivalidate_base64_decode(const char *value, unsigned char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t n = 0;
	unsigned int acc = 0, bits = 0;

	if (base64_error_offset(p, strlen(value)) >= 0)
		return -1;
	/* Valid: every digit adds six bits; '\r', '\n' and the padding none. */
	for (; *p; p++) {
		int v = base64_digit(*p);
		if (v < 0)
			continue;
		acc = (acc << 6) | (unsigned int)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == size)
				return -1;
			out[n++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	return (ssize_t)n;
}

/* ---- selectors ---- */

const char *
apivalidate_selector_requirement(enum apivalidate_selector kind, const char *operator,
    size_t n_values, bool *about_values, char *msg, size_t size)
{
	struct reasons r;
	bool values = true;

	reasons_init(&r, msg, size);
	/* K8S: ValidateLabelSelectorRequirement (meta/v1/validation) and
	 * ValidateNodeSelectorRequirement (core/validation). */
	if (strcmp(operator, "In") == 0 || strcmp(operator, "NotIn") == 0) {
		if (n_values == 0)
			reasons_add(&r, "must be specified when `operator` is 'In' or 'NotIn'");
	} else if (strcmp(operator, "Exists") == 0 || strcmp(operator, "DoesNotExist") == 0) {
		if (n_values > 0)
			reasons_add(&r, "may not be specified when `operator` is 'Exists' or "
			    "'DoesNotExist'");
	} else if (kind == APIVALIDATE_NODE_SELECTOR &&
	    (strcmp(operator, "Gt") == 0 || strcmp(operator, "Lt") == 0)) {
		if (n_values != 1)
			reasons_add(&r, "must be specified single value when `operator` is 'Lt' "
			    "or 'Gt'");
	} else {
		values = false;
		reasons_add(&r, "not a valid selector operator");
	}
	if (about_values != NULL)
		*about_values = values;
	return reasons_done(&r);
}
