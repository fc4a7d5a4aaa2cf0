import App
import Foundation
import Logging
import Sandbox

/// `load-fixture telegram`: the Telegram stand-in alone, answering every call at once (no rate limits, no spec
/// validation, every user known), for `bench/webhook`: the replies the webhook queues are really sent, so the
/// outbox's claims and completions weigh on the database as they do in production. Runs until SIGTERM.
enum TelegramHost {
    static func run(_ knobs: Knobs) throws -> Int32 {
        LoggingSetup.bootstrap(level: .error, secrets: [])
        var configuration = TelegramStandInConfiguration(port: knobs.int("TELEGRAM_PORT", 0, range: 0...65535),
                                                         botToken: knobs.string("BOT_TOKEN", "1:bench"),
                                                         specPath: nil, rateLimits: .off)
        configuration.knowsEveryUser = true
        let telegram = TelegramStandIn(configuration: configuration, logger: Logger(label: "telegram"))
        try telegram.start()
        say("telegram stand-in ready: \(telegram.baseURL)")
        ShutdownSignal.wait()
        telegram.shutdown()
        return 0
    }
}
