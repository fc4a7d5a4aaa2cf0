import Foundation
import Postgres
import Sandbox

/// The service's own share of a video's time: from the moment KIE finished the task (the stand-in posts the
/// callback at that instant) to the moment the successful `sendVideo` request reached Telegram (the recording
/// proxy's clock, the same wall clock). Generation is excluded by construction. Videos whose last task's callback
/// was never delivered (dropped) are reported apart: the poller finds them only after the callback grace period,
/// a wait the design chooses. Stage times come from the job rows (created/finished) of the download and deliver
/// steps, to show where the time goes.
struct Overhead {
    struct Sample {
        let videoID: Int64
        let total: Double
        /// Task finished → download job enqueued by the callback.
        let callback: Double?
        /// Download job enqueued → finished (queue wait + download + enqueueing the delivery).
        let download: Double?
        /// Deliver job enqueued → sendVideo reached Telegram (queue wait, 429 snoozes, upload).
        let deliver: Double?
    }

    var viaCallback: [Sample] = []
    var viaPoller: [Sample] = []
    var unmatched = 0

    static func measure(pool: PostgresPool, kie: KIEStandIn, receipts: [RecordingProxy.VideoReceipt]) throws -> Overhead {
        var receiptByFile: [String: Date] = [:]
        for receipt in receipts where receiptByFile[receipt.fileID] == nil {
            receiptByFile[receipt.fileID] = receipt.receivedAt
        }
        let rows = try pool.query("""
            SELECT v.id, v.kie_task_id, v.telegram_file_id,
                   (SELECT min(created_at) FROM jobs j WHERE j.kind = 'video.download' AND j.payload->>'videoID' = v.id::text) AS download_created,
                   (SELECT max(finished_at) FROM jobs j WHERE j.kind = 'video.download' AND j.payload->>'videoID' = v.id::text) AS download_finished,
                   (SELECT min(created_at) FROM jobs j WHERE j.kind = 'video.deliver' AND j.payload->>'videoID' = v.id::text) AS deliver_created
            FROM videos v WHERE v.state = 'delivered' AND v.telegram_file_id IS NOT NULL AND v.kie_task_id IS NOT NULL
            """)
        var overhead = Overhead()
        for row in rows {
            let videoID: Int64 = try row.decode("id")
            let taskID: String = try row.decode("kie_task_id")
            let fileID: String = try row.decode("telegram_file_id")
            guard let task = kie.task(id: taskID), let completedAt = task.completedAt, let sent = receiptByFile[fileID] else {
                overhead.unmatched += 1
                continue
            }
            let finished = Date(timeIntervalSince1970: Double(completedAt) / 1000)
            let downloadCreated = try row.decode("download_created", as: Date?.self)
            let downloadFinished = try row.decode("download_finished", as: Date?.self)
            let deliverCreated = try row.decode("deliver_created", as: Date?.self)
            let sample = Sample(
                videoID: videoID, total: sent.timeIntervalSince(finished),
                callback: downloadCreated.map { $0.timeIntervalSince(finished) },
                download: downloadCreated.flatMap { start in downloadFinished.map { $0.timeIntervalSince(start) } },
                deliver: deliverCreated.map { sent.timeIntervalSince($0) })
            if task.callbacksDelivered > 0 {
                overhead.viaCallback.append(sample)
            } else {
                overhead.viaPoller.append(sample)
            }
        }
        return overhead
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(sorted.count - 1, max(0, rank))]
    }

    var p99: Double? { Self.percentile(viaCallback.map(\.total), 0.99) }

    var lines: [String] {
        func figures(_ name: String, _ values: [Double]) -> String {
            guard let p50 = Self.percentile(values, 0.5), let p99 = Self.percentile(values, 0.99),
                  let max = values.max() else { return "\(name): no samples" }
            return String(format: "%@: p50 %.3f s, p99 %.3f s, max %.3f s (n=%d)", name, p50, p99, max, values.count)
        }
        return [
            figures("overhead, callback delivered (task finished -> sendVideo at Telegram)", viaCallback.map(\.total)),
            figures("  stage: task finished -> download job enqueued (callback)", viaCallback.compactMap(\.callback)),
            figures("  stage: download job enqueued -> finished (queue wait + download)", viaCallback.compactMap(\.download)),
            figures("  stage: deliver job enqueued -> sendVideo at Telegram", viaCallback.compactMap(\.deliver)),
            figures("recovery, callback dropped (task finished -> sendVideo, via the poller)", viaPoller.map(\.total)),
            "delivered videos not matched to a task and a receipt: \(unmatched)",
        ]
    }
}
