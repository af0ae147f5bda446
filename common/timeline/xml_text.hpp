// Text made safe to put in an SVG (XML) document, and shortened to fit a width.
// Private to the timeline library.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace conclab::detail {

/// `text` with the characters XML gives a meaning to escaped (& < > " '), and the control
/// characters XML does not allow replaced by spaces.
std::string escape_xml(std::string_view text);

/// How many characters (UTF-8 code points) `text` has.
std::size_t character_count(std::string_view text);

/// `text` if it has at most `most` characters; otherwise its start, cut on a character
/// boundary, followed by "…", `most` characters in all; empty if `most` is too small for even
/// one character and the ellipsis.
std::string shortened(std::string_view text, std::size_t most);

}  // namespace conclab::detail
