/* probe_cmd: `podinit probe`, one probe run in the foreground.
 *
 *   podinit probe --http URL | --tcp HOST:PORT | --grpc HOST:PORT[/SERVICE]
 *                 | --exec CMD [ARG...]   [--timeout DUR] [--header 'Name: value']...
 *
 * --timeout (default 1s, kubelet's timeoutSeconds) and --header (httpGet
 * only, repeatable) must come before --exec, which takes the rest of the
 * line.  The targets are those of --liveness and the other handler flags
 * (cli_parse_target): URL is http:// or https:// (verification off, as
 * kubelet; no port = 80 or 443), an IPv6 host is written in brackets, an
 * empty host is SPEC_DEFAULT_HOST.  Prints "Success: <msg>", "Failure: <msg>"
 * or "Unknown: <msg>" on stdout.  Exit 0 Success, 1 Failure, 2 Unknown,
 * 125 for a usage error.  Useful as a Docker HEALTHCHECK. */
#ifndef PODINIT_PROBE_CMD_H
#define PODINIT_PROBE_CMD_H

/* argv[0] is "probe". */
int	probe_command_main(int argc, char **argv);

#endif /* PODINIT_PROBE_CMD_H */
