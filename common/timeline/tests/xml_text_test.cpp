// The library's private text helpers: XML escaping and shortening on character boundaries.
#include <doctest/doctest.h>

#include "xml_text.hpp"

using conclab::detail::character_count;
using conclab::detail::escape_xml;
using conclab::detail::shortened;

TEST_CASE("XML's special characters are escaped, and forbidden control characters replaced") {
  CHECK(escape_xml(R"(<a href="x">&'</a>)") == "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  CHECK(escape_xml("tab\there\x01") == "tab\there ");
  CHECK(escape_xml("µs") == "µs");
}

TEST_CASE("characters are counted and cut whole, not by bytes") {
  CHECK(character_count("µs") == 2);
  CHECK(character_count("") == 0);
  CHECK(shortened("abcdef", 6) == "abcdef");
  CHECK(shortened("abcdef", 4) == "abc…");
  CHECK(shortened("µµµµµ", 3) == "µµ…");
  CHECK(character_count(shortened("µµµµµ", 3)) == 3);
  CHECK(shortened("abcdef", 1).empty());
}
