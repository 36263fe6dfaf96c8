// A cache hint for the agent loop (Sources/SocialSim/Simulation/NeighbourPrefetch.swift).
// Swift has no prefetch of its own, and declaring LLVM's intrinsic from Swift
// (@_silgen_name("llvm.prefetch.p0")) breaks the compiler under the Thread Sanitizer, which
// calls it as a function that may unwind. Clang's builtin, in a static inline function that
// Swift imports and inlines, is the same instruction (prefetcht0 on x86-64) in every build.
#ifndef SOCIALSIM_CACHE_HINT_H
#define SOCIALSIM_CACHE_HINT_H

/// Asks for the cache line holding `address` to be read into every cache level. A hint only:
/// it loads nothing into a register, cannot fault, and changes no value.
static inline __attribute__((always_inline)) void socialsim_prefetch_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
