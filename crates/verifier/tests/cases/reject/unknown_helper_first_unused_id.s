; reject: unknown_helper at 0
; kernel-says: invalid func unknown#212
; Helper id 212, one past the last helper Linux 6.18 defines (bpf_cgrp_storage_delete is 211).
    call 212
    r0 = 0
    exit
