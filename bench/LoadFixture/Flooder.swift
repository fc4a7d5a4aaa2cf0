import Foundation
import Sandbox
import Synchronization
import Telegram

/// One hostile account for the whole run: a product photo, then 📚 My videos, again and again, as fast as `interval`
/// allows. The paid sellers' overhead is measured while it floods.
final class Flooder: Sendable {
    let user = User(id: 4_999_999, firstName: "Flood", languageCode: "en")
    private let sent = Mutex(0)
    private let running = Mutex(true)

    func start(telegram: TelegramStandIn, photo: [UInt8], interval: Duration) {
        let thread = Thread { [self] in
            telegram.sendText(from: user, text: "/start")
            var round = 0
            while running.withLock({ $0 }) {
                if round % 2 == 0 {
                    telegram.sendPhoto(from: user, jpeg: photo)
                } else {
                    telegram.sendText(from: user, text: "/videos")
                }
                round += 1
                sent.withLock { $0 += 1 }
                Thread.sleep(forTimeInterval: interval.seconds)
            }
        }
        thread.stackSize = 256 << 10
        thread.start()
    }

    func stop() {
        running.withLock { $0 = false }
    }

    var updates: Int { sent.withLock { $0 } }
}
