; reject: invalid_insn at 0
; map: array key=4 value=8 entries=1
; kernel-says: invalid access to map value pointer, value_size=8 off=16
; A `lddw` of a direct value pointer 16 bytes into an 8-byte value: the map reference does not
; resolve.
    r1 = map[idx:0]+16
    r0 = 0
    exit
