/* Unit tests for apivalidate: the API server's value rules and their
 * wording.  Cases are taken from Kubernetes' own tests where they exist
 * (util/validation validation_test.go, api/resource quantity_test.go,
 * Go's time and encoding/base64 tests), each table checked in a loop. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "podinit/apivalidate.h"

typedef const char *(*rule_fn)(const char *, char *, size_t);

/* A case: the value, and NULL when it is valid, else a part of the reason. */
struct rule_case {
	const char *value;
	const char *reason;
};

static void
check_rule(const char *rule, rule_fn fn, const struct rule_case *c, size_t n)
{
	char msg[APIVALIDATE_MSG_SIZE];

	for (size_t i = 0; i < n; i++) {
		const char *got = fn(c[i].value, msg, sizeof msg);
		if (c[i].reason == NULL) {
			cr_expect_null(got, "%s(\"%s\"): want valid, got \"%s\"", rule, c[i].value,
			    got ? got : "");
		} else {
			cr_expect_not_null(got, "%s(\"%s\"): want \"%s\", got valid", rule,
			    c[i].value, c[i].reason);
			if (got != NULL)
				cr_expect(strstr(got, c[i].reason) != NULL,
				    "%s(\"%s\"): want \"%s\" in \"%s\"", rule, c[i].value,
				    c[i].reason, got);
		}
		/* The verdict is the same without a buffer. */
		cr_expect((fn(c[i].value, NULL, 0) == NULL) == (c[i].reason == NULL),
		    "%s(\"%s\"): verdict without a buffer differs", rule, c[i].value);
	}
}

#define CHECK(fn, table) check_rule(#fn, fn, table, sizeof table / sizeof table[0])

static char a63[64], a64[65], a253[254], a254[255], long_key[400], long_key_bad[400];

static void
fill(char *s, char c, size_t n)
{
	memset(s, c, n);
	s[n] = '\0';
}

static void
setup_long(void)
{
	fill(a63, 'a', 63);
	fill(a64, 'a', 64);
	fill(a253, 'a', 253);
	fill(a254, 'a', 254);
	/* 253-byte prefix / 63-byte name: the longest qualified name. */
	strcpy(long_key, a253);
	strcat(long_key, "/");
	strcat(long_key, a63);
	strcpy(long_key_bad, a254);
	strcat(long_key_bad, "/abc");
}

