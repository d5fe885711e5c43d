/* Unit tests for ctr_sm: every transition of issue 5 (stop during
 * postStart, stop during back-off, exit during preStop, ...), with the
 * exact action lists.  Fake clock: times are plain numbers in ms. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "podinit/clock.h"
#include "podinit/ctr_sm.h"

#define MS NS_PER_MS
#define SEC NS_PER_SEC

static struct container_spec spec;
static struct ctr_cfg cfg;
static struct ctr_sm c;
static struct ctr_actions out;
static char seqbuf[1024];

static void
setup(bool post_start, bool pre_stop, enum restart_policy policy)
{
	memset(&spec, 0, sizeof spec);
	spec_container_defaults(&spec);
	spec.name = "app";
	spec.post_start.kind = post_start ? HANDLER_EXEC : HANDLER_NONE;
	spec.pre_stop.kind = pre_stop ? HANDLER_SLEEP : HANDLER_NONE;
	ctr_cfg_defaults(&cfg);
	cfg.spec = &spec;
	cfg.pod_desc = "web_default()";
	cfg.policy = policy;
	ctr_sm_init(&c, &cfg);
}

/* The action list as text: KIND, EMIT_EVENT(reason), timers @ms. */
static const char *
seq(void)
{
	size_t off = 0;

	seqbuf[0] = '\0';
	for (size_t i = 0; i < out.n; i++) {
		const struct ctr_action *a = &out.a[i];

		off += (size_t)snprintf(seqbuf + off, sizeof seqbuf - off, "%s%s",
		    i ? " " : "", ctr_action_name(a->kind));
		switch (a->kind) {
		case CA_EMIT_EVENT:
			off += (size_t)snprintf(seqbuf + off, sizeof seqbuf - off, "(%s)", a->reason);
			break;
		case CA_ARM_DEADLINE:
		case CA_SCHEDULE_RESTART:
		case CA_START_PROBES:
			off += (size_t)snprintf(seqbuf + off, sizeof seqbuf - off, "@%lld",
			    (long long)(a->t / MS));
			break;
		case CA_STOP_PROBES:
			if (a->all)
				off += (size_t)snprintf(seqbuf + off, sizeof seqbuf - off, "(all)");
			break;
		case CA_SPAWN: case CA_RUN_POST_START: case CA_RUN_PRE_STOP:
		case CA_CANCEL_HOOK: case CA_SEND_STOP_SIGNAL: case CA_KILL_ALL:
		case CA_CANCEL_TIMER:
			break;
		}
	}
	return seqbuf;
}

static const char *
step(enum ctr_event ev, const struct ctr_input *in, int64_t now_ms)
{
	ctr_sm_step(&c, ev, in, now_ms * MS, &out);
	return seq();
}

static const char *
exit_code_(int code, int64_t now_ms)
{
	struct ctr_input in = { .wstatus = W_EXITCODE(code, 0) };

	return step(EV_EXITED, &in, now_ms);
}

static const char *
exit_sig(int sig, int64_t now_ms)
{
	struct ctr_input in = { .wstatus = W_EXITCODE(0, sig) };

	return step(EV_EXITED, &in, now_ms);
}

static const char *
event_msg(const char *reason)
{
	for (size_t i = 0; i < out.n; i++)
		if (out.a[i].kind == CA_EMIT_EVENT && strcmp(out.a[i].reason, reason) == 0)
			return out.a[i].message;
	return "(none)";
}

/* START at 0, SPAWNED at 1000 ms. */
static void
run_to_started(void)
{
	cr_assert_str_eq(step(EV_START, NULL, 0), "SPAWN");
	step(EV_SPAWNED, NULL, 1000);
}

#define SEQ(got, want) cr_assert_str_eq((got), (want))

