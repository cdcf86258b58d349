#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compares our http.h with mingw-w64's (the x64 Windows reference).

Both headers are parsed after preprocessing.  From ours come the probes:
sizeof and _Alignof of every type (and of the Win32 base types it uses),
offsetof of every field, the value of every enumerator and integer
#define.  The same probe source is compiled (-S, never run) by gcc
against ours and by x86_64-w64-mingw32-gcc against mingw's
<windows.h>/<http.h>; each probe is an asm comment carrying the constant.  A probe that does not compile on the mingw side names something
mingw lacks.  Types mingw lacks or declares differently must be listed in
http_layout_reference.txt with the size Microsoft documents.  One TAP
line per type, per enum and per group of #defines.
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
OURS = ['gcc', '-std=gnu11', '-I', os.path.join(ROOT, 'libhttpapi', 'include')]
MINGW = ['x86_64-w64-mingw32-gcc', '-std=gnu11']
OURS_PRELUDE = '#include <stddef.h>\n#include "http.h"\n'
MINGW_PRELUDE = ('#include <stddef.h>\n#include <winsock2.h>\n'
                 '#include <windows.h>\n#include <http.h>\n')
OUR_BASE = '#include "winhttpsys.h"\n'
# The Win32 base types http.h builds on (winhttpsys.h here).  WCHAR is the
# one that differs: wchar_t is 4 bytes on Linux, 2 on Windows.
BASE_TYPES = ['UCHAR', 'BOOLEAN', 'USHORT', 'ULONG', 'LONG', 'DWORD', 'BOOL',
              'ULONGLONG', 'ULONG_PTR', 'HANDLE', 'PVOID', 'PCWSTR',
              'PSOCKADDR', 'SOCKADDR_STORAGE', 'GUID', 'ULARGE_INTEGER',
              'ALG_ID', 'SECURITY_STATUS', 'OVERLAPPED']
WCHAR_SIZES = {'ours': 4, 'windows': 2}
MINGW_BASE = '#include <winsock2.h>\n#include <windows.h>\n'


def run(cmd, src, extra=()):
    with tempfile.NamedTemporaryFile('w', suffix='.c', delete=False) as f:
        f.write(src)
    try:
        p = subprocess.run(cmd + list(extra) + [f.name, '-o', '-'],
                           capture_output=True, text=True)
    finally:
        os.unlink(f.name)
    return p


def http_h_text(cmd, prelude):
    """The preprocessed text that came from http.h itself."""
    out = run(cmd, prelude, ['-E']).stdout
    keep, text = False, []
    for line in out.splitlines():
        m = re.match(r'# \d+ "([^"]*)"', line)
        if m:
            keep = os.path.basename(m.group(1)) == 'http.h'
        elif keep:
            text.append(line)
    return '\n'.join(text)


TOKEN = re.compile(r'[A-Za-z_]\w*|0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|'
                   r'->|<<|>>|\S')


def tokens(text):
    toks = TOKEN.findall(text)
    out, i = [], 0
    while i < len(toks):  # drop __attribute__((...)) and __declspec(...)
        if toks[i] in ('__attribute__', '__declspec', '__extension__'):
            i += 1
            depth = 0
            while i < len(toks):
                depth += {'(': 1, ')': -1}.get(toks[i], 0)
                i += 1
                if depth == 0:
                    break
            continue
        out.append(toks[i])
        i += 1
    return out


