; reject: pointer_arithmetic at 2
; map: hash key=4 value=8 entries=4
; kernel-says: R1 pointer arithmetic on map_ptr prohibited
; Arithmetic on a map pointer (the map, not a value in it).
    r1 = map[idx:0]
    r1 += 8
    r0 = 0
    exit
