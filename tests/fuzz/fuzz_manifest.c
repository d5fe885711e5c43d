/* libFuzzer target for the manifest loader: any bytes go through ynode,
 * decode, validate and the dump; nothing may crash, leak or hang. */
#include <stdint.h>
#include <stdio.h>

#include "podinit/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct manifest_opts o = { .path = "fuzz/pod.yaml", .check_only = true };
	char *cli[] = { "/bin/true", NULL };
	struct pod_spec p;
	struct diag_list d;

	if (null == NULL)
		null = fopen("/dev/null", "we");
	/* Alternate between check mode and run mode with a command line. */
	if (size > 0 && (data[size - 1] & 1)) {
		o.check_only = false;
		o.cli_argv = cli;
	}
	diag_init(&d);
	if (manifest_decode_buffer((const char *)data, size, &o, &p, &d) == 0 && null)
		manifest_dump(null, &p);
	diag_sort(&d);
	if (null)
		diag_print(null, &d, o.path, NULL, true);
	diag_free(&d);
	spec_free(&p);
	return 0;
}
