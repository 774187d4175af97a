; accept
; prog_type: xdp
; Linux does not check an XDP program's return value at load time: an unknown action is
; treated as XDP_ABORTED at run time.
    r0 = 1000
    exit
