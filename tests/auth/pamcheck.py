#!/usr/bin/python3
"""pamcheck.py SERVICE USER PASSWORD: exit 0 when PAM authenticates
USER with PASSWORD through SERVICE (libpam through ctypes: no python PAM
module is packaged)."""
import ctypes
import ctypes.util
import sys

pam = ctypes.CDLL(ctypes.util.find_library("pam") or "libpam.so.0")
libc = ctypes.CDLL(None)
libc.calloc.restype = ctypes.c_void_p
libc.strdup.restype = ctypes.c_void_p


class Message(ctypes.Structure):
    _fields_ = [("style", ctypes.c_int), ("msg", ctypes.c_char_p)]


class Reply(ctypes.Structure):
    _fields_ = [("resp", ctypes.c_void_p), ("retcode", ctypes.c_int)]


CONV = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int,
                        ctypes.POINTER(ctypes.POINTER(Message)),
                        ctypes.POINTER(ctypes.POINTER(Reply)), ctypes.c_void_p)


class Conv(ctypes.Structure):
    _fields_ = [("conv", CONV), ("appdata", ctypes.c_void_p)]


def main(service, user, password):
    secret = password.encode()

    def conv(n, msgs, replies, _):
        # PAM frees the replies: they must come from malloc.
        arr = libc.calloc(n, ctypes.sizeof(Reply))
        replies[0] = ctypes.cast(arr, ctypes.POINTER(Reply))
        for i in range(n):
            if msgs[i].contents.style == 1:     # PAM_PROMPT_ECHO_OFF
                replies[0][i].resp = libc.strdup(secret)
        return 0

    handle = ctypes.c_void_p()
    cb = Conv(CONV(conv), None)
    if pam.pam_start(service.encode(), user.encode(), ctypes.byref(cb),
                     ctypes.byref(handle)):
        return 2
    rc = pam.pam_authenticate(handle, 0)
    if rc == 0:
        rc = pam.pam_acct_mgmt(handle, 0)
    pam.pam_end(handle, rc)
    return 0 if rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
