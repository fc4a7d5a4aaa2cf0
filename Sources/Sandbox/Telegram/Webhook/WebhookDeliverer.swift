import Dispatch
import Foundation
import HTTPClient
import JSON
import Logging
import Synchronization
import Timekeeping

/// Pushes updates to the bot's webhook the way Telegram does: JSON POSTs with the secret header, one update in
/// flight per chat (so a failing update holds back the later ones of its chat), different chats in parallel,
/// a non-2xx answer retried with backoff (or after the answer's Retry-After).
final class WebhookDeliverer: Sendable {
    struct Status: Sendable {
        var settings: WebhookSettings
        var pendingCount: Int
        var lastErrorDate: Int64?
        var lastErrorMessage: String?
    }

    private struct ChatQueue: Sendable {
        var updates: [PendingUpdate] = []
        var inFlight = false
        var failedAttempts = 0
        var notBefore: ContinuousClock.Instant?
    }

    private struct State: Sendable {
        var settings = WebhookSettings()
        var lastUpdateID: Int64 = 0
        var queues: [Int64: ChatQueue] = [:]
        /// Chats with queued updates, in the order they are served (round robin).
        var order: [Int64] = []
        var lastErrorDate: Int64?
        var lastErrorMessage: String?
        var stopping = false
    }

    private enum Step {
        case deliver(PendingUpdate, url: String, secret: String?)
        case wait(Duration)
        case stop
    }

    private let policy: TelegramStandInConfiguration.WebhookDelivery
    private let http: HTTPClient
    private let logger: Logger
    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let workersExited = DispatchSemaphore(value: 0)
    /// The longest a worker sleeps without looking at the queues again.
    private static let idleWait: Duration = .milliseconds(500)

    init(policy: TelegramStandInConfiguration.WebhookDelivery, logger: Logger) {
        self.policy = policy
        self.logger = logger
        http = HTTPClient(configuration: HTTPClient.Configuration(
            connectTimeout: .seconds(5), timeout: policy.requestTimeout, maxResponseBytes: 1 << 20,
            userAgent: "telegram-stand-in", maxIdleHandles: policy.concurrency))
    }

    /// `replies` gets each 2xx answer: Telegram performs a method call made in one (`performWebhookReply`).
    func start(replies: @escaping @Sendable (HTTPClientResponse) -> Void) {
        for index in 0..<policy.concurrency {
            let thread = Thread { [self] in
                runWorker(replies: replies)
                workersExited.signal()
            }
            thread.name = "telegram-webhook-\(index)"
            thread.start()
        }
    }

    /// Stops the workers after their current delivery; undelivered updates are dropped.
    func shutdown() {
        let wasStopping = state.withLock { state in
            defer { state.stopping = true }
            return state.stopping
        }
        guard !wasStopping else { return }
        for _ in 0..<policy.concurrency { wakeUp.signal() }
        for _ in 0..<policy.concurrency { workersExited.wait() }
    }

    /// Numbers and queues an update unless setWebhook's allowed_updates exclude its kind. Returns its id.
    @discardableResult
    func enqueue(kind: String, chatID: Int64, content: JSONValue) -> Int64? {
        let id: Int64? = state.withLock { state in
            guard state.settings.accepts(kind) else { return nil }
            state.lastUpdateID += 1
            let update = PendingUpdate(updateID: state.lastUpdateID, chatID: chatID, kind: kind, content: content)
            if state.queues[chatID]?.updates.isEmpty ?? true { state.order.append(chatID) }
            state.queues[chatID, default: ChatQueue()].updates.append(update)
            return update.updateID
        }
        if id != nil { wakeUp.signal() }
        return id
    }

    func configure(_ change: (inout WebhookSettings) -> Void, dropPending: Bool) {
        state.withLock { state in
            change(&state.settings)
            if dropPending {
                for chat in state.queues.keys {
                    // An update in flight finishes; everything behind it goes.
                    let keep = state.queues[chat]?.inFlight == true ? state.queues[chat]?.updates.prefix(1) : []
                    state.queues[chat]?.updates = Array(keep ?? [])
                }
                state.order.removeAll { state.queues[$0]?.updates.isEmpty ?? true }
            }
        }
        wakeUp.signal()
    }

