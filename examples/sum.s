; Sums the bytes of the input memory, in the LLVM/kernel syntax.
; r1 points to the input, r2 holds its length; the sum comes back in r0.
;
;   sluice exec examples/sum.s --mem '01 02 03 04'      prints 0xa
	r0 = 0
	r3 = 0
loop:
	if r3 >= r2 goto done
	r4 = r1
	r4 += r3
	r4 = *(u8 *)(r4 + 0)
	r0 += r4
	r3 += 1
	goto loop
done:
	exit
