/* The native build's runtime for the JIT benchmark suite (crates/bench/build.rs compiles it
 * with the programs): the map helpers the programs call, as small tables, and memory below
 * 4 GiB for running the programs on engines that take packet pointers from the u32 fields of
 * struct xdp_md (rbpf). Not part of the BPF build. */
#ifdef __bpf__
#error "suite_native.c is for the native build only"
#endif

#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "suite.h"

/* Every map that has been used since the last reset, so the reset can clear them. */
static struct suite_map *used_maps;

/* Hash tables: open addressing with linear probing, at most half full. A slot is a used
 * flag, the key and the value, each part 8-byte aligned so values can hold u64 counters. */
static __u32 align8(__u32 n)
{
	return (n + 7) & ~7u;
}

static __u32 slot_size(const struct suite_map *map)
{
	return 8 + align8(map->key_size) + align8(map->value_size);
}

static int map_init(struct suite_map *map)
{
	if (map->storage)
		return 0;
	if (map->map_type == BPF_MAP_TYPE_HASH) {
		__u32 capacity = 1;
		while (capacity < 2 * map->max_entries)
			capacity *= 2;
		map->capacity = capacity;
		map->storage = calloc(capacity, slot_size(map));
	} else if (map->map_type == BPF_MAP_TYPE_ARRAY) {
		map->capacity = map->max_entries;
		map->storage = calloc(map->max_entries, align8(map->value_size));
	} else {
		return -EINVAL;
	}
	if (!map->storage)
		return -ENOMEM;
	map->count = 0;
	map->next = used_maps;
	used_maps = map;
	return 0;
}

/* FNV-1a over the key's bytes. */
static __u32 hash_key(const void *key, __u32 size)
{
	const unsigned char *bytes = key;
	__u32 hash = 2166136261u;
	for (__u32 i = 0; i < size; i++)
		hash = (hash ^ bytes[i]) * 16777619u;
	return hash;
}

/* The slot holding `key`, or the empty slot where it would go. */
static unsigned char *hash_slot(const struct suite_map *map, const void *key)
{
	__u32 size = slot_size(map);
	__u32 index = hash_key(key, map->key_size) & (map->capacity - 1);
	for (;;) {
		unsigned char *slot = map->storage + (size_t)index * size;
		if (!slot[0] || memcmp(slot + 8, key, map->key_size) == 0)
			return slot;
		index = (index + 1) & (map->capacity - 1);
	}
}

void *bpf_map_lookup_elem(void *map_ptr, const void *key)
{
	struct suite_map *map = map_ptr;
	if (map_init(map))
		return NULL;
	if (map->map_type == BPF_MAP_TYPE_ARRAY) {
		__u32 index;
		memcpy(&index, key, sizeof(index));
		if (index >= map->max_entries)
			return NULL;
		return map->storage + (size_t)index * align8(map->value_size);
	}
	unsigned char *slot = hash_slot(map, key);
	return slot[0] ? slot + 8 + align8(map->key_size) : NULL;
}

long bpf_map_update_elem(void *map_ptr, const void *key, const void *value, __u64 flags)
{
	struct suite_map *map = map_ptr;
	int err = map_init(map);
	if (err)
		return err;
	if (flags > BPF_EXIST)
		return -EINVAL;
	if (map->map_type == BPF_MAP_TYPE_ARRAY) {
		__u32 index;
		memcpy(&index, key, sizeof(index));
		if (index >= map->max_entries)
			return -E2BIG;
		if (flags == BPF_NOEXIST)
			return -EEXIST;
		memcpy(map->storage + (size_t)index * align8(map->value_size), value,
		       map->value_size);
		return 0;
	}
	unsigned char *slot = hash_slot(map, key);
	if (slot[0]) {
		if (flags == BPF_NOEXIST)
			return -EEXIST;
	} else {
		if (flags == BPF_EXIST)
			return -ENOENT;
		if (map->count >= map->max_entries)
			return -E2BIG;
		slot[0] = 1;
		memcpy(slot + 8, key, map->key_size);
		map->count++;
	}
	memcpy(slot + 8 + align8(map->key_size), value, map->value_size);
	return 0;
}

/* Empties every hash map and zeroes every array map, as freshly created maps are. */
void suite_native_reset_maps(void)
{
	for (struct suite_map *map = used_maps; map; map = map->next) {
		size_t size = map->map_type == BPF_MAP_TYPE_HASH ?
				      (size_t)map->capacity * slot_size(map) :
				      (size_t)map->capacity * align8(map->value_size);
		memset(map->storage, 0, size);
		map->count = 0;
	}
}

/* `size` bytes of zeroed read-write memory whose addresses fit in 32 bits (MAP_32BIT), or
 * NULL. Free it with suite_native_free_low. */
void *suite_native_alloc_low(size_t size)
{
#if defined(__x86_64__) && defined(MAP_32BIT)
	void *memory = mmap(NULL, size, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	return memory == MAP_FAILED ? NULL : memory;
#else
	(void)size;
	return NULL;
#endif
}

void suite_native_free_low(void *memory, size_t size)
{
	if (memory)
		munmap(memory, size);
}
