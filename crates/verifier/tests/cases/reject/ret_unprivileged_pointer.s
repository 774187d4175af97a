; reject: pointer_leak at 1
; unprivileged
; kernel-says: R0 leaks addr as return value
; An unprivileged socket filter returns the frame pointer: a kernel address.
    r0 = r10
    exit