    var status: Status {
        state.withLock { state in
            Status(settings: state.settings,
                   pendingCount: state.queues.values.reduce(0) { $0 + $1.updates.count },
                   lastErrorDate: state.lastErrorDate, lastErrorMessage: state.lastErrorMessage)
        }
    }

    // MARK: Workers

    private func runWorker(replies: @Sendable (HTTPClientResponse) -> Void) {
        while true {
            switch nextStep() {
            case .stop:
                return
            case .wait(let duration):
                _ = wakeUp.wait(timeout: .now() + .nanoseconds(Int(duration.seconds * 1e9)))
            case .deliver(let update, let url, let secret):
                let outcome = post(update, to: url, secret: secret, replies: replies)
                finish(update, outcome: outcome)
            }
        }
    }

    private func nextStep() -> Step {
        state.withLock { state in
            if state.stopping { return .stop }
            guard !state.settings.url.isEmpty else { return .wait(Self.idleWait) }
            let now = ContinuousClock.now
            var soonest = Self.idleWait
            for (position, chat) in state.order.enumerated() {
                guard let queue = state.queues[chat], !queue.inFlight, let head = queue.updates.first else { continue }
                if let notBefore = queue.notBefore, notBefore > now {
                    soonest = min(soonest, notBefore - now)
                    continue
                }
                state.queues[chat]?.inFlight = true
                state.order.remove(at: position)
                state.order.append(chat)
                return .deliver(head, url: state.settings.url, secret: state.settings.secretToken)
            }
            return .wait(soonest)
        }
    }

    private enum Outcome {
        case delivered
        case failed(reason: String, retryAfter: Duration?)
    }

    private func post(_ update: PendingUpdate, to url: String, secret: String?,
                      replies: @Sendable (HTTPClientResponse) -> Void) -> Outcome {
        var headers = [("Content-Type", "application/json")]
        if let secret, !secret.isEmpty { headers.append(("X-Telegram-Bot-Api-Secret-Token", secret)) }
        let request = HTTPClientRequest(method: "POST", url: url, headers: headers, body: .bytes(update.body),
                                        timeout: policy.requestTimeout)
        do {
            let response = try http.send(request)
            if (200..<300).contains(response.status) {
                replies(response)
                return .delivered
            }
            // Telegram honours Retry-After from the webhook, clamped to an hour.
            let retryAfter = response.header("Retry-After").flatMap { Int($0) }.map { Duration.seconds(min(max($0, 0), 3600)) }
            return .failed(reason: "Wrong response from the webhook: \(response.status)", retryAfter: retryAfter)
        } catch {
            return .failed(reason: "Can't connect to the webhook: \(error)", retryAfter: nil)
        }
    }

    private func finish(_ update: PendingUpdate, outcome: Outcome) {
        state.withLock { state in
            guard var queue = state.queues[update.chatID], queue.updates.first?.updateID == update.updateID else {
                return
            }
            queue.inFlight = false
            switch outcome {
            case .delivered:
                queue.updates.removeFirst()
                queue.failedAttempts = 0
                queue.notBefore = nil
            case .failed(let reason, let retryAfter):
                queue.failedAttempts += 1
                state.lastErrorDate = Int64(Date().timeIntervalSince1970)
                state.lastErrorMessage = reason
                if let maxAttempts = policy.maxAttempts, queue.failedAttempts >= maxAttempts {
                    logger.warning("webhook update dropped", metadata: ["update": "\(update.updateID)", "reason": "\(reason)"])
                    queue.updates.removeFirst()
                    queue.failedAttempts = 0
                    queue.notBefore = nil
                } else {
                    queue.notBefore = .now + (retryAfter ?? policy.delay(beforeRetry: queue.failedAttempts))
                }
            }
            if queue.updates.isEmpty { state.order.removeAll { $0 == update.chatID } }
            state.queues[update.chatID] = queue.updates.isEmpty ? nil : queue
        }
        wakeUp.signal()
    }
}
