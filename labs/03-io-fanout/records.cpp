#include "records.hpp"

namespace lab03 {

std::string connections_path(int whitelabel_id) {
  return "/whitelabels/" + std::to_string(whitelabel_id) + "/connections";
}

std::string starlink_ids_path(std::size_t count) {
  return "/starlink?limit=" + std::to_string(count);
}

std::string satellite_path(const std::string& satellite_id) {
  return "/starlink/" + satellite_id;
}

std::vector<int> whitelabel_ids(const nlohmann::json& whitelabels) {
  std::vector<int> ids;
  for (const nlohmann::json& whitelabel : whitelabels.get_ref<const nlohmann::json::array_t&>()) {
    ids.push_back(whitelabel.at("whitelabelid").get<int>());
  }
  return ids;
}

std::vector<std::string> satellite_ids(const nlohmann::json& ids) {
  return ids.get<std::vector<std::string>>();
}

SatInfo sat_info_from(const nlohmann::json& record) {
  const nlohmann::json& space_track = record.at("spaceTrack");
  const nlohmann::json& decay = space_track.at("DECAY_DATE");
  return {space_track.at("OBJECT_NAME").get<std::string>(),
          space_track.at("LAUNCH_DATE").get<std::string>(),
          decay.is_null() ? std::nullopt : std::optional<std::string>(decay.get<std::string>())};
}

}  // namespace lab03
