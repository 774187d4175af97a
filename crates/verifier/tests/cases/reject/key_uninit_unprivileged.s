; reject: uninit_stack at 5
; map: hash key=4 value=8 entries=4
; unprivileged
; kernel-says: invalid read from stack R2 off -4+2 size 4
; Only two of the key's four bytes were written; an unprivileged program may not pass the rest
; (root may: the key then holds whatever was on the stack).
    *(u16 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    r0 = 0
    exit