class Header:
    """Typedef names, struct fields and enumerators of one http.h."""

    def __init__(self, text):
        self.types = []        # every typedef name, pointer ones included
        self.pointers = set()  # the typedef names declared with a '*'
        self.fields = {}       # struct/union typedef name -> [field path]
        self.enums = {}        # enum typedef name -> [enumerator]
        self.toks = tokens(text)
        self.i = 0
        while self.i < len(self.toks):
            if self.toks[self.i] == 'typedef':
                self.i += 1
                self.typedef()
            else:
                self.i += 1

    def names(self):
        """Every typedef name and enumerator."""
        return set(self.types).union(*self.enums.values())

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else ''

    def skip_balanced(self, open_, close):
        depth = 0
        while self.i < len(self.toks):
            t = self.toks[self.i]
            self.i += 1
            depth += (t == open_) - (t == close)
            if depth == 0:
                return

    def typedef(self):
        kind = self.peek()
        fields = enumerators = None
        if kind in ('struct', 'union', 'enum'):
            self.i += 1
            if self.peek() not in ('{',):
                self.i += 1  # the tag
            if self.peek() == '{':
                if kind == 'enum':
                    enumerators = self.enum_body()
                else:
                    fields = self.record_body('')
        names = self.declarators()
        self.types += [n for n, _ in names]
        self.pointers |= {n for n, ptr in names if ptr}
        main = [n for n, ptr in names if not ptr]
        if main and fields is not None:
            self.fields[main[0]] = fields
        if main and enumerators is not None:
            self.enums[main[0]] = enumerators

    def enum_body(self):
        self.i += 1
        names, expect_name = [], True
        depth = 0
        while self.peek() != '}' or depth:
            t = self.toks[self.i]
            self.i += 1
            depth += (t == '(') - (t == ')')
            if expect_name and re.match(r'[A-Za-z_]', t):
                names.append(t)
                expect_name = False
            elif t == ',' and not depth:
                expect_name = True
        self.i += 1
        return names

    def record_body(self, prefix):
        """Field paths for offsetof; bit-fields are left out."""
        self.i += 1
        paths = []
        while self.peek() != '}':
            if self.peek() in ('struct', 'union'):
                self.i += 1
                if self.peek() != '{':
                    self.i += 1
                if self.peek() == '{':
                    save = self.i
                    self.skip_balanced('{', '}')
                    names = self.declarators()
                    end = self.i
                    for name, ptr in names:
                        if not name:
                            continue
                        paths.append(prefix + name)
                        if not ptr:
                            self.i = save
                            paths += self.record_body(prefix + name + '.')
                    if not names:
                        self.i = save
                        paths += self.record_body(prefix)
                        self.i += 1  # ';'
                    else:
                        self.i = end
                    continue
            for name, _ in self.declarators():
                if name:
                    paths.append(prefix + name)
        self.i += 1
        return paths

    def declarators(self):
        """(name, is_pointer) up to ';', skipping the type's tokens."""
        decls, name, ptr, bitfield = [], None, False, False
        while self.i < len(self.toks) and self.peek() != ';':
            t = self.toks[self.i]
            if t == '{':
                self.skip_balanced('{', '}')
                continue
            if t in ('[', '('):
                self.skip_balanced(t, ']' if t == '[' else ')')
                continue
            self.i += 1
            if t == '*':
                ptr = True
            elif t == ':':
                bitfield = True
            elif t == ',':
                decls.append((None if bitfield else name, ptr))
                name, ptr, bitfield = None, False, False
            elif re.match(r'[A-Za-z_]\w*$', t):
                name = t
        self.i += 1
        if name or decls:
            decls.append((None if bitfield else name, ptr))
        return decls


def macros(cmd, base, full):
    """Object-like HTTP* macros that http.h adds over the base headers."""
    def names(prelude):
        out = run(cmd, prelude, ['-E', '-dM']).stdout
        return {m for m in re.findall(r'^#define (HTTP\w*) ', out, re.M)
                if not m.startswith('HTTPSYS_')}
    return sorted(names(full) - names(base))


class Probes:
    """Numbered probe lines; each asm comment carries one constant."""

    def __init__(self):
        self.items = []  # (key, C expression)

    def add(self, key, expr):
        self.items.append((key, expr))

    def source(self, prelude, skip):
        lines = prelude.splitlines()
        for n, (key, expr) in enumerate(self.items):
            if n in skip:
                lines.append('')
            else:
                lines.append('void p%d(void) { __asm__ volatile("#@%d %%c0" '
                             ':: "i"((long long)(%s))); }' % (n, n, expr))
        return '\n'.join(lines) + '\n'

    def values(self, cmd, prelude, known):
        """{key: value} for the probes that compile; the rest are absent.

        Probes of names the header does not declare (known) are not tried:
        gcc's spelling suggestions make each such error slow.
        """
        skip = {n for n, (key, _) in enumerate(self.items)
                if key[1] not in known}
        for _ in range(4):
            src = self.source(prelude, skip)
            p = run(cmd, src, ['-S', '-w', '-fmax-errors=0'])
            if p.returncode == 0:
                found = re.findall(r'#@(\d+) (-?\d+)', p.stdout)
                return {self.items[int(n)][0]: int(v) for n, v in found}
            bad, current = set(), None
            for line in p.stderr.splitlines():
                m = re.search(r"In function .p(\d+).", line)
                if m:
                    current = int(m.group(1))
                elif ': error:' in line and current is not None:
                    bad.add(current)
            if not bad:
                break
            skip |= bad
        errors = [line for line in p.stderr.splitlines() if 'error:' in line]
        print('\n'.join('# ' + line for line in errors[:20]))
        print('not ok - the probes compile with %s' % cmd[0])
        sys.exit(1)


