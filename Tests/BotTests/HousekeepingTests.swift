@testable import Bot
import Foundation
import JobQueue
import Logging
import Postgres
import TestSupport
import Testing

@Suite struct HousekeepingTests {
    @Test func oldUpdatesAndNotificationKeysGoAndRecentOnesStay() throws {
        let logger = BotDatabase.logger
        let pool = try BotDatabase.pool(named: "housekeeping")
        try pool.execute("""
            INSERT INTO telegram_updates (update_id, kind, received_at)
            SELECT id, 'message', now() - make_interval(days => CASE WHEN id <= 6000 THEN 8 ELSE 6 END)
            FROM generate_series(1, 6010) id
            """)
        try pool.execute("""
            INSERT INTO sent_notifications (key, created_at)
            VALUES ('old', now() - interval '31 days'), ('recent', now() - interval '29 days')
            """)
        try pool.withConnection { try Housekeeping.schedule(on: $0) }
        try pool.withConnection { try Housekeeping.schedule(on: $0) }
        #expect(try pool.query("SELECT count(*)::int AS n FROM jobs WHERE kind = $1", [Housekeeping.kind]).first?
            .decode("n", as: Int.self) == 1)

        let outcome = Housekeeping(pool: pool, logger: logger).run()

        #expect(outcome == .snooze(.seconds(3600)))
        #expect(try pool.query("SELECT min(update_id) AS first, count(*)::int AS n FROM telegram_updates").first
            .map { [try $0.decode("first", as: Int64.self), Int64(try $0.decode("n", as: Int.self))] } == [6001, 10])
        #expect(try pool.query("SELECT key FROM sent_notifications").map { try $0.decode("key", as: String.self) }
            == ["recent"])
    }

    @Test func mediaFilesOlderThanAWeekGoAndRecentOnesStay() throws {
        let logger = BotDatabase.logger
        let media = FileManager.default.temporaryDirectory.appendingPathComponent("housekeeping-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: media) }
        for folder in ["videos", "media", "photos"] {
            try FileManager.default.createDirectory(atPath: media + "/" + folder, withIntermediateDirectories: true)
            for (name, age) in [("old", 8.0), ("recent", 6.0)] {
                let file = media + "/" + folder + "/" + name
                #expect(FileManager.default.createFile(atPath: file, contents: Data([1])))
                try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age * 86400)],
                                                      ofItemAtPath: file)
            }
        }

        #expect(MediaSweeper(mediaDirectory: media, logger: logger).sweep() == 3)
        for folder in ["videos", "media", "photos"] {
            #expect(try FileManager.default.contentsOfDirectory(atPath: media + "/" + folder) == ["recent"])
        }
    }
}
