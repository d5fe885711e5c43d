/* Unit tests for caps: the one capability table.  Names in every spelling
 * callers meet (Kubernetes' NET_ADMIN, CAP_NET_ADMIN, lower case), numbers
 * back to names, and the table against the kernel's own numbering. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <linux/capability.h>
#include <string.h>

#include "podinit/caps.h"

struct cap_case {
	char	name[40];
	int	want;
};

ParameterizedTestParameters(caps, from_name)
{
	static struct cap_case c[] = {
		{ "NET_BIND_SERVICE", 10 }, { "CAP_NET_BIND_SERVICE", 10 }, { "cap_net_bind_service", 10 },
		{ "net_bind_service", 10 }, { "CHOWN", 0 }, { "SYS_ADMIN", 21 }, { "CAP_CHECKPOINT_RESTORE", 40 },
		{ "NET_BIND", -1 }, { "ALL", -1 }, { "", -1 }, { "CAP_", -1 }, { "12", -1 }, { "CAP_12", -1 },
		{ "SYS ADMIN", -1 }, { "Cap_Kill", 5 }, { "CAP_CAP_KILL", -1 },
	};
	return cr_make_param_array(struct cap_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct cap_case *tc, caps, from_name)
{
	cr_assert_eq(caps_from_name(tc->name), tc->want, "\"%s\"", tc->name);
}

Test(caps, format)
{
	char buf[40];

	caps_format(10, buf, sizeof buf);
	cr_assert_str_eq(buf, "NET_BIND_SERVICE");
	caps_format(21, buf, sizeof buf);
	cr_assert_str_eq(buf, "SYS_ADMIN");
}

Test(caps, round_trip_and_unknown)
{
	char buf[40];

	for (int i = 0; i <= 40; i++) {
		caps_format(i, buf, sizeof buf);
		cr_assert_eq(caps_from_name(buf), i, "%d -> %s", i, buf);
	}
	caps_format(63, buf, sizeof buf);
	cr_assert_str_eq(buf, "63");
	caps_format(-1, buf, sizeof buf);
	cr_assert_str_eq(buf, "-1");
	caps_format(10, buf, 4);
	cr_assert_str_eq(buf, "NET");
	cr_assert_null(caps_name(41));
	cr_assert_null(caps_name(-1));
}

/* Every name at the kernel's number (a missing or swapped entry would move
 * all the bits after it). */
Test(caps, table_matches_linux_capability_h)
{
#define K(x) { CAP_##x, #x }
	static const struct { int number; const char *name; } kernel[] = {
		K(CHOWN), K(DAC_OVERRIDE), K(DAC_READ_SEARCH), K(FOWNER), K(FSETID), K(KILL),
		K(SETGID), K(SETUID), K(SETPCAP), K(LINUX_IMMUTABLE), K(NET_BIND_SERVICE),
		K(NET_BROADCAST), K(NET_ADMIN), K(NET_RAW), K(IPC_LOCK), K(IPC_OWNER),
		K(SYS_MODULE), K(SYS_RAWIO), K(SYS_CHROOT), K(SYS_PTRACE), K(SYS_PACCT),
		K(SYS_ADMIN), K(SYS_BOOT), K(SYS_NICE), K(SYS_RESOURCE), K(SYS_TIME),
		K(SYS_TTY_CONFIG), K(MKNOD), K(LEASE), K(AUDIT_WRITE), K(AUDIT_CONTROL),
		K(SETFCAP), K(MAC_OVERRIDE), K(MAC_ADMIN), K(SYSLOG), K(WAKE_ALARM),
		K(BLOCK_SUSPEND), K(AUDIT_READ), K(PERFMON), K(BPF), K(CHECKPOINT_RESTORE),
	};
#undef K
	const char *const *names;
	size_t n;

	names = caps_names(&n);
	cr_assert_eq(n, sizeof kernel / sizeof kernel[0]);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(kernel[i].number, (int)i, "%s", kernel[i].name);
		cr_assert_str_eq(names[i], kernel[i].name, "%zu", i);
		cr_assert_str_eq(caps_name((int)i), kernel[i].name, "%zu", i);
		cr_assert_eq(caps_from_name(kernel[i].name), kernel[i].number, "%s", kernel[i].name);
	}
}
