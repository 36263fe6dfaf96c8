// The module's one function is static inline in include/CacheHint.h; SwiftPM builds a C
// target from at least one source file.
#include "CacheHint.h"
