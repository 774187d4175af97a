; reject: invalid_insn at 0
; map: hash key=4 value=8 entries=4
; kernel-says: no direct value access support for this map type
; A direct value pointer (`map[idx:0]+0`) into a hash map: only arrays with one element have
; a fixed value address.
    r1 = map[idx:0]+0
    r0 = 0
    exit
