/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The Win32 compat layer for programs of the HTTP Server API: the base
 * types, SAL annotations, handles, events, completion ports, files, the
 * heap and the user name.  http.h brings the same, so a program may
 * include either.  docs/PORTING.md lists what each call does on Linux.
 */
#ifndef HTTPSYS_WINDOWS_H
#define HTTPSYS_WINDOWS_H

#include "winhttpsys.h"

#endif /* HTTPSYS_WINDOWS_H */
