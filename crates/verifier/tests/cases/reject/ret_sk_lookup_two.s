; reject: return_value at 1
; prog_type: sk_lookup
; attach_type: sk_lookup
; kernel-says: should have been in [0, 1]
; An sk_lookup program returns SK_DROP (0) or SK_PASS (1).
    r0 = 2
    exit
