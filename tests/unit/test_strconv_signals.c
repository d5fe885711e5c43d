/* Unit tests: duration and signal-name parsing (strconv), and the mapping
 * from a wait status to podinit's exit code (ctr_sm's record of an exit,
 * pod_exit_code with the -e remap list), SPEC §1. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "podinit/ctr_sm.h"
#include "podinit/pod_sm.h"
#include "podinit/spec.h"
#include "podinit/strconv.h"

/* ---- durations ---- */

struct dcase {
	char	 in[24];
	long long want;
	int	 rc;
};

ParameterizedTestParameters(duration, parse)
{
	static struct dcase c[] = {
		{ "0", 0, 0 }, { "1ns", 1, 0 }, { "250us", 250000, 0 }, { "100ms", 100000000, 0 },
		{ "10s", 10000000000LL, 0 }, { "5m", 300000000000LL, 0 },
		{ "1h", 3600000000000LL, 0 }, { "1m30s", 90000000000LL, 0 },
		{ "1.5s", 1500000000, 0 }, { "0.5ms", 500000, 0 }, { "2h45m", 9900000000000LL, 0 },
		{ "1s500ms", 1500000000, 0 }, { "0s", 0, 0 },
		{ "", 0, -1 }, { "5", 0, -1 }, { "-1s", 0, -1 }, { "s", 0, -1 }, { "1x", 0, -1 },
		{ "1s ", 0, -1 }, { " 1s", 0, -1 }, { "1 s", 0, -1 }, { "ms", 0, -1 },
		{ "10d", 0, -1 }, { "1.s.", 0, -1 }, { "99999999999999999999s", 0, -1 },
		{ "9999999999h", 0, -1 },
	};
	return cr_make_param_array(struct dcase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct dcase *c, duration, parse)
{
	int64_t v = -42;
	int rc = strconv_duration(c->in, &v);

	cr_assert_eq(rc, c->rc, "\"%s\": rc %d (value %lld)", c->in, rc, (long long)v);
	if (rc == 0)
		cr_assert_eq(v, c->want, "\"%s\": %lld, want %lld", c->in, (long long)v, c->want);
	else
		cr_assert_eq(v, -42, "\"%s\": output written on error", c->in);
}

Test(duration, format_roundtrip)
{
	static const long long ns[] = { 1000000000LL, 100000000LL, 90000000000LL,
		3600000000000LL, 2000000LL };
	char buf[32];

	for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
		int64_t back = -1;
		strconv_format_duration(ns[i], buf, sizeof buf);
		cr_assert_eq(strconv_duration(buf, &back), 0, "%lld -> \"%s\" does not parse", ns[i], buf);
		cr_assert_eq(back, ns[i], "%lld -> \"%s\" -> %lld", ns[i], buf, (long long)back);
	}
}

/* ---- signal names ---- */

struct scase {
	char	 in[16];
	int	 want;		/* 0: must fail */
};

