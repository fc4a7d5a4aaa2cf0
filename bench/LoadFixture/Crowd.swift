import Foundation
import Sandbox
import Synchronization
import Telegram

/// Sellers who all start at once, each on a thread of its own, each placing one order.
final class Crowd: Sendable {
    struct Outcome: Sendable {
        var placed = 0
        var failures: [String] = []
        var finished = 0
        /// Seconds from the first seller's /start to each confirmed order.
        var placingTimes: [Double] = []
    }

    let sellers: [User]
    private let outcome = Mutex(Outcome())

    init(count: Int, firstUserID: Int64) {
        sellers = (0..<count).map { index in
            User(id: firstUserID + Int64(index), firstName: "Seller \(index + 1)", languageCode: "en")
        }
    }

    func start(telegram: TelegramStandIn, videos: Int, videoPrice: Int, patience: Duration, photo: [UInt8]) {
        let began = ContinuousClock.now
        for user in sellers {
            let seller = Seller(user: user, standIn: telegram, videos: videos, videoPrice: videoPrice, patience: patience)
            let thread = Thread { [self] in
                do {
                    _ = try seller.placeOrder(photo: photo)
                    let took = (ContinuousClock.now - began).seconds
                    outcome.withLock {
                        $0.placed += 1
                        $0.finished += 1
                        $0.placingTimes.append(took)
                    }
                } catch {
                    outcome.withLock {
                        $0.failures.append("seller \(user.id): \(error)")
                        $0.finished += 1
                    }
                }
            }
            thread.stackSize = 256 << 10
            thread.start()
        }
    }

    var current: Outcome { outcome.withLock { $0 } }
}
