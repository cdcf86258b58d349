/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Microsoft's source annotations (SAL), which only Microsoft's analyser
 * reads: every one is empty here, so annotated prototypes compile as they
 * are.  The older double-underscore forms (__in, __out, ...) are defined
 * for C only: libstdc++ uses some of those names as identifiers.
 */
#ifndef HTTPSYS_SAL_H
#define HTTPSYS_SAL_H

#define IN
#define OUT
#define OPTIONAL
#define UNALIGNED
#define CONST const

#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _In_reads_(n)
#define _In_reads_opt_(n)
#define _In_reads_bytes_(n)
#define _In_reads_bytes_opt_(n)
#define _Inout_
#define _Inout_opt_
#define _Inout_updates_(n)
#define _Inout_updates_bytes_(n)
#define _Out_
#define _Out_opt_
#define _Out_writes_(n)
#define _Out_writes_opt_(n)
#define _Out_writes_z_(n)
#define _Out_writes_bytes_(n)
#define _Out_writes_bytes_opt_(n)
#define _Out_writes_to_(n, c)
#define _Out_writes_bytes_to_(n, c)
#define _Outptr_
#define _Outptr_opt_
#define _Reserved_
#define _Success_(e)
#define _Printf_format_string_
#define _Null_terminated_
#define _Check_return_
#define _Ret_maybenull_
#define _When_(e, a)
#define _Pre_
#define _Post_

#ifndef __cplusplus
#define __in
#define __in_opt
#define __in_z
#define __in_ecount(n)
#define __in_ecount_opt(n)
#define __in_bcount(n)
#define __in_bcount_opt(n)
#define __inout
#define __inout_opt
#define __inout_ecount(n)
#define __inout_bcount(n)
#define __out
#define __out_opt
#define __out_ecount(n)
#define __out_ecount_opt(n)
#define __out_bcount(n)
#define __out_bcount_opt(n)
#define __out_ecount_part(n, c)
#define __out_bcount_part(n, c)
#define __deref_out
#define __deref_out_opt
#define __reserved
#define __checkReturn
#define __format_string
#endif

#endif /* HTTPSYS_SAL_H */
