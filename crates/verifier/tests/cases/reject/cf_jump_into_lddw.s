; reject: jump_out_of_range at 0
; kernel-says: jump into the middle of ldimm64 insn 1
; A conditional jump lands on the second slot of a lddw.
    if r1 == 0 goto +1
    r0 = 0x1122334455667788 ll
    r0 = 0
    exit