Test(ctr_sm, start_without_hooks)
{
	setup(false, false, RESTART_ALWAYS);
	cr_assert_eq(c.state, CTR_WAITING);
	SEQ(step(EV_START, NULL, 0), "SPAWN");
	cr_assert_eq(c.state, CTR_STARTING);
	SEQ(step(EV_SPAWNED, NULL, 1000),
	    "EMIT_EVENT(Created) EMIT_EVENT(Started) START_PROBES@1000");
	cr_assert_str_eq(out.a[0].message, "Created container: app");
	cr_assert_str_eq(out.a[1].message, "Started container app");
	cr_assert_eq(out.a[0].type, CTR_EVT_NORMAL);
	cr_assert_eq(c.state, CTR_RUNNING);
	cr_assert_eq(c.restart_count, 0);
	cr_assert_eq(c.started_at, 1000 * MS);
}

/* The container is started only when postStart completes; probes count
 * their delay from the process start. */
Test(ctr_sm, post_start_ok)
{
	setup(true, false, RESTART_ALWAYS);
	SEQ(step(EV_START, NULL, 0), "SPAWN");
	SEQ(step(EV_SPAWNED, NULL, 1000), "EMIT_EVENT(Created) EMIT_EVENT(Started) RUN_POST_START");
	cr_assert_eq(c.state, CTR_STARTING);
	SEQ(step(EV_LIVENESS_FAILED, NULL, 1200), "");
	SEQ(step(EV_POSTSTART_OK, NULL, 1500), "START_PROBES@1000");
	cr_assert_eq(c.state, CTR_RUNNING);
}

/* K8S row 72: FailedPostStartHook, Killing "FailedPostStartHook" with
 * preStop, then the restart policy. */
Test(ctr_sm, post_start_failed_restarts)
{
	setup(true, true, RESTART_ALWAYS);
	run_to_started();
	SEQ(step(EV_POSTSTART_FAILED, NULL, 2000),
	    "EMIT_EVENT(FailedPostStartHook) EMIT_EVENT(Killing) RUN_PRE_STOP ARM_DEADLINE@32000");
	cr_assert_str_eq(event_msg("FailedPostStartHook"), "PostStartHook failed");
	cr_assert_eq(out.a[0].type, CTR_EVT_WARNING);
	cr_assert_str_eq(event_msg("Killing"), "FailedPostStartHook");
	cr_assert_str_eq(c.waiting_reason, "PostStartHookError");
	cr_assert_eq(c.state, CTR_STOPPING);
	{
		struct ctr_input ok = { .hook_ok = true };

		SEQ(step(EV_PRESTOP_DONE, &ok, 3000), "SEND_STOP_SIGNAL ARM_DEADLINE@32000");
	}
	SEQ(exit_sig(SIGTERM, 3100), "KILL_ALL CANCEL_TIMER SPAWN");
	cr_assert_eq(c.restart_count, 1);
	cr_assert_eq(c.term.exit_code, 143);
	cr_assert_str_eq(c.term.reason, "Error");
}

Test(ctr_sm, post_start_failed_never)
{
	setup(true, false, RESTART_NEVER);
	run_to_started();
	SEQ(step(EV_POSTSTART_FAILED, NULL, 2000),
	    "EMIT_EVENT(FailedPostStartHook) EMIT_EVENT(Killing) SEND_STOP_SIGNAL ARM_DEADLINE@32000");
	SEQ(exit_sig(SIGTERM, 2500), "KILL_ALL CANCEL_TIMER");
	cr_assert_eq(c.state, CTR_TERMINATED);
	cr_assert(ctr_sm_finished(&c));
}

/* Stop during postStart: the hook is cancelled at once, then the stop
 * sequence (preStop included); a late hook result changes nothing. */
Test(ctr_sm, stop_during_post_start)
{
	setup(true, true, RESTART_ALWAYS);
	run_to_started();
	SEQ(step(EV_STOP, NULL, 1500),
	    "CANCEL_HOOK EMIT_EVENT(Killing) RUN_PRE_STOP ARM_DEADLINE@31500");
	cr_assert_str_eq(event_msg("Killing"), "Stopping container app");
	SEQ(step(EV_POSTSTART_OK, NULL, 1600), "");
	SEQ(step(EV_POSTSTART_FAILED, NULL, 1600), "");
	cr_assert_eq(c.state, CTR_STOPPING);
	SEQ(exit_sig(SIGTERM, 1700), "CANCEL_HOOK KILL_ALL CANCEL_TIMER");
	cr_assert_eq(c.state, CTR_TERMINATED);
}

