/* check: `podinit check`, the manifest validator's command. */
#ifndef PODINIT_CHECK_H
#define PODINIT_CHECK_H

/* `podinit check [-v] [--dump] [--pod NAME] -f FILE [-- CMD...]`: returns
 * the process exit code: 0 valid, 1 invalid, 125 usage error. */
int	check_command_main(int argc, char **argv);	/* argv[0] == "check" */

#endif /* PODINIT_CHECK_H */
