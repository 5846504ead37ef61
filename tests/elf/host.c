/* Test host for kiln's ELF container (tests/tests/elf_container.rs): loads
 * the shared object with dlopen, finds RTR_HEADER with dlsym, checks the
 * READYTORUN_HEADER signature, dumps every loaded segment of the object
 * (for the test to compare with the PE image of the same input), and calls
 * a leaf method of kiln's code through a function pointer.
 *
 * usage: host <lib.so> <header_rva> <method_rva> <dump_file>
 * prints: "rtr <major>.<minor>" then "result <Add(33, 1)>"
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *target;
static FILE *dump;

static int dump_segments(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    (void)data;
    if (!info->dlpi_name || !strstr(info->dlpi_name, target)) return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type != PT_LOAD) continue;
        fseek(dump, (long)p->p_vaddr, SEEK_SET);
        fwrite((const void *)(info->dlpi_addr + p->p_vaddr), 1, p->p_memsz, dump);
    }
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 5) return 2;
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 3; }
    const uint8_t *hdr = dlsym(lib, "RTR_HEADER");
    if (!hdr) { fprintf(stderr, "dlsym: %s\n", dlerror()); return 4; }
    if (memcmp(hdr, "RTR", 4) != 0) { fprintf(stderr, "no RTR signature\n"); return 5; }
    uintptr_t base = (uintptr_t)hdr - strtoull(argv[2], 0, 0);
    printf("rtr %u.%u\n", *(const uint16_t *)(hdr + 4), *(const uint16_t *)(hdr + 6));
    printf("base %#lx\n", (unsigned long)base);
    target = argv[1];
    dump = fopen(argv[4], "wb");
    if (!dump) return 6;
    dl_iterate_phdr(dump_segments, 0);
    fclose(dump);
    int (*add)(int, int) = (int (*)(int, int))(base + strtoull(argv[3], 0, 0));
    printf("result %d\n", add(33, 1));
    return 0;
}
