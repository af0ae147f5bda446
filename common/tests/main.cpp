// The main() of every unit-test executable (conclab_add_unit_tests), compiled once.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