def load_reference():
    """{kind: {name: (number, reason)}} from http_layout_reference.txt."""
    ref = {'type': {}, 'value': {}, 'enum': {}, 'spelling': {}, 'wchar': {}}
    with open(os.path.join(HERE, 'http_layout_reference.txt')) as f:
        for line in f:
            words = line.split('#', 1)[0].split()
            if words:
                kind, name, number = words[:3]
                ref[kind][name] = (int(number, 0) if number != '-' else None,
                                   ' '.join(words[3:]))
    return ref


def group_of(name):
    """Constants are grouped by their first three words (two if short)."""
    words = [w for w in name.split('_') if not w.isdigit()]
    return '_'.join(words[:3] if len(words) > 3 else words[:2])


def main():
    ours = Header(http_h_text(OURS, OURS_PRELUDE))
    mingw = Header(http_h_text(MINGW, MINGW_PRELUDE))
    our_macros = macros(OURS, OUR_BASE, OURS_PRELUDE)
    mingw_macros = macros(MINGW, MINGW_BASE, MINGW_PRELUDE)
    ref = load_reference()

    probes = Probes()
    for t in BASE_TYPES + ['WCHAR'] + ours.types:
        probes.add(('size', t), 'sizeof(%s)' % t)
        probes.add(('align', t), '_Alignof(%s)' % t)
    for t, paths in ours.fields.items():
        for p in paths:
            probes.add(('offset', t, p), 'offsetof(%s, %s)' % (t, p))
    for enum, names in list(ours.enums.items()) + list(mingw.enums.items()):
        for e in names:
            probes.add(('value', e), e)
    for m in sorted(set(our_macros) | set(mingw_macros)):
        probes.add(('value', m), m)
    base = set(BASE_TYPES) | {'WCHAR'}
    mine = probes.values(OURS, OURS_PRELUDE,
                         ours.names() | set(our_macros) | base)
    theirs = probes.values(MINGW, MINGW_PRELUDE,
                           mingw.names() | set(mingw_macros) | base)

    failed = 0

    def tap(ok, what, detail=''):
        nonlocal failed
        failed += not ok
        print('%s - %s%s' % ('ok' if ok else 'not ok', what,
                             ': ' + detail if detail else ''))

    for t in BASE_TYPES:
        keys = [('size', t), ('align', t)]
        diffs = ['%s ours %s mingw %s' % (k[0], mine.get(k), theirs.get(k))
                 for k in keys if mine.get(k) != theirs.get(k)]
        tap(not diffs, 'base type %s' % t, '; '.join(diffs) if diffs else
            'size %d as on x64 Windows' % mine[('size', t)])
    wchar = (mine.get(('size', 'WCHAR')), theirs.get(('size', 'WCHAR')))
    tap(wchar == (WCHAR_SIZES['ours'], WCHAR_SIZES['windows']),
        'base type WCHAR', 'EXCEPTION: %s bytes here (wchar_t), %s on Windows; '
        'pointers to it keep the layout' % wchar)
    for t in sorted(set(mingw.types) - set(ours.types)):
        tap(False, 'type %s' % t, 'in mingw-w64 http.h, missing from ours')
    for t in sorted(set(ours.types)):
        keys = [('size', t), ('align', t)] + \
            [('offset', t, p) for p in ours.fields.get(t, [])]
        size = mine[('size', t)]
        if t in ours.pointers and ('size', t) not in theirs:
            tap(size == 8 and mine[('align', t)] == 8, 'type %s' % t,
                'a pointer, %d bytes' % size)
            continue
        if t in ref['wchar']:
            win, why = ref['wchar'][t]
            count = int(why.split()[0])
            want = win + count * 2
            tap(size == want, 'type %s' % t, 'EXCEPTION: %d bytes here, '
                '%d on Windows: %d inline WCHARs of 4 bytes, not 2' %
                (size, win, count))
            continue
        if t in ref['type']:
            want, why = ref['type'][t]
            # Offsets compare up to the first field mingw lacks.
            common = []
            for k in keys[2:]:
                if k not in theirs:
                    break
                common.append(k)
            diffs = [k for k in common if theirs[k] != mine[k]]
            tap(size == want and not diffs, 'type %s' % t,
                'size %d, documented %d (%s)%s' %
                (size, want, why, '; offsets differ: %s' %
                 ', '.join(k[2] for k in diffs) if diffs else ''))
            continue
        if ('size', t) not in theirs:
            tap(False, 'type %s' % t, 'not in mingw-w64 and no documented '
                'size in http_layout_reference.txt')
            continue
        diffs = ['%s ours %d mingw %s' % (' '.join(k[::2]), mine[k],
                                          theirs.get(k, 'absent'))
                 for k in keys if theirs.get(k) != mine[k]]
        tap(not diffs, 'type %s' % t, '; '.join(diffs) if diffs else
            'size %d, %d fields at the same offsets' % (size, len(keys) - 2))

    for enum in sorted(set(ours.enums) | set(mingw.enums)):
        names = ours.enums.get(enum, [])
        extra = [e for e in mingw.enums.get(enum, []) if e not in names
                 and e not in ref['spelling']]
        diffs, checked = [], 0
        for e in names:
            key = ('value', e)
            want = ref['value'].get(e, (theirs.get(key),))[0]
            if want is not None:
                checked += 1
                if want != mine[key]:
                    diffs.append('%s ours %d windows %d' %
                                 (e, mine[key], want))
        documented = ref['enum'].get(enum, (None, ''))
        if enum in mingw.enums:
            counted = True
        else:
            counted = documented[0] == len(names)
        ok = not extra and not diffs and counted
        detail = '; '.join(diffs + ['missing from ours: ' + ', '.join(extra)]
                           if extra else diffs)
        if ok:
            detail = '%d values, %d checked against mingw-w64 or the ' \
                'reference list' % (len(names), checked)
            if enum not in mingw.enums:
                detail += ', %d names as documented (%s)' % (len(names),
                                                             documented[1])
        elif not counted:
            detail += ' %d names; not in mingw-w64 and the reference ' \
                'list documents %s' % (len(names), documented[0])
        tap(ok, 'enum %s' % enum, detail)

    groups = {}
    for m in sorted(set(our_macros) | set(mingw_macros)):
        groups.setdefault(group_of(m), []).append(m)
    for group, names in sorted(groups.items()):
        bad, checked = [], 0
        for m in names:
            key = ('value', m)
            if m in ref['value'] and key in mine:
                checked += 1
                if mine[key] != ref['value'][m][0]:
                    bad.append('%s ours %d reference %d' %
                               (m, mine[key], ref['value'][m][0]))
            elif m not in our_macros:
                bad.append('%s missing from ours' % m)
            elif m in mingw_macros and (key in mine) != (key in theirs):
                bad.append('%s is an integer on one side only' % m)
            elif key in mine and key in theirs:
                checked += 1
                if mine[key] != theirs[key]:
                    bad.append('%s ours %d mingw %d' %
                               (m, mine[key], theirs[key]))
        tap(not bad, 'constants %s_*' % group, '; '.join(bad) if bad else
            '%d names, %d values checked against mingw-w64 or the '
            'reference list' % (len(names), checked))
    stale = [n for kind in ('type', 'wchar') for n in ref[kind]
             if n not in ours.types]
    stale += [n for n in ref['enum'] if n not in ours.enums]
    stale += [n for n in ref['spelling'] if ('value', n) not in theirs]
    stale += [n for n in ref['value'] if ('value', n) not in mine]
    tap(not stale, 'http_layout_reference.txt names only what the headers '
        'declare (a name it lists missing from ours fails here)', 'stale: ' + ', '.join(stale) if stale else '')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