/* Stop before the spawn is confirmed: the stop starts when it is. */
Test(ctr_sm, stop_before_spawned)
{
	setup(true, false, RESTART_ALWAYS);
	SEQ(step(EV_START, NULL, 0), "SPAWN");
	SEQ(step(EV_STOP, NULL, 1), "");
	SEQ(step(EV_SPAWNED, NULL, 2),
	    "EMIT_EVENT(Created) EMIT_EVENT(Started) EMIT_EVENT(Killing) SEND_STOP_SIGNAL ARM_DEADLINE@30002");
}

Test(ctr_sm, kill_before_spawned)
{
	setup(false, true, RESTART_ALWAYS);
	step(EV_START, NULL, 0);
	SEQ(step(EV_KILL, NULL, 1), "");
	SEQ(step(EV_SPAWNED, NULL, 2), "EMIT_EVENT(Created) EMIT_EVENT(Started) KILL_ALL");
	SEQ(exit_sig(SIGKILL, 3), "");	/* no probes ran; already killed */
	cr_assert_eq(c.state, CTR_TERMINATED);
	cr_assert_eq(c.term.exit_code, 137);
}

/* Stop while never started: it never starts. */
Test(ctr_sm, stop_while_waiting)
{
	setup(false, false, RESTART_ALWAYS);
	SEQ(step(EV_STOP, NULL, 0), "");
	cr_assert(ctr_sm_finished(&c));
	SEQ(step(EV_START, NULL, 1), "");
	cr_assert_eq(c.state, CTR_WAITING);
}

/* A spontaneous exit: no preStop, no stop signal. */
Test(ctr_sm, spontaneous_exit_restarts_at_once)
{
	setup(false, true, RESTART_ALWAYS);
	run_to_started();
	SEQ(exit_code_(0, 5000), "STOP_PROBES(all) KILL_ALL SPAWN");
	cr_assert_eq(c.state, CTR_STARTING);
	cr_assert_eq(c.restart_count, 1);
	cr_assert_str_eq(c.term.reason, "Completed");
	cr_assert_eq(c.term.started_at, 1000 * MS);
	cr_assert_eq(c.term.finished_at, 5000 * MS);
}

/* Stop during back-off: the pending restart is cancelled and the
 * container is terminated at once with its last termination. */
Test(ctr_sm, stop_during_backoff)
{
	struct pod_sm_ctr v;

	setup(false, false, RESTART_ALWAYS);
	run_to_started();
	SEQ(exit_code_(1, 2000), "STOP_PROBES(all) KILL_ALL SPAWN");	/* first: immediate */
	step(EV_SPAWNED, NULL, 2000);
	SEQ(exit_code_(1, 3000), "STOP_PROBES(all) KILL_ALL EMIT_EVENT(BackOff) SCHEDULE_RESTART@13000");
	cr_assert_str_eq(event_msg("BackOff"),
	    "Back-off restarting failed container app in pod web_default()");
	cr_assert_eq(c.state, CTR_BACKOFF);
	cr_assert_str_eq(c.waiting_reason, "CrashLoopBackOff");
	cr_assert_str_eq(c.waiting_message,
	    "back-off 10s restarting failed container=app pod=web_default()");
	ctr_sm_pod_view(&c, &v);
	cr_assert_eq(v.status, CS_WAITING);
	cr_assert(v.has_last_termination);
	cr_assert_eq(v.last_exit_code, 1);

	SEQ(step(EV_STOP, NULL, 4000), "CANCEL_TIMER");
	cr_assert_eq(c.state, CTR_TERMINATED);
	cr_assert(ctr_sm_finished(&c));
	SEQ(step(EV_DEADLINE, NULL, 13000), "");
	ctr_sm_pod_view(&c, &v);
	cr_assert_eq(v.status, CS_TERMINATED);
	cr_assert_eq(v.exit_code, 1);
	cr_assert(v.has_last_termination, "previous instance");
}

