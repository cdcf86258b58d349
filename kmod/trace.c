// SPDX-License-Identifier: GPL-2.0
/* The tracepoints of httpsys_trace.h, defined once. */
#define CREATE_TRACE_POINTS
#include "httpsys_trace.h"
