/* client: `podinit status`, the command-line side of the status API.  A
 * short-lived process of its own, so it may block (with a 5 s timeout). */
#ifndef PODINIT_CLIENT_H
#define PODINIT_CLIENT_H

#define CLIENT_TIMEOUT_SEC 5

/* podinit status [--socket PATH] [-o json|text] [--ready | --live] [--events]
 *
 * argv[0] is "status".  The socket is --socket, else $PODINIT_SOCKET, else
 * /run/podinit.sock.  Default output is the describe text (GET /describe);
 * -o json prints /status (/events with --events).  --ready / --live exit 0
 * when /readyz or /livez answer 200, else 1 (for a HEALTHCHECK).  Exit 2
 * when podinit cannot be reached or on a usage error. */
int	status_command_main(int argc, char **argv);

#endif /* PODINIT_CLIENT_H */
