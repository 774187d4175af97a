; reject: pointer_arithmetic at 0
; kernel-says: math between ctx pointer and 536870912 is not allowed
; Adding 2^29 to the context pointer: pointer offsets must stay below 2^29 in magnitude.
    r1 += 0x20000000
    r0 = 0
    exit