ParameterizedTestParameters(signame, parse)
{
	static struct scase c[] = {
		{ "TERM", SIGTERM }, { "SIGTERM", SIGTERM }, { "sigterm", SIGTERM },
		{ "term", SIGTERM }, { "15", SIGTERM }, { "1", SIGHUP }, { "64", 64 },
		{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "KILL", SIGKILL },
		{ "USR1", SIGUSR1 }, { "SIGUSR2", SIGUSR2 }, { "PIPE", SIGPIPE },
		{ "ALRM", SIGALRM }, { "CHLD", SIGCHLD }, { "CLD", SIGCHLD }, { "CONT", SIGCONT },
		{ "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
		{ "URG", SIGURG }, { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM },
		{ "PROF", SIGPROF }, { "WINCH", SIGWINCH }, { "IO", SIGIO }, { "POLL", SIGIO },
		{ "PWR", SIGPWR }, { "SYS", SIGSYS }, { "SEGV", SIGSEGV }, { "IOT", SIGABRT },
		{ "ABRT", SIGABRT }, { "STKFLT", SIGSTKFLT }, { "WiNcH", SIGWINCH },
		{ "", 0 }, { "0", 0 }, { "65", 0 }, { "-1", 0 }, { " 15", 0 }, { "15 ", 0 },
		{ "SIG", 0 }, { "TERMINATE", 0 }, { "SIGSIGTERM", 0 }, { "FOO", 0 },
		{ "RTMIN+", 0 }, { "RTMIN-1", 0 }, { "RTMAX+1", 0 }, { "RTMIN+99", 0 },
		{ "1.0", 0 }, { "0x0f", 0 },
	};
	return cr_make_param_array(struct scase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct scase *c, signame, parse)
{
	int sig = -42;
	int rc = strconv_signal(c->in, &sig);

	if (c->want == 0) {
		cr_assert_eq(rc, -1, "\"%s\" accepted as %d", c->in, sig);
		return;
	}
	cr_assert_eq(rc, 0, "\"%s\" rejected", c->in);
	cr_assert_eq(sig, c->want, "\"%s\": %d, want %d", c->in, sig, c->want);
}

Test(signame, realtime)
{
	int sig = 0;

	cr_assert_eq(strconv_signal("RTMIN", &sig), 0);
	cr_assert_eq(sig, SIGRTMIN);
	cr_assert_eq(strconv_signal("SIGRTMIN+3", &sig), 0);
	cr_assert_eq(sig, SIGRTMIN + 3);
	cr_assert_eq(strconv_signal("RTMAX", &sig), 0);
	cr_assert_eq(sig, SIGRTMAX);
	cr_assert_eq(strconv_signal("rtmax-2", &sig), 0);
	cr_assert_eq(sig, SIGRTMAX - 2);
}

/* Every named signal survives name -> number -> name. */
Test(signame, roundtrip)
{
	for (int s = 1; s < 32; s++) {
		const char *name = strconv_signal_name(s);
		int back = 0;
		cr_assert_eq(strncmp(name, "SIG", 3), 0, "%d -> \"%s\"", s, name);
		cr_assert_eq(strconv_signal(name, &back), 0, "%d -> \"%s\" does not parse", s, name);
		cr_assert_eq(back, s, "%d -> \"%s\" -> %d", s, name, back);
	}
	cr_assert_str_eq(strconv_signal_name(SIGTERM), "SIGTERM");
	cr_assert_str_eq(strconv_signal_name(SIGKILL), "SIGKILL");
	cr_assert_str_eq(strconv_signal_name(40), "SIG40");
}

/* ---- wait status -> exit code ---- */

/* Run one Never-policy container through start, spawn and the given exit;
 * return the recorded exit code (and the signal in *sig). */
static int
exit_code_of(int wstatus, int *sig)
{
	struct container_spec spec;
	struct ctr_cfg cfg;
	struct ctr_sm c;
	struct ctr_actions out;
	struct ctr_input in;

	spec_container_defaults(&spec);
	ctr_cfg_defaults(&cfg);
	cfg.spec = &spec;
	cfg.policy = RESTART_NEVER;
	ctr_sm_init(&c, &cfg);
	ctr_sm_step(&c, EV_START, NULL, 1000, &out);
	ctr_sm_step(&c, EV_SPAWNED, NULL, 2000, &out);
	memset(&in, 0, sizeof in);
	in.wstatus = wstatus;
	ctr_sm_step(&c, EV_EXITED, &in, 3000, &out);
	cr_assert(c.has_term, "no termination recorded for wstatus %#x", wstatus);
	cr_assert_eq(c.state, CTR_TERMINATED);
	if (sig != NULL)
		*sig = c.term.signal;
	return c.term.exit_code;
}

Test(exitcode, every_exit_status)
{
	for (int code = 0; code < 256; code++) {
		int sig = -1;
		int got = exit_code_of(W_EXITCODE(code, 0), &sig);
		cr_assert_eq(got, code, "exit %d -> %d", code, got);
		cr_assert_eq(sig, 0);
	}
}

Test(exitcode, every_signal)
{
	for (int s = 1; s < 65; s++) {
		int sig = 0;
		int got = exit_code_of(W_EXITCODE(0, s), &sig);
		cr_assert_eq(got, 128 + s, "signal %d -> %d", s, got);
		cr_assert_eq(sig, s);
	}
	/* A core dump does not change the code: SEGV with core is 139. */
	cr_assert_eq(exit_code_of(W_EXITCODE(0, SIGSEGV) | WCOREFLAG, NULL), 139);
}

Test(exitcode, reason)
{
	struct container_spec spec;
	struct ctr_cfg cfg;
	struct ctr_sm c;
	struct ctr_actions out;
	struct ctr_input in = { .wstatus = W_EXITCODE(0, 0) };

	spec_container_defaults(&spec);
	ctr_cfg_defaults(&cfg);
	cfg.spec = &spec;
	cfg.policy = RESTART_NEVER;
	ctr_sm_init(&c, &cfg);
	ctr_sm_step(&c, EV_START, NULL, 1, &out);
	ctr_sm_step(&c, EV_SPAWNED, NULL, 2, &out);
	ctr_sm_step(&c, EV_EXITED, &in, 3, &out);
	cr_assert_str_eq(c.term.reason, "Completed");
	cr_assert_eq(exit_code_of(W_EXITCODE(1, 0), NULL), 1);
}

/* A failed spawn: 127 not found, 126 not executable become the code. */
Test(exitcode, spawn_failure)
{
	static const int codes[] = { 126, 127 };

	for (size_t i = 0; i < 2; i++) {
		struct container_spec spec;
		struct ctr_cfg cfg;
		struct ctr_sm c;
		struct ctr_actions out;
		struct ctr_input in = { .exit_code = codes[i], .message = "exec \"x\": failed" };

		spec_container_defaults(&spec);
		ctr_cfg_defaults(&cfg);
		cfg.spec = &spec;
		cfg.policy = RESTART_NEVER;
		ctr_sm_init(&c, &cfg);
		ctr_sm_step(&c, EV_START, NULL, 1, &out);
		ctr_sm_step(&c, EV_SPAWN_FAILED, &in, 2, &out);
		cr_assert(c.has_term);
		cr_assert_eq(c.term.exit_code, codes[i]);
	}
}

static struct pod_sm_ctr
terminated(int code)
{
	struct pod_sm_ctr p;

	memset(&p, 0, sizeof p);
	p.status = CS_TERMINATED;
	p.exit_code = code;
	p.finished_at = 100;
	return p;
}

/* pod_exit_code for the one-container (tini) case: the code passes
 * through, -e codes become 0, other codes are untouched. */
Test(exitcode, pod_code_and_remap)
{
	for (int code = 0; code < 256; code++) {
		struct pod_sm_ctr p = terminated(code);
		enum pod_phase ph = code == 0 ? PHASE_SUCCEEDED : PHASE_FAILED;
		bool remap_self[POD_EXIT_CODES] = { false }, remap_other[POD_EXIT_CODES] = { false };
		int other[] = { (code + 1) % 256, (code + 7) % 256 };

		remap_self[code] = true;
		remap_other[other[0]] = remap_other[other[1]] = true;

		cr_assert_eq(pod_exit_code(&p, 1, ph, false, NULL), code, "code %d", code);
		cr_assert_eq(pod_exit_code(&p, 1, ph, false, remap_self), 0, "-e %d", code);
		cr_assert_eq(pod_exit_code(&p, 1, ph, false, remap_other), code,
		    "-e %d -e %d changed %d", other[0], other[1], code);
		/* Stopped by SIGTERM: still the main container's code. */
		cr_assert_eq(pod_exit_code(&p, 1, ph, true, NULL), code);
		cr_assert_eq(pod_exit_code(&p, 1, ph, true, remap_self), 0);
	}
}

/* Two containers: the one that failed first decides. */
Test(exitcode, first_failure_wins)
{
	struct pod_sm_ctr p[2] = { terminated(3), terminated(143) };

	p[0].finished_at = 200;
	p[1].finished_at = 100;
	cr_assert_eq(pod_exit_code(p, 2, PHASE_FAILED, false, NULL), 143);
	p[1].finished_at = 300;
	cr_assert_eq(pod_exit_code(p, 2, PHASE_FAILED, false, NULL), 3);
}
