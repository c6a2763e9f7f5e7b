// libFuzzer's driver, for a program that keeps its own main (SwiftPM names an executable's entry
// point itself, so libFuzzer's main can't be used). Linked only into the fuzzing build of sitegen-fuzz
// (Tests/Fuzz/fuzz.sh, with libclang_rt.fuzzer_no_main); nothing calls it otherwise.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
