/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The protocol code in this directory is pure C built both into the module
 * and into userspace tests and fuzzers; this header gives it the kernel's
 * basic types in either build.
 */
#ifndef HTTPSYS_PROTO_TYPES_H
#define HTTPSYS_PROTO_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/kernel.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int16_t s16;
typedef int32_t s32;

#define min_t(type, a, b) ((type)(a) < (type)(b) ? (type)(a) : (type)(b))
#endif

#endif /* HTTPSYS_PROTO_TYPES_H */