Test(ctr_sm, backoff_timer_restarts)
{
	setup(false, false, RESTART_ALWAYS);
	run_to_started();
	exit_code_(1, 2000);
	step(EV_SPAWNED, NULL, 2000);
	exit_code_(1, 3000);
	SEQ(step(EV_DEADLINE, NULL, 12999), "");	/* early: stale */
	SEQ(step(EV_DEADLINE, NULL, 13000), "SPAWN");
	cr_assert_eq(c.restart_count, 2);
	cr_assert_eq(c.state, CTR_STARTING);
	cr_assert_str_eq(c.waiting_reason, "ContainerCreating");
}

/* Exit during preStop: the hook is cancelled, no stop signal is needed,
 * the container is terminated. */
Test(ctr_sm, exit_during_pre_stop)
{
	setup(false, true, RESTART_ALWAYS);
	run_to_started();
	SEQ(step(EV_STOP, NULL, 2000),
	    "EMIT_EVENT(Killing) STOP_PROBES RUN_PRE_STOP ARM_DEADLINE@32000");
	SEQ(exit_code_(0, 2500), "CANCEL_HOOK STOP_PROBES(all) KILL_ALL CANCEL_TIMER");
	cr_assert_eq(c.state, CTR_TERMINATED);
	cr_assert_eq(c.term.exit_code, 0);
	SEQ(step(EV_PRESTOP_DONE, &(struct ctr_input){ .hook_ok = true }, 2600), "");
}

/* K8S row 70: preStop took 28.7 s of 30: stop signal, SIGKILL 2 s later
 * (max(30 - 28, 2)). */
Test(ctr_sm, pre_stop_time_counts_against_grace)
{
	struct ctr_input ok = { .hook_ok = true };

	setup(false, true, RESTART_ALWAYS);
	run_to_started();
	step(EV_STOP, NULL, 10000);
	SEQ(step(EV_PRESTOP_DONE, &ok, 38700), "SEND_STOP_SIGNAL ARM_DEADLINE@40700");
	SEQ(step(EV_DEADLINE, NULL, 40700), "KILL_ALL");
	SEQ(exit_sig(SIGKILL, 40701), "STOP_PROBES(all)");
	cr_assert_eq(c.state, CTR_TERMINATED);
	cr_assert_eq(c.term.exit_code, 137);
	cr_assert_eq(c.term.signal, SIGKILL);
}

/* preStop 10.5 s: whole seconds are subtracted (kubelet truncates). */
Test(ctr_sm, pre_stop_truncated_seconds)
{
	struct ctr_input ok = { .hook_ok = true };

	setup(false, true, RESTART_ALWAYS);
	run_to_started();
	step(EV_STOP, NULL, 10000);
	SEQ(step(EV_PRESTOP_DONE, &ok, 20500), "SEND_STOP_SIGNAL ARM_DEADLINE@40500");
}

/* A failing preStop is an event, not a reason to skip the stop. */
Test(ctr_sm, pre_stop_failed)
{
	struct ctr_input bad = { .hook_ok = false };

	setup(false, true, RESTART_ALWAYS);
	run_to_started();
	step(EV_STOP, NULL, 10000);
	SEQ(step(EV_PRESTOP_DONE, &bad, 11000),
	    "EMIT_EVENT(FailedPreStopHook) SEND_STOP_SIGNAL ARM_DEADLINE@40000");
	cr_assert_str_eq(event_msg("FailedPreStopHook"), "PreStopHook failed");
}

/* preStop still running when the grace is spent: stop signal with the
 * 2 s floor, then SIGKILL (and the hook dies with the container). */
Test(ctr_sm, pre_stop_overruns_grace)
{
	setup(false, true, RESTART_ALWAYS);
	run_to_started();
	step(EV_STOP, NULL, 10000);
	SEQ(step(EV_DEADLINE, NULL, 40000), "SEND_STOP_SIGNAL ARM_DEADLINE@42000");
	SEQ(step(EV_DEADLINE, NULL, 42000), "CANCEL_HOOK KILL_ALL");
	SEQ(step(EV_PRESTOP_DONE, &(struct ctr_input){ .hook_ok = true }, 42001), "");
	SEQ(exit_sig(SIGKILL, 42002), "STOP_PROBES(all)");
	cr_assert_eq(c.state, CTR_TERMINATED);
}

