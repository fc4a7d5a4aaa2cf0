import Bot
import Foundation
import HTTPServer
import Testing
@testable import App

@Suite struct ConfigurationTests {
    let minimal = ["DATABASE_URL": "postgres://app:s3cret-password@127.0.0.1:5432/neurocards"]

    @Test func defaultsApplyWhenOnlyTheDatabaseIsSet() throws {
        let configuration = try AppConfiguration(environment: Environment(minimal))
        #expect(configuration.listenAddress == .tcp(host: "127.0.0.1", port: 8080))
        #expect(configuration.workers == 5)
        #expect(configuration.telegram.apiBase == "https://api.telegram.org")
        #expect(configuration.kie.model == "bytedance/seedance-1.5-pro")
        #expect(configuration.logLevel == .info)
    }

    @Test func aMissingRequiredValueNamesItself() {
        #expect(throws: ConfigurationError(variable: "DATABASE_URL", problem: "is not set")) {
            try AppConfiguration(environment: Environment([:]))
        }
    }

    @Test(arguments: [
        ("LISTEN_ADDR", "localhost"),
        ("LISTEN_ADDR", "127.0.0.1:99999"),
        ("WORKERS", "zero"),
        ("WORKERS", "0"),
        ("ADMIN_IDS", "12,abc"),
        ("SUPPORT_CHAT_ID", "-100x"),
        ("PUBLIC_BASE_URL", "ftp://example.org"),
        ("TELEGRAM_API_BASE", "not a url"),
        ("SIGNING_SECRET", "short"),
        ("LOG_LEVEL", "loud"),
        ("KIE_RESULT_HOSTS", " , "),
        ("KIE_RESULT_HOSTS", "https://tempfile.aiquickdraw.com"),
        ("KIE_RESULT_HOSTS", "*.kie.ai,evil*.example.com"),
        ("KIE_RESULT_HOSTS", "*"),
        ("KIE_RESULT_ALLOW_PRIVATE", "yes"),
    ])
    func aMalformedValueNamesItsVariable(variable: String, value: String) {
        var values = minimal
        values[variable] = value
        do {
            _ = try AppConfiguration(environment: Environment(values))
            Issue.record("\(variable)=\(value) was accepted")
        } catch let error as ConfigurationError {
            #expect(error.variable == variable)
            #expect(error.description.hasPrefix("configuration: \(variable) "))
            #expect(!error.description.contains("\n"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func listsAndUnixSocketsParse() throws {
        var values = minimal
        values["LISTEN_ADDR"] = "unix:/run/neurocards.sock"
        values["KIE_API_KEYS"] = " k1, k2 ,,k3 "
        values["ADMIN_IDS"] = "1,-2"
        values["PUBLIC_BASE_URL"] = "https://bot.example.org/"
        let configuration = try AppConfiguration(environment: Environment(values))
        #expect(configuration.listenAddress == .unix(path: "/run/neurocards.sock"))
        #expect(configuration.kie.apiKeys == ["k1", "k2", "k3"].map { KIEAPIKey(secret: $0) })
        #expect(configuration.adminIDs == [1, -2])
        #expect(configuration.publicBaseURL == "https://bot.example.org")
    }

    @Test func resultURLsComeFromKIEsFileHostsUnlessConfigured() throws {
        let defaults = try AppConfiguration(environment: Environment(minimal)).kie.resultURLs
        #expect(defaults == ResultURLPolicy(hosts: ["*.aiquickdraw.com", "*.redpandaai.co", "*.kie.ai"]))
        var values = minimal
        values["KIE_RESULT_HOSTS"] = " files.example.com, *.CDN.example.net ,[::1] "
        values["KIE_RESULT_ALLOW_PRIVATE"] = "1"
        let configured = try AppConfiguration(environment: Environment(values)).kie.resultURLs
        #expect(configured == ResultURLPolicy(hosts: ["files.example.com", "*.cdn.example.net", "::1"],
                                              allowsPrivateAddresses: true))
    }

    @Test func secretsIncludeTheDatabasePassword() throws {
        var values = minimal
        values["TELEGRAM_BOT_TOKEN"] = "123456:telegram-token"
        values["KIE_API_KEYS"] = "kie-key-one,kie-key-two"
        let secrets = try AppConfiguration(environment: Environment(values)).secrets
        #expect(Set(secrets) == ["s3cret-password", "123456:telegram-token", "kie-key-one", "kie-key-two"])
    }

    @Test func dotEnvFillsWhatTheEnvironmentLeavesUnset() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("neurocards-\(UUID()).env").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
        # comment
        export WORKERS=7
        OPENAI_MODEL="gpt-test"
        PATH='/should/not/win'

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let environment = try Environment.load(dotEnvPath: path)
        #expect(environment["WORKERS"] == "7")
        #expect(environment["OPENAI_MODEL"] == "gpt-test")
        #expect(environment["PATH"] != "/should/not/win")
    }

    @Test func aMalformedDotEnvLineNamesItsLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("neurocards-\(UUID()).env").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "WORKERS=3\nthis line has no equals sign\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try Environment.load(dotEnvPath: path) }
    }
}
