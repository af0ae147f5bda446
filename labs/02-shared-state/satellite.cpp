#include "satellite.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace lab02 {

namespace {

using nlohmann::json;

/// `json_text` parsed, or std::invalid_argument saying what was wrong with it.
json parse_json(std::string_view json_text, std::string_view what) {
  json parsed = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    throw std::invalid_argument(std::string(what) + " is not valid JSON: '" +
                                std::string(json_text.substr(0, 40)) + "'");
  }
  return parsed;
}

}  // namespace

std::string satellite_path(std::string_view id) {
  return "/starlink/" + std::string(id);
}

SatelliteInfo parse_satellite(std::string_view json_text) {
  const json record = parse_json(json_text, "the satellite record");
  try {
    const json& fields = record.at("spaceTrack");
    const json& decay = fields.at("DECAY_DATE");
    return {.object_name = fields.at("OBJECT_NAME").get<std::string>(),
            .launch_date = fields.at("LAUNCH_DATE").get<std::string>(),
            .decay_date = decay.is_null() ? std::nullopt
                                          : std::optional<std::string>(decay.get<std::string>())};
  } catch (const json::exception& error) {
    throw std::invalid_argument(std::string("the satellite record lacks a field: ") + error.what());
  }
}

std::vector<std::string> parse_satellite_ids(std::string_view json_text) {
  const json ids = parse_json(json_text, "the list of satellite ids");
  try {
    return ids.get<std::vector<std::string>>();
  } catch (const json::exception& error) {
    throw std::invalid_argument(std::string("the list of satellite ids is not a list of "
                                            "strings: ") +
                                error.what());
  }
}

}  // namespace lab02
