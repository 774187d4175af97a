// prime_sieve: a sieve of Eratosthenes over the odd numbers below 6144 (a 3072-bit map on the
// stack), then primality queries. The packet holds 512 little-endian u16 queries and then a
// u32 seed; queries of 6144 or more count as not prime. count and sum are the number and the
// sum of the primes below 6144, read back from the map; acc starts at 0 and takes
// acc = acc * 31 + (q if q is prime, else 0) for each query q in order. Returns
// (acc ^ seed) + (count << 24 ^ sum), all in 32-bit arithmetic.
#include "suite.h"

#define LIMIT 6144 /* sieve the numbers below this */
#define BITS (LIMIT / 2) /* bit k stands for 2k + 1 */
#define WORDS (BITS / 64)
#define QUERIES 512

SUITE_PROGRAM(prime_sieve)
{
	const unsigned char *data = SUITE_DATA(ctx);
	const unsigned char *data_end = SUITE_DATA_END(ctx);
	if (data + QUERIES * 2 + 4 > data_end)
		return 0;

	/* a set bit marks a composite odd number */
	__u64 composite[WORDS];
	for (__u32 w = 0; w < WORDS; w++)
		composite[w] = 0;
	composite[0] = 1; /* 1 is not prime */
	for (__u32 k = 1; (2 * k + 1) * (2 * k + 1) < LIMIT; k++) {
		if (composite[k / 64] & (1ull << (k % 64)))
			continue;
		__u32 p = 2 * k + 1;
		for (__u32 j = (p * p) / 2; j < BITS; j += p)
			composite[j / 64] |= 1ull << (j % 64);
	}

	__u32 count = 1; /* 2 */
	__u32 sum = 2;
	for (__u32 k = 1; k < BITS; k++) {
		__u32 prime = 1 - (__u32)((composite[k / 64] >> (k % 64)) & 1);
		count += prime;
		sum += prime * (2 * k + 1);
	}

	__u32 acc = 0;
	for (__u32 i = 0; i < QUERIES; i++) {
		__u32 q = suite_load16(data + i * 2);
		int prime;
		if (q >= LIMIT || q < 2)
			prime = 0;
		else if (q == 2)
			prime = 1;
		else if (q % 2 == 0)
			prime = 0;
		else
			prime = !(composite[(q / 2) / 64] & (1ull << ((q / 2) % 64)));
		acc = acc * 31 + (prime ? q : 0);
	}
	acc ^= suite_load32(data + QUERIES * 2);
	return (int)(acc + ((count << 24) ^ sum));
}

SUITE_LICENSE;
