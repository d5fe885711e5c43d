/* Unit tests for cgroup's pure helpers: memory.events and cpu.stat as the
 * kernel prints them, and cpu.max from milli-CPU. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "podinit/cgroup.h"

Test(cgroup, memory_events)
{
	uint64_t n = 99;

	cr_assert_eq(cgroup_parse_memory_events(
	    "low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\noom_group_kill 0\n", &n), 0);
	cr_assert_eq(n, 2);
	/* oom_group_kill first must not be taken for oom_kill */
	cr_assert_eq(cgroup_parse_memory_events(
	    "oom_group_kill 7\noom_kill 18446744073709551615", &n), 0);
	cr_assert_eq(n, UINT64_MAX);
}

Test(cgroup, memory_events_bad)
{
	uint64_t n = 5;

	cr_assert_eq(cgroup_parse_memory_events("", &n), -1);
	cr_assert_eq(cgroup_parse_memory_events("oom 1\n", &n), -1);
	cr_assert_eq(cgroup_parse_memory_events("oom_kill x\n", &n), -1);
	cr_assert_eq(cgroup_parse_memory_events("oom_kill 1x\n", &n), -1);
	cr_assert_eq(cgroup_parse_memory_events("oom_kill -1\n", &n), -1);
	cr_assert_eq(cgroup_parse_memory_events("oom_kill 99999999999999999999\n", &n), -1);
	cr_assert_eq(n, 5, "untouched on error");
}

Test(cgroup, cpu_stat)
{
	uint64_t u = 0;

	cr_assert_eq(cgroup_parse_cpu_stat(
	    "usage_usec 1234567\nuser_usec 1000000\nsystem_usec 234567\n"
	    "core_sched.force_idle_usec 0\nnr_periods 0\nnr_throttled 0\n"
	    "throttled_usec 0\n", &u), 0);
	cr_assert_eq(u, 1234567);
	cr_assert_eq(cgroup_parse_cpu_stat("user_usec 1\nusage_usec 0", &u), 0);
	cr_assert_eq(u, 0);
	cr_assert_eq(cgroup_parse_cpu_stat("user_usec 1\n", &u), -1);
	cr_assert_eq(cgroup_parse_cpu_stat("xusage_usec 1\n", &u), -1);
}

struct cpu_case {
	int64_t	milli;
	char	want[32];
};

ParameterizedTestParameters(cgroup, cpu_max)
{
	static struct cpu_case cases[] = {
		{ 500, "50000 100000" },
		{ 1000, "100000 100000" },
		{ 2500, "250000 100000" },
		{ 10, "1000 100000" },	/* kernel minimum quota is 1 ms */
		{ 1, "1000 100000" },
		{ 0, "max 100000" },
		{ -5, "max 100000" },
		{ INT64_MAX, "max 100000" },
	};
	return cr_make_param_array(struct cpu_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct cpu_case *c, cgroup, cpu_max)
{
	char out[32];

	cgroup_format_cpu_max(c->milli, out, sizeof out);
	cr_assert_str_eq(out, c->want, "milli %lld", (long long)c->milli);
}