/* K8S row 71: grace 0: preStop skipped, SIGKILL 2 s after the signal. */
Test(ctr_sm, grace_zero_skips_pre_stop)
{
	setup(false, true, RESTART_ALWAYS);
	cfg.grace_ns = 0;
	ctr_sm_init(&c, &cfg);
	run_to_started();
	SEQ(step(EV_STOP, NULL, 5000), "EMIT_EVENT(Killing) STOP_PROBES SEND_STOP_SIGNAL ARM_DEADLINE@7000");
}

/* Stop signal from lifecycle.stopSignal. */
Test(ctr_sm, stop_signal_from_spec)
{
	setup(false, false, RESTART_ALWAYS);
	spec.stop_signal = SIGQUIT;
	run_to_started();
	step(EV_STOP, NULL, 5000);
	cr_assert_eq(out.a[2].kind, CA_SEND_STOP_SIGNAL);
	cr_assert_eq(out.a[2].sig, SIGQUIT);
}

/* A second stop request skips the rest of the grace period. */
Test(ctr_sm, second_stop_kills_now)
{
	setup(false, false, RESTART_ALWAYS);
	run_to_started();
	SEQ(step(EV_STOP, NULL, 5000), "EMIT_EVENT(Killing) STOP_PROBES SEND_STOP_SIGNAL ARM_DEADLINE@35000");
	SEQ(step(EV_STOP, NULL, 6000), "CANCEL_TIMER KILL_ALL");
	SEQ(step(EV_DEADLINE, NULL, 35000), "");
	SEQ(step(EV_STOP, NULL, 6500), "");
	SEQ(exit_sig(SIGKILL, 6001), "STOP_PROBES(all)");
	cr_assert_eq(c.state, CTR_TERMINATED);
}

Test(ctr_sm, kill_during_pre_stop)
{
	setup(false, true, RESTART_ALWAYS);
	run_to_started();
	step(EV_STOP, NULL, 5000);
	SEQ(step(EV_KILL, NULL, 5100), "CANCEL_HOOK CANCEL_TIMER KILL_ALL");
}

Test(ctr_sm, kill_while_running)
{
	setup(false, true, RESTART_ALWAYS);
	run_to_started();
	SEQ(step(EV_KILL, NULL, 5100), "STOP_PROBES KILL_ALL");
	SEQ(exit_sig(SIGKILL, 5101), "STOP_PROBES(all)");
	cr_assert_eq(c.state, CTR_TERMINATED);
}

/* K8S §8, row 57: liveness kill with kubelet's message and the probe's
 * own terminationGracePeriodSeconds; OnFailure restarts it even when it
 * exits 0 (row 68). */
Test(ctr_sm, liveness_kill_on_failure_restarts)
{
	setup(false, false, RESTART_ON_FAILURE);
	spec.probes[PROBE_LIVENESS].present = true;
	spec.probes[PROBE_LIVENESS].has_termination_grace = true;
	spec.probes[PROBE_LIVENESS].termination_grace_ns = 5 * NS_PER_SEC;
	run_to_started();
	SEQ(step(EV_LIVENESS_FAILED, NULL, 20000),
	    "EMIT_EVENT(Killing) STOP_PROBES SEND_STOP_SIGNAL ARM_DEADLINE@25000");
	cr_assert_str_eq(event_msg("Killing"),
	    "Container app failed liveness probe, will be restarted");
	SEQ(exit_code_(0, 20100), "STOP_PROBES(all) KILL_ALL CANCEL_TIMER SPAWN");
	cr_assert_eq(c.restart_count, 1);
}

/* K8S row 69: Never: no ", will be restarted", no restart. */
Test(ctr_sm, liveness_kill_never)
{
	setup(false, true, RESTART_NEVER);
	run_to_started();
	SEQ(step(EV_LIVENESS_FAILED, NULL, 20000),
	    "EMIT_EVENT(Killing) STOP_PROBES RUN_PRE_STOP ARM_DEADLINE@50000");
	cr_assert_str_eq(event_msg("Killing"), "Container app failed liveness probe");
	step(EV_PRESTOP_DONE, &(struct ctr_input){ .hook_ok = true }, 21000);
	SEQ(exit_sig(SIGTERM, 21100), "STOP_PROBES(all) KILL_ALL CANCEL_TIMER");
	cr_assert_eq(c.state, CTR_TERMINATED);
	cr_assert_eq(c.term.exit_code, 143);
}

