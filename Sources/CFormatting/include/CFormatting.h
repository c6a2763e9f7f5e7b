#ifndef SITEGEN_CFORMATTING_H
#define SITEGEN_CFORMATTING_H

#include <stddef.h>

/// Writes `value` with `decimals` digits after the point into `buffer`, exactly as printf's `%.*f`
/// (correctly rounded from the binary value); returns what snprintf returns.
///
/// A C function rather than Swift's `withVaList`: every call there boxes its arguments as `CVarArg`
/// existentials and casts them back, which cost more than the formatting itself, and a guide formats
/// thousands of figures.
int sitegen_format_fixed(char *buffer, size_t size, int decimals, double value);

#endif
