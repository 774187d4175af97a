; accept
; A branch that a constant decides is never taken is never checked: its invalid load of r1
; (the number 0) does not matter.
    r1 = 0
    if r1 != 0 goto dead
    r0 = 0
    exit
dead:
    r0 = *(u64 *)(r1 + 0)
    exit