Test(ctr_sm, startup_kill)
{
	setup(false, false, RESTART_ALWAYS);
	run_to_started();
	step(EV_STARTUP_FAILED, NULL, 20000);
	cr_assert_str_eq(event_msg("Killing"),
	    "Container app failed startup probe, will be restarted");
	cr_assert_eq(c.stop_reason, STOP_STARTUP);
}

Test(ctr_sm, sidecar_liveness_message)
{
	setup(false, false, RESTART_NEVER);
	spec.is_init = spec.is_sidecar = true;
	run_to_started();
	step(EV_LIVENESS_FAILED, NULL, 20000);
	cr_assert_str_eq(event_msg("Killing"), "Init container app failed liveness probe");
	SEQ(exit_sig(SIGTERM, 20100), "STOP_PROBES(all) KILL_ALL CANCEL_TIMER SPAWN");
}

/* A liveness kill overtaken by podinit's shutdown: no restart. */
Test(ctr_sm, liveness_kill_then_shutdown)
{
	setup(false, false, RESTART_ALWAYS);
	run_to_started();
	step(EV_LIVENESS_FAILED, NULL, 20000);
	SEQ(step(EV_STOP, NULL, 20001), "");
	SEQ(exit_sig(SIGTERM, 20002), "STOP_PROBES(all) KILL_ALL CANCEL_TIMER");
	cr_assert_eq(c.state, CTR_TERMINATED);
}

/* A container exiting by itself while the pod terminates stays down. */
Test(ctr_sm, exit_while_pod_terminating)
{
	struct ctr_input in = { .wstatus = W_EXITCODE(1, 0), .pod_terminating = true };

	setup(false, false, RESTART_ALWAYS);
	run_to_started();
	SEQ(step(EV_EXITED, &in, 3000), "STOP_PROBES(all) KILL_ALL");
	cr_assert_eq(c.state, CTR_TERMINATED);
}

/* SPEC §3: StartError, exit code from the input; restart per policy. */
Test(ctr_sm, spawn_failed)
{
	struct ctr_input in = { .exit_code = 127, .message = "exec: \"nope\": not found" };

	setup(false, false, RESTART_ALWAYS);
	step(EV_START, NULL, 0);
	SEQ(step(EV_SPAWN_FAILED, &in, 1), "EMIT_EVENT(Failed) SPAWN");
	cr_assert_str_eq(event_msg("Failed"), "Error: exec: \"nope\": not found");
	cr_assert_str_eq(c.term.reason, "StartError");
	cr_assert_eq(c.term.exit_code, 127);
	SEQ(step(EV_SPAWN_FAILED, &in, 2), "EMIT_EVENT(Failed) EMIT_EVENT(BackOff) SCHEDULE_RESTART@10002");

	setup(false, false, RESTART_NEVER);
	step(EV_START, NULL, 0);
	SEQ(step(EV_SPAWN_FAILED, &in, 1), "EMIT_EVENT(Failed)");
	cr_assert_eq(c.state, CTR_TERMINATED);
}

Test(ctr_sm, oom_killed)
{
	struct ctr_input in = { .wstatus = W_EXITCODE(0, SIGKILL), .oom_killed = true };

	setup(false, false, RESTART_NEVER);
	run_to_started();
	SEQ(step(EV_EXITED, &in, 3000), "STOP_PROBES(all) KILL_ALL EMIT_EVENT(OOMKilled)");
	cr_assert_str_eq(c.term.reason, "OOMKilled");
	cr_assert_eq(c.term.exit_code, 137);
	cr_assert_eq(out.a[2].type, CTR_EVT_WARNING);
}

/* Issue 5: --backoff-initial 100ms --backoff-max 400ms: a container that
 * crashes 1 ms after each start restarts after 0, 100, 200, 400, 400 ms;
 * restartCount counts the new instances. */