#define DNS_LABEL_REASON \
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or " \
	"'-', and must start and end with an alphanumeric character (e.g. 'my-name',  or " \
	"'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"

Test(apivalidate, dns1123_label_as_is_dns1123_label, .init = setup_long)
{
	const struct rule_case c[] = {
		{ "a", NULL }, { "ab", NULL }, { "abc", NULL }, { "a1", NULL }, { "a-1", NULL },
		{ "a--1--2--b", NULL }, { "0", NULL }, { "01", NULL }, { "012", NULL },
		{ "1a", NULL }, { "1-a", NULL }, { "1--a--b--2", NULL }, { a63, NULL },
		{ "", DNS_LABEL_REASON }, { "A", DNS_LABEL_REASON }, { "ABC", DNS_LABEL_REASON },
		{ "aBc", DNS_LABEL_REASON }, { "A1", DNS_LABEL_REASON }, { "A-1", DNS_LABEL_REASON },
		{ "1-A", DNS_LABEL_REASON }, { "-", DNS_LABEL_REASON }, { "a-", DNS_LABEL_REASON },
		{ "-a", DNS_LABEL_REASON }, { "1-", DNS_LABEL_REASON }, { "-1", DNS_LABEL_REASON },
		{ "_", DNS_LABEL_REASON }, { "a_", DNS_LABEL_REASON }, { "_a", DNS_LABEL_REASON },
		{ "a_b", DNS_LABEL_REASON }, { "1_2", DNS_LABEL_REASON },
		{ ".", DNS_LABEL_REASON }, { "a.", DNS_LABEL_REASON }, { ".a", DNS_LABEL_REASON },
		{ "a.b", "must not contain dots" }, { "1.2", "must not contain dots" },
		{ " ", DNS_LABEL_REASON }, { "a ", DNS_LABEL_REASON }, { " a", DNS_LABEL_REASON },
		{ "a b", DNS_LABEL_REASON }, { "caf\xc3\xa9", DNS_LABEL_REASON },
		{ a64, "must be no more than 63 characters" },
	};
	CHECK(apivalidate_dns1123_label, c);
}

Test(apivalidate, dns1123_label_reports_both_length_and_form)
{
	char msg[APIVALIDATE_MSG_SIZE], v[80];

	fill(v, 'A', 70);
	cr_assert_str_eq(apivalidate_dns1123_label(v, msg, sizeof msg),
	    "must be no more than 63 characters; " DNS_LABEL_REASON);
	cr_assert_str_eq(apivalidate_dns1123_label("my_name", msg, sizeof msg), DNS_LABEL_REASON);
}

Test(apivalidate, dns1123_subdomain_as_is_dns1123_subdomain, .init = setup_long)
{
	const char *form = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
	    "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
	    "'example.com', regex used for validation is "
	    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
	const struct rule_case c[] = {
		{ "a", NULL }, { "ab", NULL }, { "a.b.c.d.e", NULL }, { "aaa.bbb.ccc", NULL },
		{ "a1.a2", NULL }, { "11.22", NULL }, { "1-1.2-2", NULL }, { "0.a", NULL },
		{ "a--1.b", NULL }, { "example.com", NULL }, { a253, NULL },
		{ "", form }, { "A", form }, { "a.B", form }, { "-", form }, { "a-", form },
		{ "-a", form }, { "a..b", form }, { "_", form }, { "a_b", form }, { ".", form },
		{ "a.", form }, { ".a", form }, { "a.-b", form }, { "a-.b", form }, { " ", form },
		{ "a b", form }, { a254, "must be no more than 253 characters" },
	};
	CHECK(apivalidate_dns1123_subdomain, c);
}

Test(apivalidate, dns1035_label_as_is_dns1035_label, .init = setup_long)
{
	const char *form = "a DNS-1035 label must consist of lower case alphanumeric characters or "
	    "'-', start with an alphabetic character, and end with an alphanumeric character "
	    "(e.g. 'my-name',  or 'abc-123', regex used for validation is "
	    "'[a-z]([-a-z0-9]*[a-z0-9])?')";
	const struct rule_case c[] = {
		{ "a", NULL }, { "ab", NULL }, { "abc", NULL }, { "a1", NULL }, { "a-1", NULL },
		{ "a--1--2--b", NULL }, { "my-service", NULL }, { a63, NULL },
		{ "0", form }, { "01", form }, { "1a", form }, { "1-a", form }, { "", form },
		{ "A", form }, { "a-", form }, { "-a", form }, { "a_b", form }, { "a.b", form },
		{ a64, "must be no more than 63 characters" },
	};
	CHECK(apivalidate_dns1035_label, c);
}

Test(apivalidate, qualified_name_as_is_qualified_name, .init = setup_long)
{
	const struct rule_case c[] = {
		{ "simple", NULL }, { "now-with-dashes", NULL }, { "1-starts-with-num", NULL },
		{ "1234", NULL }, { "simple/simple", NULL }, { "now-with-dashes/simple", NULL },
		{ "now-with-dashes/now-with-dashes", NULL }, { "now.with.dots/simple", NULL },
		{ "now-with.dashes-and.dots/simple", NULL }, { "1-num.2-num/3-num", NULL },
		{ "1234/5678", NULL }, { "1.2.3.4/5678", NULL }, { "Uppercase_Is_OK_123", NULL },
		{ "example.com/Uppercase_Is_OK_123", NULL }, { "requests.storage-foo", NULL },
		{ "app.kubernetes.io/name", NULL }, { "a", NULL }, { "a.b_c-d", NULL },
		{ a63, NULL }, { long_key, NULL },
		{ "nospecialchars%^=@", "name part must consist of alphanumeric characters" },
		{ "cantendwithadash-", "name part must consist of alphanumeric characters, '-', "
		    "'_' or '.', and must start and end with an alphanumeric character (e.g. "
		    "'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
		    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')" },
		{ "-cantstartwithadash-", "name part must consist" },
		{ "only/one/slash", "a qualified name must consist of alphanumeric characters" },
		{ "a/b/c", "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')" },
		{ "Example.com/abc", "prefix part a lowercase RFC 1123 subdomain must consist" },
		{ "example_com/abc", "prefix part a lowercase RFC 1123 subdomain" },
		{ "example.com/", "name part must be non-empty" },
		{ "/simple", "prefix part must be non-empty" },
		{ "", "name part must be non-empty" },
		{ "a b", "name part must consist" },
		{ a64, "name part must be no more than 63 characters" },
		{ long_key_bad, "prefix part must be no more than 253 characters" },
	};
	CHECK(apivalidate_qualified_name, c);
}

Test(apivalidate, qualified_name_lists_every_problem)
{
	char msg[APIVALIDATE_MSG_SIZE];

	cr_assert_str_eq(apivalidate_qualified_name("example.com/", msg, sizeof msg),
	    "name part must be non-empty; name part must consist of alphanumeric characters, "
	    "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
	    "'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
	    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
}

Test(apivalidate, label_value_as_is_valid_label_value, .init = setup_long)
{
	const char *form = "a valid label must be an empty string or consist of alphanumeric "
	    "characters, '-', '_' or '.', and must start and end with an alphanumeric character "
	    "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
	    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
	const struct rule_case c[] = {
		{ "simple", NULL }, { "now-with-dashes", NULL }, { "1-starts-with-num", NULL },
		{ "end-with-num-1", NULL }, { "1234", NULL }, { "", NULL }, { "a", NULL },
		{ "Mixed_Case.value-1", NULL }, { a63, NULL },
		{ "nospecialchars%^=@", form }, { "Tama-nui-te-r\xc4\x81.is_M\xc4\x81ori.sun", form },
		{ "\\backslashes\\are\\bad", form }, { "-starts-with-dash", form },
		{ "ends-with-dash-", form }, { ".starts.with.dot", form }, { "ends.with.dot.", form },
		{ "with/slash", form }, { "with space", form },
		{ a64, "must be no more than 63 characters" },
	};
	CHECK(apivalidate_label_value, c);
}

Test(apivalidate, annotation_key_is_a_qualified_name_in_any_case)
{
	const struct rule_case c[] = {
		{ "simple", NULL }, { "Example.com/Key", NULL }, { "EXAMPLE.COM/KEY", NULL },
		{ "kubectl.kubernetes.io/last-applied-configuration", NULL },
		{ "a/b/c", "a qualified name must consist" },
		{ "Example_com/key", "prefix part a lowercase RFC 1123 subdomain" },
		{ "key-", "name part must consist" }, { "", "name part must be non-empty" },
	};
	CHECK(apivalidate_annotation_key, c);
}

Test(apivalidate, annotations_size_is_at_most_256_kibibytes)
{
	char msg[APIVALIDATE_MSG_SIZE];

	cr_expect_null(apivalidate_annotations_size(0, msg, sizeof msg));
	cr_expect_null(apivalidate_annotations_size(262144, msg, sizeof msg));
	cr_expect_str_eq(apivalidate_annotations_size(262145, msg, sizeof msg),
	    "must have at most 262144 bytes");
}

Test(apivalidate, env_name_is_relaxed_printable_ascii)
{
	const char *form = "a valid environment variable name must consist only of printable "
	    "ASCII characters other than '='";
	const struct rule_case c[] = {
		{ "A", NULL }, { "AbC_123", NULL }, { "_", NULL }, { "_A", NULL },
		{ "a.b-c", NULL }, { "1ABC", NULL }, { "my env", NULL }, { " ", NULL },
		{ "$(VAR)", NULL }, { "~!@#%^&*()", NULL }, { "..", NULL }, { "a:b", NULL },
		{ "", "environment variable name must be non-empty" },
		{ "A=B", form }, { "=", form }, { "tab\there", form }, { "nl\n", form },
		{ "del\x7f", form }, { "caf\xc3\xa9", form }, { "\x80", form },
	};
	CHECK(apivalidate_env_name, c);
}

Test(apivalidate, container_resource_name_as_is_validate_container_resource_name)
{
	const struct rule_case c[] = {
		{ "cpu", NULL }, { "memory", NULL }, { "ephemeral-storage", NULL },
		{ "hugepages-2Mi", NULL }, { "hugepages-1Gi", NULL }, { "example.com/gpu", NULL },
		{ "nvidia.com/gpu", NULL }, { "foo.bar/baz_qux", NULL },
		{ "kubernetes.io/anything", NULL }, { "requests.kubernetes.io/x", NULL },
		{ "storage", "must be a standard resource for containers" },
		{ "pods", "must be a standard resource for containers" },
		{ "requests.cpu", "must be a standard resource for containers" },
		{ "cpus", "must be a standard resource type or fully qualified; must be a standard "
		    "resource for containers" },
		{ "Memory", "must be a standard resource type or fully qualified" },
		{ "gpu", "must be a standard resource for containers" },
		{ "", "name part must be non-empty" },
		{ "a/b/c", "a qualified name must consist" },
		{ "-cpu", "name part must consist" },
		{ "requests.example.com/x", "doesn't follow extended resource name standard" },
		{ "Example.com/gpu", "prefix part a lowercase RFC 1123 subdomain" },
	};
	CHECK(apivalidate_container_resource_name, c);
}

Test(apivalidate, resource_quantity_nonnegative_and_whole_for_extended_resources)
{
	const struct { const char *name, *quantity, *reason; } c[] = {
		{ "cpu", "500m", NULL }, { "cpu", "0", NULL }, { "memory", "1.5Gi", NULL },
		{ "memory", "-0", NULL }, { "example.com/gpu", "2", NULL },
		{ "example.com/gpu", "2000m", NULL }, { "hugepages-2Mi", "0.5", NULL },
		{ "cpu", "-1", "must be greater than or equal to 0" },
		{ "memory", "-1Mi", "must be greater than or equal to 0" },
		{ "example.com/gpu", "1.5", "must be an integer" },
		{ "example.com/gpu", "1500m", "must be an integer" },
		{ "example.com/gpu", "-1.5", "must be greater than or equal to 0; must be an integer" },
		{ "pods", "0.1", "must be an integer" },
		{ "cpu", "1e", "unable to parse quantity's suffix" },
		{ "cpu", "abc", "quantities must match the regular expression" },
	};
	char msg[APIVALIDATE_MSG_SIZE];

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		const char *got = apivalidate_resource_quantity(c[i].name, c[i].quantity, msg,
		    sizeof msg);
		if (c[i].reason == NULL)
			cr_expect_null(got, "%s=%s: got \"%s\"", c[i].name, c[i].quantity,
			    got ? got : "");
		else
			cr_expect(got != NULL && strstr(got, c[i].reason) != NULL,
			    "%s=%s: want \"%s\", got \"%s\"", c[i].name, c[i].quantity,
			    c[i].reason, got ? got : "(valid)");
	}
}

#define QUANTITY_FORM \
	"quantities must match the regular expression " \
	"'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"

Test(apivalidate, quantity_grammar_as_parse_quantity)
{
	const struct rule_case c[] = {
		/* quantity_test.go TestQuantityParse */
		{ "0", NULL }, { "0n", NULL }, { "0u", NULL }, { "0m", NULL }, { "0Ki", NULL },
		{ "0k", NULL }, { "0Mi", NULL }, { "0M", NULL }, { "0Gi", NULL }, { "0G", NULL },
		{ "0Ti", NULL }, { "0T", NULL }, { "1", NULL }, { "1Ki", NULL }, { "3Ei", NULL },
		{ "5n", NULL }, { "4u", NULL }, { "3m", NULL }, { "8k", NULL }, { "7M", NULL },
		{ "6G", NULL }, { "5T", NULL }, { "2P", NULL }, { "1E", NULL }, { "1E-3", NULL },
		{ "1e3", NULL }, { "1E6", NULL }, { "1e9", NULL }, { "1E18", NULL },
		{ "100.035k", NULL }, { "0.001", NULL }, { "0.0005k", NULL }, { "0.5e-2", NULL },
		{ "1.3E+6", NULL }, { "6.987654321G", NULL }, { "1.01E", NULL }, { "3.001n", NULL },
		{ "0.0000000001", NULL }, { "9Ei", NULL }, { "9223372036854775807Ki", NULL },
		{ "12E", NULL }, { "100.035Ki", NULL }, { "0.025Ti", NULL },
		{ "0.000000000001Ki", NULL }, { ".001", NULL }, { ".0001k", NULL }, { "1.", NULL },
		{ "1.G", NULL }, { "-1", NULL }, { "+1", NULL }, { "-.5", NULL }, { "+1Gi", NULL },
		/* legal though odd: the scanner makes them zero */
		{ ".", NULL }, { "-.", NULL }, { "+", NULL }, { "-", NULL }, { ".Ki", NULL },
		{ "Gi", NULL }, { "m", NULL }, { "-e3", NULL },
		/* large but legal */
		{ "1000000Ei", NULL }, { "99999999999999999999999999999", NULL },
		{ "1e1000", NULL }, { "1e-1000", NULL }, { "123456789012345678901234567890.5Mi", NULL },
		/* JSON decoding trims blanks */
		{ " 1Gi", NULL }, { "1Gi\t", NULL },
		/* invalid (TestQuantityParse's list) */
		{ "1.1.M", QUANTITY_FORM }, { "1+1.0M", QUANTITY_FORM },
		{ "0.1mi", "unable to parse quantity's suffix" },
		{ "0.1am", QUANTITY_FORM }, { "aoeu", QUANTITY_FORM },
		{ ".5i", "unable to parse quantity's suffix" },
		{ "1i", "unable to parse quantity's suffix" },
		{ "-3.01i", "unable to parse quantity's suffix" },
		{ "-3.01e-", "unable to parse quantity's suffix" },
		{ "", QUANTITY_FORM }, { " ", QUANTITY_FORM }, { "1 Gi", QUANTITY_FORM },
		{ "1e", "unable to parse quantity's suffix" },
		{ "1K", "unable to parse quantity's suffix" },
		{ "1KiB", QUANTITY_FORM }, { "1Ki3", "unable to parse quantity's suffix" },
		{ "1ee3", "unable to parse quantity's suffix" },
		{ "1e99999999999999999999", "unable to parse quantity's suffix" },
		{ "--1", "unable to parse quantity's suffix" }, { "1,5", QUANTITY_FORM }, { "0x10", QUANTITY_FORM },
		{ "1_000", QUANTITY_FORM }, { "Non-Numeric", QUANTITY_FORM }, { "1x", QUANTITY_FORM },
		{ ".e-10", "unable to parse numeric part of quantity" },
	};
	CHECK(apivalidate_quantity, c);
}

Test(apivalidate, quantity_milli_rounds_up_and_saturates)
{
	const struct { const char *in; int64_t milli, units; } c[] = {
		{ "0", 0, 0 }, { "1", 1000, 1 }, { "500m", 500, 1 }, { "0.5", 500, 1 },
		{ "0.1", 100, 1 }, { "0.1m", 1, 1 }, { "1.0001", 1001, 2 }, { "100m", 100, 1 },
		{ "128Mi", 134217728000LL, 134217728 }, { "1Ki", 1024000, 1024 },
		{ "1.5Gi", 1610612736000LL, 1610612736 }, { "0.5Mi", 524288000, 524288 },
		{ "100.035Ki", 102435840, 102436 }, { "1k", 1000000, 1000 }, { "1e3", 1000000, 1000 },
		{ "1E-3", 1, 1 }, { "2.5e-1", 250, 1 }, { "3.001n", 1, 1 }, { "1G", 1000000000000LL, 1000000000 },
		{ "9223372036854775807", INT64_MAX, INT64_MAX },
		{ "9223372036854775", 9223372036854775000LL, 9223372036854775LL },
		{ "9223372036854776", INT64_MAX, 9223372036854776LL },
		{ "8Ei", INT64_MAX, INT64_MAX }, { "7Ei", INT64_MAX, 8070450532247928832LL },
		{ "1000000Ei", INT64_MAX, INT64_MAX }, { "1e1000", INT64_MAX, INT64_MAX },
		{ "1e-1000", 1, 1 }, { "-1", -1000, -1 }, { "-0.5", -500, -1 },
		{ "-1000000Ei", INT64_MIN, INT64_MIN }, { "-9223372036854775808", INT64_MIN, INT64_MIN },
		{ ".", 0, 0 }, { "-", 0, 0 }, { "0.000000000001Ki", 1, 1 },
		{ "1.00000000000000000000000000000000000000000000000000000000000000000001", 1001, 2 },
	};
	char msg[APIVALIDATE_MSG_SIZE];

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		int64_t milli = 42, units = 42;
		cr_expect_null(apivalidate_quantity_milli(c[i].in, &milli, msg, sizeof msg), "%s", c[i].in);
		cr_expect_null(apivalidate_quantity_value(c[i].in, &units, msg, sizeof msg), "%s", c[i].in);
		cr_expect_eq(milli, c[i].milli, "%s: milli %lld, want %lld", c[i].in, (long long)milli,
		    (long long)c[i].milli);
		cr_expect_eq(units, c[i].units, "%s: units %lld, want %lld", c[i].in, (long long)units,
		    (long long)c[i].units);
	}
}

/* The cases of the parser decode used before (strconv_quantity_milli);
 * two verdicts changed on purpose, as ParseQuantity has them: "Mi" is zero
 * (the scanner takes a number with no digit) and "9999999Ei" is large but
 * legal (it saturates). */
Test(apivalidate, quantity_milli_keeps_the_former_decode_cases)
{
	const struct { const char *in; int64_t milli; bool ok; } c[] = {
		{ "128Mi", 134217728000LL, true }, { "1G", 1000000000000LL, true },
		{ "500m", 500, true }, { "1", 1000, true }, { "1.5", 1500, true },
		{ "2e3", 2000000, true }, { "1Ki", 1024000, true }, { "0.1", 100, true },
		{ "1.5Gi", 1610612736000LL, true }, { "100k", 100000000, true }, { "0", 0, true },
		{ "Mi", 0, true }, { "9999999Ei", INT64_MAX, true },
		{ "", 0, false }, { "128MB", 0, false }, { "lots", 0, false }, { "1.2.3", 0, false },
	};

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		int64_t milli = -42;
		const char *got = apivalidate_quantity_milli(c[i].in, &milli, NULL, 0);
		cr_expect_eq(got == NULL, c[i].ok, "%s: verdict", c[i].in);
		if (c[i].ok)
			cr_expect_eq(milli, c[i].milli, "%s: %lld", c[i].in, (long long)milli);
	}
}

