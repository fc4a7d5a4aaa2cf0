import Foundation
import HTTPClient
import HTTPServer
import Logging
import Testing
import TestSupport
@testable import App

/// The process-wide metrics back-end; swift-metrics allows one bootstrap per process.
let testMetrics: PrometheusMetrics = {
    let metrics = PrometheusMetrics()
    metrics.bootstrap()
    return metrics
}()

@Suite(.serialized) struct EndpointTests {
    let client = HTTPClient()

    func startService(database: String = "endpoints", role: Service.Role = .web) throws -> (Service, String) {
        let configuration = try AppConfiguration(environment: Environment([
            "DATABASE_URL": try TestDatabase.freshDatabase(named: database),
            "LISTEN_ADDR": "127.0.0.1:0",
            "TELEGRAM_BOT_TOKEN": "123:unused-token",
            "TELEGRAM_WEBHOOK_SECRET": "unused-secret",
            "TELEGRAM_API_BASE": "http://127.0.0.1:1",
            "PUBLIC_BASE_URL": "https://bot.example.org",
            "SIGNING_SECRET": "test-signing-secret-that-is-long-enough-0123",
            "KIE_API_KEYS": "unused-kie-key",
        ]))
        let service = try Service(configuration: configuration, metrics: testMetrics, logger: Logger(label: "test"),
                                  role: role)
        try service.start()
        guard case .tcp(let host, let port) = service.boundAddress else {
            throw HTTPError(.internalServerError, "no bound address")
        }
        return (service, "http://\(host):\(port)")
    }

    @Test func healthzAnswersWhileTheProcessLives() throws {
        let (service, base) = try startService()
        defer { service.stop() }
        let response = try client.send(HTTPClientRequest(url: "\(base)/healthz"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "ok\n")
    }

    @Test func readyzTurns503WhileDraining() throws {
        let (service, base) = try startService()
        defer { service.stop() }
        #expect(try client.send(HTTPClientRequest(url: "\(base)/readyz")).status == 200)
        service.readiness.beginDraining()
        let draining = try client.send(HTTPClientRequest(url: "\(base)/readyz"))
        #expect(draining.status == 503)
        #expect(String(decoding: draining.body, as: UTF8.self).contains("draining"))
    }

    @Test func readyzChecksTheMigrationLevel() throws {
        // A database of its own: the test takes a migration back, which the next start would re-apply.
        let (service, base) = try startService(database: "endpoints_migration_level")
        defer { service.stop() }
        #expect(try client.send(HTTPClientRequest(url: "\(base)/readyz")).status == 200)
        let latest = try #require(Schema.migrations.last)
        try service.database.execute("DELETE FROM schema_migrations WHERE component = $1 AND version = $2",
                                     [latest.component, latest.version])
        let behind = try client.send(HTTPClientRequest(url: "\(base)/readyz"))
        #expect(behind.status == 503)
        #expect(String(decoding: behind.body, as: UTF8.self).contains("1 migrations pending"))
    }

    @Test func aWorkerProcessServesOnlyHealthAndMetricsAtItsAddress() throws {
        let (service, base) = try startService(
            database: "endpoints_worker", role: .worker(metricsAddress: try ListenAddress(parsing: "127.0.0.1:0")))
        defer { service.stop() }
        #expect(try client.send(HTTPClientRequest(url: "\(base)/healthz")).status == 200)
        #expect(try client.send(HTTPClientRequest(url: "\(base)/readyz")).status == 200)
        let metrics = try client.send(HTTPClientRequest(url: "\(base)/metrics"))
        #expect(String(decoding: metrics.body, as: UTF8.self).contains("build_info"))
        let webhook = try client.send(HTTPClientRequest(method: "POST", url: "\(base)/telegram/webhook", body: .bytes([])))
        #expect(webhook.status == 404)
    }

    @Test func metricsCountRequestsAndPassPromtool() throws {
        let (service, base) = try startService()
        defer { service.stop() }
        _ = try client.send(HTTPClientRequest(url: "\(base)/healthz"))
        _ = try client.send(HTTPClientRequest(url: "\(base)/no-such-page"))
        let response = try client.send(HTTPClientRequest(url: "\(base)/metrics"))
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(response.status == 200)
        #expect(text.contains(#"http_requests_total{"#))
        #expect(text.contains(#"route="/healthz""#))
        #expect(text.contains(#"status="404""#))
        #expect(text.contains("http_request_duration_seconds_bucket"))
        #expect(text.contains("http_open_connections"))
        #expect(text.contains(#"build_info{version="\#(BuildInfo.version)"} 1"#))
        let lint = try Promtool.checkMetrics(text)
        #expect(lint.status == 0, "promtool: \(lint.output)")
        #expect(lint.output.isEmpty, "promtool: \(lint.output)")
    }
}

enum Promtool {
    static func checkMetrics(_ exposition: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/promtool")
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(exposition.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