Test(ctr_sm, backoff_sequence)
{
	int64_t want[] = { 0, 100, 200, 400, 400 };
	int64_t now = 0;

	setup(false, false, RESTART_ALWAYS);
	cfg.backoff_initial = 100 * MS;
	cfg.backoff_max = 400 * MS;
	ctr_sm_init(&c, &cfg);
	step(EV_START, NULL, now);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		int64_t fin;

		step(EV_SPAWNED, NULL, now);
		fin = now + 1;
		exit_code_(1, fin);
		if (want[i] == 0) {
			cr_assert_eq(c.state, CTR_STARTING, "gap %zu immediate", i);
			now = fin;
		} else {
			cr_assert_eq(c.state, CTR_BACKOFF, "gap %zu", i);
			cr_assert_eq(c.timer_at, (fin + want[i]) * MS, "gap %zu", i);
			now = fin + want[i];
			SEQ(step(EV_DEADLINE, NULL, now), "SPAWN");
		}
		cr_assert_eq(c.restart_count, (int)i + 1);
	}
	cr_assert_str_eq(c.waiting_message, "", "cleared by the new instance");
}

Test(ctr_sm, backoff_message_minutes)
{
	setup(false, false, RESTART_ALWAYS);
	cfg.backoff_initial = 80 * SEC;
	ctr_sm_init(&c, &cfg);
	run_to_started();
	exit_code_(1, 2000);
	step(EV_SPAWNED, NULL, 2000);
	exit_code_(1, 3000);
	cr_assert_str_eq(c.waiting_message,
	    "back-off 1m20s restarting failed container=app pod=web_default()");
}

/* OnFailure: exit 0 ends it for good. */
Test(ctr_sm, on_failure_exit_zero)
{
	struct pod_sm_ctr v;

	setup(false, false, RESTART_ON_FAILURE);
	run_to_started();
	SEQ(exit_code_(0, 3000), "STOP_PROBES(all) KILL_ALL");
	cr_assert_eq(c.state, CTR_TERMINATED);
	ctr_sm_pod_view(&c, &v);
	cr_assert_eq(v.status, CS_TERMINATED);
	cr_assert_eq(v.exit_code, 0);
	cr_assert_not(v.has_last_termination);
	cr_assert_eq(v.finished_at, 3000 * MS);
}

Test(ctr_sm, stale_events_ignored)
{
	setup(false, false, RESTART_ALWAYS);
	SEQ(step(EV_DEADLINE, NULL, 0), "");
	SEQ(step(EV_EXITED, &(struct ctr_input){ 0 }, 0), "");
	run_to_started();
	SEQ(step(EV_DEADLINE, NULL, 99999), "");
	SEQ(step(EV_START, NULL, 2000), "");
	SEQ(step(EV_SPAWNED, NULL, 2000), "");
	SEQ(step(EV_PRESTOP_DONE, NULL, 2000), "");
	cr_assert_eq(c.state, CTR_RUNNING);
}

Test(ctr_sm, pod_view_states)
{
	struct pod_sm_ctr v;

	setup(true, false, RESTART_ALWAYS);
	ctr_sm_pod_view(&c, &v);
	cr_assert_eq(v.status, CS_WAITING);
	cr_assert_not(v.has_last_termination);
	step(EV_START, NULL, 0);
	ctr_sm_pod_view(&c, &v);
	cr_assert_eq(v.status, CS_WAITING);
	/* SPEC §3: spawned, postStart running: still waiting, as kubelet
	 * shows it (the pod stays Pending). */
	step(EV_SPAWNED, NULL, 1);
	ctr_sm_pod_view(&c, &v);
	cr_assert_eq(v.status, CS_WAITING);
	cr_assert_not(v.has_last_termination);
	step(EV_POSTSTART_OK, NULL, 2);
	ctr_sm_pod_view(&c, &v);
	cr_assert_eq(v.status, CS_RUNNING);
	exit_code_(3, 10);
	step(EV_SPAWNED, NULL, 11);
	ctr_sm_pod_view(&c, &v);
	cr_assert_eq(v.status, CS_WAITING);
	cr_assert(v.has_last_termination);
	cr_assert_eq(v.last_exit_code, 3);
	step(EV_POSTSTART_OK, NULL, 12);
	ctr_sm_pod_view(&c, &v);
	cr_assert_eq(v.status, CS_RUNNING);
	cr_assert(v.has_last_termination);
	cr_assert_eq(v.last_exit_code, 3);
}

