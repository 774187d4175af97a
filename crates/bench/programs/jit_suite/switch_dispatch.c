// switch_dispatch: a bytecode interpreter. The packet holds a 256-byte program followed by
// the machine's initial state, three little-endian u32: registers a and b and the program
// counter pc (taken modulo 256). The machine runs 2048 steps. Each step reads the opcode
// byte code[pc], moves pc to the next byte and dispatches on the opcode's low 3 bits:
//   0: a += b                  1: a ^= code[pc]; pc += 1 (an immediate operand)
//   2: a = a * 31 + 7          3: b = rotl32(b, 5)
//   4: swap a and b            5: a >>= b & 7
//   6: if a is odd, pc += code[pc] (a relative jump); else pc += 1
//   7: b -= a
// pc wraps at 256; a and b are 32-bit. Returns a ^ rotl32(b, 16) ^ (pc << 8) after the last
// step.
#include "suite.h"

#define CODE 256
#define STEPS 2048

/* Byte `index` of the program; the explicit bound check lets the verifier accept a variable
 * index. It cannot fail (the packet holds CODE bytes); a failure would read as 0. */
static __always_inline __u8 code_byte(const unsigned char *code, const unsigned char *data_end,
				      __u32 index)
{
	const unsigned char *p = code + (index & (CODE - 1));
	if (p + 1 > data_end)
		return 0;
	return *p;
}

SUITE_PROGRAM(switch_dispatch)
{
	const unsigned char *code = SUITE_DATA(ctx);
	const unsigned char *data_end = SUITE_DATA_END(ctx);
	if (code + CODE + 12 > data_end)
		return 0;
	__u32 a = suite_load32(code + CODE);
	__u32 b = suite_load32(code + CODE + 4);
	__u32 pc = suite_load32(code + CODE + 8) & (CODE - 1);
	for (__u32 step = 0; step < STEPS; step++) {
		__u8 op = code_byte(code, data_end, pc);
		pc = (pc + 1) & (CODE - 1);
		switch (op & 7) {
		case 0:
			a += b;
			break;
		case 1:
			a ^= code_byte(code, data_end, pc);
			pc = (pc + 1) & (CODE - 1);
			break;
		case 2:
			a = a * 31 + 7;
			break;
		case 3:
			b = (b << 5) | (b >> 27);
			break;
		case 4: {
			__u32 t = a;
			a = b;
			b = t;
			break;
		}
		case 5:
			a >>= b & 7;
			break;
		case 6:
			if (a & 1)
				pc = (pc + code_byte(code, data_end, pc)) & (CODE - 1);
			else
				pc = (pc + 1) & (CODE - 1);
			break;
		default:
			b -= a;
			break;
		}
	}
	return (int)(a ^ ((b << 16) | (b >> 16)) ^ (pc << 8));
}

SUITE_LICENSE;
