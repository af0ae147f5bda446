#include <doctest/doctest.h>

#include <set>
#include <string>

#include "conclab/api_server.hpp"
#include "server_test_support.hpp"

using conclab::ApiServer;
using conclab::testing::client_of;
using conclab::testing::get_json;
using nlohmann::json;

TEST_CASE("the server listens on 127.0.0.1 at the port it reports") {
  const ApiServer server;
  CHECK(server.port() != 0);
  CHECK(server.base_url() == "http://127.0.0.1:" + std::to_string(server.port()));
  httplib::Client client = client_of(server);
  CHECK(get_json(client, "/health") == json{{"status", "ok"}});
}

TEST_CASE("/whitelabels lists the 22 whitelabels of the dataset") {
  const ApiServer server;
  httplib::Client client = client_of(server);
  const json whitelabels = get_json(client, "/whitelabels");
  REQUIRE(whitelabels.size() == 22);
  for (std::size_t i = 0; i < whitelabels.size(); ++i) {
    const conclab::Whitelabel& expected = server.datasets().whitelabels()[i];
    CHECK(whitelabels[i]["whitelabelid"] == expected.id);
    CHECK(whitelabels[i]["company"] == expected.company);
    CHECK(get_json(client, "/whitelabels/" + std::to_string(expected.id)) == whitelabels[i]);
  }
}

TEST_CASE("the connections of all whitelabels add up to the 973 of the dataset") {
  const ApiServer server;
  httplib::Client client = client_of(server);
  client.set_keep_alive(true);
  std::set<int> ids;
  for (const conclab::Whitelabel& whitelabel : server.datasets().whitelabels()) {
    const std::string id = std::to_string(whitelabel.id);
    const httplib::Result raw = client.Get("/whitelabels/" + id + "/connections");
    REQUIRE(raw);
    const json connections = get_json(client, "/whitelabels/" + id + "/connections");
    CHECK(connections.size() == server.datasets().connections_of(whitelabel.id).size());
    for (const json& connection : connections) {
      CHECK(connection["whitelabelid"] == whitelabel.id);
      ids.insert(connection["id"].get<int>());
    }
    // The course notes' form of the same question gets the same bytes.
    const httplib::Result same = client.Get("/connections?whitelabel=" + id);
    REQUIRE(same);
    CHECK(same->body == raw->body);
  }
  CHECK(ids.size() == 973);
}

TEST_CASE("a connection reads back with its set and columns") {
  const ApiServer server;
  httplib::Client client = client_of(server);
  const conclab::Connection& expected = server.datasets().connections()[100];
  const json connection = get_json(client, "/connections/" + std::to_string(expected.id));
  CHECK(connection["id"] == expected.id);
  CHECK(connection["set_id"] == expected.set_id);
  CHECK(connection["set_name"] == expected.set_name);
  REQUIRE(connection["columns"].size() == expected.columns.size());
  const json& row_id = connection["columns"]["Row_ID"];
  CHECK(row_id["type"] == "Number");
  CHECK(row_id["primary_key"] == true);
  CHECK(row_id["hash"] == false);
  CHECK(row_id["description"] == "");
}

TEST_CASE("/starlink lists satellite ids, and every id has a record") {
  const ApiServer server;
  httplib::Client client = client_of(server);
  client.set_keep_alive(true);
  const json ids = get_json(client, "/starlink");
  REQUIRE(ids.size() == conclab::kSatelliteCount);
  CHECK(get_json(client, "/starlink?limit=50").size() == 50);
  CHECK(get_json(client, "/starlink?limit=0").empty());
  CHECK(get_json(client, "/starlink?limit=1000").size() == conclab::kSatelliteCount);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const conclab::Satellite& expected = server.datasets().satellites()[i];
    CHECK(ids[i] == expected.id);
    const json record = get_json(client, "/starlink/" + expected.id);
    CHECK(record["id"] == expected.id);
    CHECK(record["spaceTrack"]["OBJECT_NAME"] == expected.object_name);
    CHECK(record["spaceTrack"]["LAUNCH_DATE"] == expected.launch_date);
    if (expected.decay_date) {
      CHECK(record["spaceTrack"]["DECAY_DATE"] == *expected.decay_date);
    } else {
      CHECK(record["spaceTrack"]["DECAY_DATE"].is_null());
    }
    CHECK(record["height_km"].get<double>() == expected.height_km);
  }
}

TEST_CASE("/pages lists page ids; each page comes as JSON and as HTML with its title") {
  const ApiServer server;
  httplib::Client client = client_of(server);
  client.set_keep_alive(true);
  const json ids = get_json(client, "/pages");
  REQUIRE(ids.size() == conclab::kPageCount);
  CHECK(get_json(client, "/pages?limit=5") == json{1, 2, 3, 4, 5});
  for (const conclab::Page& expected : server.datasets().pages()) {
    const std::string path = "/pages/" + std::to_string(expected.id);
    const json page = get_json(client, path);
    CHECK(page["title"] == expected.title);
    CHECK(page["body"] == expected.body);
    const httplib::Result html = client.Get(path + "/html");
    REQUIRE(html);
    CHECK(html->status == 200);
    CHECK(html->get_header_value("Content-Type").starts_with("text/html"));
    CHECK(html->body.find("<title>" + expected.title + "</title>") != std::string::npos);
  }
}

TEST_CASE("GET / lists the endpoints; HEAD answers without a body") {
  const ApiServer server;
  httplib::Client client = client_of(server);
  const json index = get_json(client, "/");
  CHECK(index["endpoints"].size() >= 10);
  const httplib::Result head = client.Head("/whitelabels");
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->body.empty());
}

TEST_CASE("servers with the same seed answer byte for byte the same; other seeds differ") {
  const ApiServer first({.seed = 11});
  const ApiServer again({.seed = 11});
  const ApiServer other({.seed = 12});
  httplib::Client first_client = client_of(first);
  httplib::Client again_client = client_of(again);
  httplib::Client other_client = client_of(other);
  bool any_differs = false;
  for (const std::string path :
       {"/whitelabels", "/whitelabels/3/connections", "/starlink", "/pages", "/pages/7",
        "/pages/7/html", "/connections?whitelabel=5"}) {
    CAPTURE(path);
    const httplib::Result a = first_client.Get(path);
    const httplib::Result b = again_client.Get(path);
    const httplib::Result c = other_client.Get(path);
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    CHECK(a->body == b->body);
    any_differs = any_differs || a->body != c->body;
  }
  CHECK(any_differs);
  const std::string satellite = "/starlink/" + first.datasets().satellites()[3].id;
  const httplib::Result a = first_client.Get(satellite);
  const httplib::Result b = again_client.Get(satellite);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->body == b->body);
}

TEST_CASE("/stats reports the counters as JSON; POST /stats/reset zeroes them") {
  ApiServer server;
  httplib::Client client = client_of(server);
  get_json(client, "/whitelabels");
  get_json(client, "/whitelabels");
  get_json(client, "/pages/1");
  const json stats = get_json(client, "/stats");
  CHECK(stats["requests_served"] == 3);
  CHECK(stats["requests_in_flight"] == 0);
  CHECK(stats["max_in_flight"] == 1);
  CHECK(stats["failures_injected"] == 0);
  CHECK(stats["requests_by_path"] == json{{"/pages/1", 1}, {"/whitelabels", 2}});
  const httplib::Result reset = client.Post("/stats/reset");
  REQUIRE(reset);
  CHECK(reset->status == 200);
  CHECK(json::parse(reset->body)["requests_served"] == 0);
  CHECK(server.stats().requests_served == 0);
}
