import Logging
import Synchronization
import Testing
@testable import App

@Suite struct LoggingTests {
    final class Lines: Sendable {
        private let storage = Mutex<[String]>([])
        var all: [String] { storage.withLock { $0 } }
        func append(_ line: String) { storage.withLock { $0.append(line) } }
    }

    func logger(secrets: [String] = [], into lines: Lines) -> Logger {
        Logger(label: "test") { label in
            LogfmtLogHandler(label: label, level: .debug, redactor: SecretRedactor(secrets: secrets)) { lines.append($0) }
        }
    }

    @Test func oneKeyValueLinePerEventWithSortedMetadata() {
        let lines = Lines()
        logger(into: lines).info("video delivered", metadata: ["video": "42", "order": "7"])
        #expect(lines.all.count == 1)
        let line = lines.all[0]
        #expect(line.hasPrefix("ts="))
        #expect(line.hasSuffix(" level=info logger=test msg=\"video delivered\" order=7 video=42\n"))
    }

    @Test func valuesWithQuotesAndNewlinesStayOnOneLine() {
        let lines = Lines()
        logger(into: lines).warning("bad \"input\"\nsecond line")
        #expect(lines.all[0].contains(#"msg="bad \"input\"\nsecond line""#))
        #expect(lines.all[0].filter { $0 == "\n" }.count == 1)
    }

    @Test func everyKnownSecretIsMaskedWhereverItAppears() {
        let lines = Lines()
        let log = logger(secrets: ["123456:bot-token-value", "kie-secret-key"], into: lines)
        log.error("GET https://api.telegram.org/bot123456:bot-token-value/getMe failed",
                  metadata: ["authorization": "Bearer kie-secret-key"])
        let line = lines.all[0]
        #expect(!line.contains("bot-token-value"))
        #expect(!line.contains("kie-secret-key"))
        #expect(line.contains("[redacted]"))
    }

    @Test func levelsBelowTheThresholdAreDropped() {
        let lines = Lines()
        var log = logger(into: lines)
        log.logLevel = .warning
        log.info("quiet")
        log.warning("loud")
        #expect(lines.all.count == 1)
    }
}
