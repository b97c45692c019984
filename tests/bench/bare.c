/* SPDX-License-Identifier: ISC */
/*
 * Baseline 2 of compare.sh: the FastCGI ceiling.  A bare libfcgi responder,
 * pre-forked like the product, that answers every request with the same
 * fixed body (a file read once at start: the product's own list response),
 * so the difference to the product is all the product's own work.
 *
 *	bare SOCKET WORKERS BODYFILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>

int
main(int argc, char **argv)
{
	static char body[1 << 20];
	FCGX_Request fr;
	FILE *f;
	size_t n;
	int fd, i, w;

	if (argc != 4 || (f = fopen(argv[3], "rb")) == NULL)
		return 2;
	n = fread(body, 1, sizeof(body), f);
	fclose(f);
	w = atoi(argv[2]);
	FCGX_Init();
	umask(0);
	if ((fd = FCGX_OpenSocket(argv[1], 128)) < 0)
		return 1;
	for (i = 0; i < w; i++)
		if (fork() == 0) {
			/* Ends with its parent, which compare.sh stops. */
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			FCGX_InitRequest(&fr, fd, 0);
			while (FCGX_Accept_r(&fr) >= 0) {
				FCGX_FPrintF(fr.out,
				    "Content-Type: application/json; "
				    "charset=utf-8\r\nContent-Length: "
				    "%lu\r\n\r\n",
				    (unsigned long)n);
				FCGX_PutStr(body, (int)n, fr.out);
				FCGX_Finish_r(&fr);
			}
			return 0;
		}
	while (wait(NULL) > 0)
		;
	return 0;
}