Test(apivalidate, quantity_milli_leaves_the_output_alone_on_error)
{
	char msg[APIVALIDATE_MSG_SIZE];
	int64_t milli = 42;

	cr_assert_str_eq(apivalidate_quantity_milli("1i", &milli, msg, sizeof msg),
	    "unable to parse quantity's suffix");
	cr_assert_eq(milli, 42);
}

#define RFC3339 "\"2006-01-02T15:04:05Z07:00\""

Test(apivalidate, date_time_as_go_time_parse_rfc3339)
{
	const struct rule_case c[] = {
		{ "2025-01-02T03:04:05Z", NULL }, { "2006-01-02T15:04:05+07:00", NULL },
		{ "2006-01-02T15:04:05-07:00", NULL }, { "2006-01-02T15:04:05.999999999Z", NULL },
		{ "2006-01-02T15:04:05.1Z", NULL }, { "2006-01-02T15:04:05,5Z", NULL },
		{ "2006-01-02T15:04:05.12345678901234Z", NULL }, { "2024-02-29T00:00:00Z", NULL },
		{ "2000-02-29T00:00:00Z", NULL }, { "0000-01-01T00:00:00Z", NULL },
		{ "9999-12-31T23:59:59Z", NULL }, { "2006-01-02T15:04:05+24:00", NULL },
		{ "2006-01-02T3:04:05Z", NULL },
		{ "", "parsing time \"\" as " RFC3339 ": cannot parse \"\" as \"2006\"" },
		{ "2006", "parsing time \"2006\" as " RFC3339 ": cannot parse \"\" as \"-\"" },
		{ "2006-01-02", "cannot parse \"\" as \"T\"" },
		{ "2006-01-02 15:04:05Z", "cannot parse \" 15:04:05Z\" as \"T\"" },
		{ "2006-01-02t15:04:05Z", "cannot parse \"t15:04:05Z\" as \"T\"" },
		{ "2006-01-02T15:04:05", "cannot parse \"\" as \"Z07:00\"" },
		{ "2006-01-02T15:04:05z", "cannot parse \"z\" as \"Z07:00\"" },
		{ "2006-01-02T15:04:05+0700", "cannot parse \"+0700\" as \"Z07:00\"" },
		{ "2006-01-02T15:04:05 +07:00", "cannot parse \" +07:00\" as \"Z07:00\"" },
		{ "2006-1-02T15:04:05Z", "cannot parse \"1-02T15:04:05Z\" as \"01\"" },
		{ "2006-01-2T15:04:05Z", "cannot parse \"2T15:04:05Z\" as \"02\"" },
		{ "2006-01-02T15:4:05Z", "cannot parse \"4:05Z\" as \"04\"" },
		{ "2006-01-02T15:04:5Z", "cannot parse \"5Z\" as \"05\"" },
		{ "06-01-02T15:04:05Z", "cannot parse \"06-01-02T15:04:05Z\" as \"2006\"" },
		{ "2006-13-02T15:04:05Z", "parsing time \"2006-13-02T15:04:05Z\": month out of range" },
		{ "2006-00-02T15:04:05Z", ": month out of range" },
		{ "2006-01-32T15:04:05Z", ": day out of range" },
		{ "2006-02-29T15:04:05Z", ": day out of range" },
		{ "1900-02-29T15:04:05Z", ": day out of range" },
		{ "2006-01-00T15:04:05Z", ": day out of range" },
		{ "2006-01-02T24:04:05Z", ": hour out of range" },
		{ "2006-01-02T15:60:05Z", ": minute out of range" },
		{ "2006-01-02T15:04:60Z", ": second out of range" },
		{ "2006-01-02T15:04:05+25:00", ": time zone offset hour out of range" },
		{ "2006-01-02T15:04:05+01:61", ": time zone offset minute out of range" },
		{ "2006-01-02T15:04:05Zjunk", "parsing time \"2006-01-02T15:04:05Zjunk\": extra text: \"junk\"" },
		{ "2006-01-02T15:04:05.Z", "cannot parse \".Z\" as \"Z07:00\"" },
		{ "2006-01-02T15:04:05*07:00", "cannot parse \"*07:00\" as \"Z07:00\"" },
		{ "\"2006\"", "parsing time \"\\\"2006\\\"\" as " RFC3339 },
		{ "\x01", "parsing time \"\\x01\"" },
	};
	CHECK(apivalidate_date_time, c);
}