Test(ctr_sm, names)
{
	cr_assert_str_eq(ctr_state_name(CTR_BACKOFF), "backoff");
	cr_assert_str_eq(ctr_event_name(EV_PRESTOP_DONE), "prestop-done");
	cr_assert_str_eq(ctr_action_name(CA_KILL_ALL), "KILL_ALL");
}

/* The bound of CTR_ACTIONS_MAX: every sequence of up to BOUND_DEPTH
 * events (7 finds nothing longer), from every configuration (hooks or
 * not, each policy, a sidecar, back-off 0 so a crash restarts in the same
 * step), with the inputs that add actions (OOM, failed hooks, the pod
 * terminating or not), never overflows; the longest step seen is the one
 * push() names. */
#define BOUND_DEPTH	6
/* An exit during a preStop of a probe kill, OOM, restarting at once:
 * CANCEL_HOOK STOP_PROBES(all) KILL_ALL EMIT_EVENT(OOMKilled)
 * CANCEL_TIMER SPAWN.  push()'s comment names it: change both. */
#define LONGEST_PATH	6

struct bound_walk {
	size_t	 longest;
	unsigned long steps;
};

static const struct ctr_input bound_inputs[] = {
	{ .wstatus = 1 << 8, .oom_killed = true, .exit_code = 127, .message = "exec failed" },
	{ .wstatus = 0, .hook_ok = true, .pod_terminating = true },
	{ .wstatus = SIGKILL, .hook_ok = false },
};

static void
bound_walk(const struct ctr_sm *from, int64_t now, int depth, struct bound_walk *w)
{
	if (depth == 0)
		return;
	for (int ev = EV_START; ev <= EV_DEADLINE; ev++)
		for (size_t k = 0; k < sizeof bound_inputs / sizeof bound_inputs[0]; k++) {
			struct ctr_sm sm = *from;
			struct ctr_actions acts;
			int64_t t = now + SEC;

			/* The timer fires at the time it was armed for. */
			if (ev == EV_DEADLINE && sm.timer_at != INT64_MAX && sm.timer_at > t)
				t = sm.timer_at;
			ctr_sm_step(&sm, (enum ctr_event)ev, &bound_inputs[k], t, &acts);
			w->steps++;
			cr_assert_not(acts.overflow, "%s in %s: more than %d actions",
			    ctr_event_name((enum ctr_event)ev), ctr_state_name(from->state),
			    CTR_ACTIONS_MAX);
			if (acts.n > w->longest)
				w->longest = acts.n;
			/* Events that change nothing need no deeper walk. */
			if (acts.n == 0 && memcmp(&sm, from, sizeof sm) == 0)
				continue;
			bound_walk(&sm, t, depth - 1, w);
		}
}

Test(ctr_sm, actions_bound)
{
	struct bound_walk w = { 0 };
	static const enum restart_policy policies[] = {
		RESTART_ALWAYS, RESTART_ON_FAILURE, RESTART_NEVER,
	};

	for (int hooks = 0; hooks < 4; hooks++)
		for (size_t p = 0; p < 3; p++)
			for (int sidecar = 0; sidecar < 2; sidecar++) {
				setup(hooks & 1, hooks & 2, policies[p]);
				spec.is_init = spec.is_sidecar = sidecar;
				spec.probes[PROBE_LIVENESS].handler.kind = HANDLER_EXEC;
				cfg.backoff_initial = 0;
				cfg.backoff_max = 0;
				ctr_sm_init(&c, &cfg);
				bound_walk(&c, 0, BOUND_DEPTH, &w);
			}
	cr_assert_leq(w.longest, CTR_ACTIONS_MAX);
	cr_assert_eq(w.longest, LONGEST_PATH, "longest step: %zu actions (%lu steps walked)",
	    w.longest, w.steps);
}
