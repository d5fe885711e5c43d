/* logs_cmd: `podinit logs`, a container's kept output (SPEC §8) read from
 * the running podinit's socket, as `kubectl logs` reads it:
 *
 *   podinit logs [--socket PATH] [-c CONTAINER] [-p|--previous] [-f|--follow]
 *                [--tail N] [--timestamps] [--since DUR] [--limit-bytes N]
 *
 * GET /api/v1/namespaces/NS/pods/NAME/log with container, previous,
 * follow, tailLines, timestamps, sinceSeconds, limitBytes; the pod's name
 * and namespace come from the same socket (/describe).  The body goes to
 * stdout as it arrives (with -f until the instance ends or the user
 * interrupts).  Exit 0, 1 on an error answer (its message on stderr), 2
 * unreachable or usage. */
#ifndef PODINIT_LOGS_CMD_H
#define PODINIT_LOGS_CMD_H

/* argv[0] is "logs". */
int	logs_command_main(int argc, char **argv);

#endif /* PODINIT_LOGS_CMD_H */
