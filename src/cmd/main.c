/* main: subcommand dispatch, the setup phase (which may fatal()), hand-off
 * to the loop, and the final exit code. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "podinit/check.h"
#include "podinit/cli.h"
#include "podinit/client.h"
#include "podinit/log.h"
#include "podinit/logs_cmd.h"
#include "podinit/loop.h"
#include "podinit/manifest.h"
#include "podinit/podfacts.h"
#include "podinit/probe_cmd.h"
#include "podinit/spawn.h"
#include "podinit/spec.h"
#include "podinit/super.h"
#include "podinit/workload.h"

static void
check_reaper(const struct options *o)
{
	if (getpid() == 1)
		return;
	if (o->subreaper) {
		if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
			fatal("cannot register as a child subreaper");
		log_debug("registered as a child subreaper");
		return;
	}
	/* tini's warning, same advice. */
	log_warnx("not running as PID 1 and not registered as a child subreaper: "
	    "orphaned zombies will not be reaped; use -s (or TINI_SUBREAPER) or run as PID 1");
}

int
main(int argc, char **argv)
{
	struct options opt;
	struct pod_spec pod;
	struct loop *loop;
	struct podfacts facts;
	struct manifest_inputs *inputs = NULL;
	struct manifest_opts mo = { 0 };
	char err[512];
	int code;

	/* Before anything else, so an early SIGTERM is queued, not lost. */
	loop_block_signals_early();

	if (argc > 1 && strcmp(argv[1], "check") == 0)
		return check_command_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "status") == 0)
		return status_command_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "probe") == 0)
		return probe_command_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "kubeconfig") == 0)
		return kubeconfig_command_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "logs") == 0)
		return logs_command_main(argc - 1, argv + 1);

	super_inherit_fds();
	if (spawn_raise_nofile() == -1)
		log_warn("raising the open-file limit");
	switch (cli_parse(argc, argv, &opt, err, sizeof err)) {
	case CLI_OK:
		break;
	case CLI_EXIT_OK:
		return 0;
	case CLI_ERROR:
		log_warnx("%s", err);
		return 125;
	}

	/* The loop first: it alone reads the clocks (ARCHITECTURE rule 4),
	 * and the pod's creationTimestamp is its realtime. */
	loop = loop_new();
	if (loop == NULL) {
		log_warn("cannot set up the event loop");
		return 125;
	}
	if (opt.manifest != NULL) {
		mo = (struct manifest_opts){
			.path = opt.manifest,
			.paths = opt.manifests,
			.n_paths = opt.n_manifests,
			.pod_name = opt.pod_name,
			.cli_argv = opt.ncmd > 0 ? opt.cmd : NULL,
			.check_only = false,
			.overrides = cli_spec_overrides(&opt),
			.facts = &facts.facts,
			.commands = opt.commands,
			.n_commands = opt.n_commands,
		};
		if (podfacts_gather(&facts, loop_real_now(loop), NULL, err, sizeof err) == -1) {
			log_warnx("%s", err);
			loop_free(loop);
			return 125;
		}
		/* A Job's later pods are decoded again from the same bytes. */
		if (manifest_load_keep(&mo, &pod, &inputs) == -1) {
			loop_free(loop);
			return 125;
		}
		if (!pod.job.present) {
			manifest_inputs_free(inputs);
			inputs = NULL;
		}
		if (log_verbosity >= 2)
			manifest_dump(stderr, &pod);
	} else if (cli_build_pod(&opt, &pod, err, sizeof err) == -1) {
		log_warnx("%s", err);
		spec_free(&pod);
		loop_free(loop);
		return 125;
	}

	if (opt.pdeathsig > 0 && prctl(PR_SET_PDEATHSIG, opt.pdeathsig) == -1)
		fatal("cannot set the parent-death signal");
	check_reaper(&opt);

	loop_set_warn_orphans(loop, opt.warn_orphans);
	code = workload_run(loop, &opt, &pod, inputs, opt.manifest != NULL ? &mo : NULL,
	    opt.manifest != NULL ? &facts : NULL);
	manifest_inputs_free(inputs);
	loop_free(loop);
	spec_free(&pod);
	return code;
}
