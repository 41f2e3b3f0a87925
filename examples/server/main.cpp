// SPDX-License-Identifier: MIT
// profile-merge-server: the Profiles and End Users APIs over SQLite or PostgreSQL,
// with profile_merge deciding every write. See docs/server.md.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

#include "auth.hpp"
#include "fixtures.hpp"
#include "routes.hpp"

namespace {

using server::json;

// When the current request began and how it ended, for its access-log line. A
// worker thread serves one request at a time.
thread_local std::chrono::steady_clock::time_point request_start;
thread_local std::string request_outcome;

void log_request(const httplib::Request& request, const httplib::Response& response) {
    json line{{"method", request.method}, {"path", request.path}, {"status", response.status}};
    if (!request_outcome.empty()) {
        line["duration_ms"] = std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - request_start)
                                  .count();
        line["outcome"] = request_outcome;
        request_outcome.clear();
    }
    std::fprintf(stderr, "%s\n", line.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"profile-merge-server: the Profiles and End Users APIs, embedding profile_merge"};
    std::string listen = "127.0.0.1:8080";
    std::string store_target = "sqlite:profiles.db";
    std::string fixtures;
    std::string clock_option = "system";
    std::optional<std::uint64_t> id_seed;
    std::size_t threads = 8;
    std::size_t max_body_bytes = std::size_t{1} << 20;
    std::string fixed_response;
    std::string policy_path;
    app.add_option("--listen", listen, "HOST:PORT to listen on (port 0: any free port)")
        ->capture_default_str();
    app.add_option("--store", store_target,
                   "sqlite:PATH, sqlite::memory: or postgresql://USER@HOST:PORT/DB")
        ->capture_default_str();
    app.add_option("--fixtures", fixtures,
                   "JSON file of agents, users and profiles to load into an empty store");
    app.add_option("--clock", clock_option, "system, or fixed:YYYY-MM-DDTHH:MM:SSZ")
        ->capture_default_str();
    app.add_option("--id-seed", id_seed, "make new ids deterministic from this seed");
    app.add_option("--threads", threads, "worker threads (and store connections)")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    app.add_option("--max-body-bytes", max_body_bytes, "larger request bodies get 413")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--fixed-response", fixed_response,
                   "answer every request with 200 and this JSON text, touching neither store "
                   "nor library: the HTTP layer's ceiling, for benchmarks");
    app.add_option("--policy", policy_path,
                   "a policy document (docs/policies.md) every profile write follows");
    CLI11_PARSE(app, argc, argv);

    // SIGINT and SIGTERM are taken by one thread, which stops the server; the
    // others never see them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    try {
        server::init_secrets();
        const auto colon = listen.rfind(':');
        if (colon == std::string::npos) {
            throw std::invalid_argument("--listen must be HOST:PORT, not \"" + listen + "\"");
        }
        const std::string host = listen.substr(0, colon);
        const int port = std::stoi(listen.substr(colon + 1));
        if (clock_option != "system" && clock_option.rfind("fixed:", 0) != 0) {
            throw std::invalid_argument("--clock must be system or fixed:TIME, not \"" +
                                        clock_option + "\"");
        }
        const server::server_clock clock(clock_option == "system"
                                             ? std::nullopt
                                             : std::optional<std::string>(clock_option.substr(6)));
        server::id_generator ids(id_seed);
        server::store records(store_target, threads);
        if (!fixtures.empty()) {
            std::fprintf(stderr, "%s\n",
                         server::load_fixtures(records, fixtures, clock.now()).c_str());
        }
        profile_merge::policy rules;
        if (!policy_path.empty()) {
            std::ifstream in(policy_path);
            if (!in) {
                throw std::invalid_argument("--policy: cannot read " + policy_path);
            }
            rules = profile_merge::load_policy(nlohmann::json::parse(in));  // policy_error says why
        }
        server::api routes(records, clock, ids, rules);

        httplib::Server http;
        http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
        http.set_payload_max_length(max_body_bytes);
        // Small responses go out at once (no Nagle delay against the client's delayed
        // ACK), and a client keeps its connection for many requests.
        http.set_tcp_nodelay(true);
        http.set_keep_alive_max_count(10000);
        http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
            request_start = std::chrono::steady_clock::now();  // before the body is read
            return httplib::Server::HandlerResponse::Unhandled;
        });
        // One handler for every path and method: routes.cpp routes, so that it can tell
        // 404 from 405.
        const auto handle = [&](const httplib::Request& request, httplib::Response& response) {
            server::http_request in;
            in.method = request.method;
            in.path = request.path;
            const auto question = request.target.find('?');
            in.query = question == std::string::npos ? "" : request.target.substr(question + 1);
            in.authorization = request.get_header_value("Authorization");
            if (request.has_header("If-Match")) {
                in.if_match = request.get_header_value("If-Match");
            }
            in.body = request.body;
            server::http_response out;
            try {
                out = fixed_response.empty()
                          ? routes.handle(in)
                          : server::http_response{200, {}, fixed_response, "fixed"};
            } catch (const std::exception& e) {
                std::fprintf(stderr, "error: %s %s: %s\n", request.method.c_str(),
                             request.path.c_str(), e.what());
                out = {500,
                       {{"Content-Type", "application/json; charset=utf-8"}},
                       server::error_document("internal_error",
                                              "The server failed; nothing was written."),
                       "internal_error"};
            }
            response.status = out.status;
            for (const auto& [name, value] : out.headers) {
                if (name != "Content-Type") {
                    response.set_header(name, value);
                }
            }
            if (!out.body.empty()) {
                response.set_content(out.body, "application/json; charset=utf-8");
            }
            request_outcome = out.outcome;
        };
        http.Get(".*", handle);
        http.Post(".*", handle);
        http.Put(".*", handle);
        http.Patch(".*", handle);
        http.Delete(".*", handle);
        http.Options(".*", handle);
        // Statuses the HTTP layer decides before routing (413, 400) get a JSON body.
        http.set_error_handler(httplib::Server::HandlerWithResponse(
            [](const httplib::Request&, httplib::Response& response) {
                if (response.body.empty() && response.status != 204) {
                    const std::string code =
                        response.status == 413 ? "payload_too_large" : "bad_request";
                    response.set_content(
                        server::error_document(
                            code, response.status == 413
                                      ? "The request body is larger than the server accepts."
                                      : "The request could not be read."),
                        "application/json; charset=utf-8");
                    return httplib::Server::HandlerResponse::Handled;
                }
                return httplib::Server::HandlerResponse::Unhandled;
            }));
        http.set_logger(log_request);

        const int bound =
            port == 0 ? http.bind_to_any_port(host) : (http.bind_to_port(host, port) ? port : -1);
        if (bound < 0) {
            throw std::runtime_error("cannot listen on " + listen);
        }
        // A signal may come before the server is listening, when stop() does nothing:
        // it is repeated until listening has ended.
        std::atomic<bool> finished{false};
        std::thread stopper([&] {
            int received = 0;
            sigwait(&stop_signals, &received);
            if (!finished) {
                std::fprintf(stderr, "signal %d: finishing requests in flight, then stopping\n",
                             received);
            }
            while (!finished) {
                http.stop();
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
        });
        std::fprintf(stderr, "listening on %s:%d, store %s\n", host.c_str(), bound,
                     records.backend().c_str());
        std::printf("%d\n", bound);
        std::fflush(stdout);
        const bool served = http.listen_after_bind();
        finished = true;
        pthread_kill(stopper.native_handle(), SIGTERM);  // ends its wait when no signal came
        stopper.join();
        std::fprintf(stderr, "stopped\n");
        return served ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "profile-merge-server: %s\n", e.what());
        return 1;
    }
}