Test(apivalidate, base64_as_go_std_encoding)
{
	const struct rule_case c[] = {
		{ "", NULL }, { "Zm9v", NULL }, { "Zm9vYg==", NULL }, { "Zm9vYmE=", NULL },
		{ "Zm9vYmFy", NULL }, { "aGVsbG8gd29ybGQ=", NULL }, { "+/+/", NULL },
		{ "Zm9v\nYmFy", NULL }, { "Zm9v\r\nYmFy\n", NULL }, { "Zm9vYg=\n=", NULL },
		{ "Zm9vYg==\n", NULL },
		{ "Zm9vYg", "illegal base64 data at input byte 4" },
		{ "Z", "illegal base64 data at input byte 0" },
		{ "Zm9vY", "illegal base64 data at input byte 4" },
		{ "Zm9vYg=", "illegal base64 data at input byte 7" },
		{ "Zm9v!", "illegal base64 data at input byte 4" },
		{ "Zm 9v", "illegal base64 data at input byte 2" },
		{ "=", "illegal base64 data at input byte 0" },
		{ "Z===", "illegal base64 data at input byte 1" },
		{ "Zm9vYg==Zm9v", "illegal base64 data at input byte 8" },
		{ "Zm9vYmE=x", "illegal base64 data at input byte 8" },
		{ "Zm9vYg=x", "illegal base64 data at input byte 6" },
		{ "Zm9v_-", "illegal base64 data at input byte 4" },
		{ "AAAA====", "illegal base64 data at input byte 4" },
	};
	CHECK(apivalidate_base64, c);
}

