; reject: stack_access at 4
; map: hash key=8 value=8 entries=4
; kernel-says: invalid read from stack R2 off=-4 size=8
; The key pointer is fp-4 but the map's keys are 8 bytes: the key would extend past the frame.
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    r0 = 0
    exit