Test(apivalidate, selector_operators_and_their_values)
{
	const struct {
		enum apivalidate_selector kind;
		const char *op;
		size_t n;
		const char *reason;
		bool about_values;
	} c[] = {
		{ APIVALIDATE_LABEL_SELECTOR, "In", 1, NULL, true },
		{ APIVALIDATE_LABEL_SELECTOR, "NotIn", 3, NULL, true },
		{ APIVALIDATE_LABEL_SELECTOR, "Exists", 0, NULL, true },
		{ APIVALIDATE_LABEL_SELECTOR, "DoesNotExist", 0, NULL, true },
		{ APIVALIDATE_LABEL_SELECTOR, "In", 0,
		    "must be specified when `operator` is 'In' or 'NotIn'", true },
		{ APIVALIDATE_LABEL_SELECTOR, "NotIn", 0,
		    "must be specified when `operator` is 'In' or 'NotIn'", true },
		{ APIVALIDATE_LABEL_SELECTOR, "Exists", 1,
		    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'", true },
		{ APIVALIDATE_LABEL_SELECTOR, "DoesNotExist", 2,
		    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'", true },
		{ APIVALIDATE_LABEL_SELECTOR, "Gt", 1, "not a valid selector operator", false },
		{ APIVALIDATE_LABEL_SELECTOR, "in", 1, "not a valid selector operator", false },
		{ APIVALIDATE_LABEL_SELECTOR, "", 0, "not a valid selector operator", false },
		{ APIVALIDATE_NODE_SELECTOR, "In", 1, NULL, true },
		{ APIVALIDATE_NODE_SELECTOR, "Gt", 1, NULL, true },
		{ APIVALIDATE_NODE_SELECTOR, "Lt", 1, NULL, true },
		{ APIVALIDATE_NODE_SELECTOR, "Exists", 0, NULL, true },
		{ APIVALIDATE_NODE_SELECTOR, "Gt", 0,
		    "must be specified single value when `operator` is 'Lt' or 'Gt'", true },
		{ APIVALIDATE_NODE_SELECTOR, "Lt", 2,
		    "must be specified single value when `operator` is 'Lt' or 'Gt'", true },
		{ APIVALIDATE_NODE_SELECTOR, "NotIn", 0,
		    "must be specified when `operator` is 'In' or 'NotIn'", true },
		{ APIVALIDATE_NODE_SELECTOR, "Equals", 1, "not a valid selector operator", false },
	};
	char msg[APIVALIDATE_MSG_SIZE];

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		bool about = !c[i].about_values;
		const char *got = apivalidate_selector_requirement(c[i].kind, c[i].op, c[i].n,
		    &about, msg, sizeof msg);
		if (c[i].reason == NULL)
			cr_expect_null(got, "%s/%zu: got \"%s\"", c[i].op, c[i].n, got ? got : "");
		else
			cr_expect(got != NULL && strcmp(got, c[i].reason) == 0,
			    "%s/%zu: want \"%s\", got \"%s\"", c[i].op, c[i].n, c[i].reason,
			    got ? got : "(valid)");
		if (c[i].reason != NULL)
			cr_expect_eq(about, c[i].about_values, "%s/%zu: about_values", c[i].op, c[i].n);
	}
}

Test(apivalidate, a_short_buffer_is_cut_not_overrun)
{
	char msg[16];

	memset(msg, 'x', sizeof msg);
	cr_assert_not_null(apivalidate_dns1123_label("BAD", msg, 10));
	cr_assert_eq(strlen(msg), 9);
	cr_assert_eq(msg[10], 'x');
	cr_assert_not_null(apivalidate_dns1123_label("BAD", msg, 1));
	cr_assert_str_eq(msg, "");
	cr_assert_not_null(apivalidate_date_time("garbage", msg, 12));
	cr_assert_eq(strlen(msg), 11);
}
