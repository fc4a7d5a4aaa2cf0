import Postgres
import Testing

@Suite struct NotificationTests {
    @Test func listenerReceivesNotificationsInOrder() throws {
        let listener = try SuiteDatabase.connect()
        let sender = try SuiteDatabase.connect()
        defer { listener.close(); sender.close() }
        let channel = "jobs \"ready\" " + SuiteDatabase.uniqueName("ch")
        try listener.listen(channel)
        try sender.notify(channel, payload: "first")
        try sender.notify(channel, payload: "второй ✓")

        var received: [PostgresNotification] = []
        try waitUntil("two notifications") {
            received += try listener.waitForNotifications(timeout: .milliseconds(500))
            return received.count >= 2
        }
        #expect(received == [
            PostgresNotification(channel: channel, payload: "first"),
            PostgresNotification(channel: channel, payload: "второй ✓"),
        ])
    }

    @Test func notificationIsDeliveredOnlyWhenTheSenderCommits() throws {
        let listener = try SuiteDatabase.connect()
        let sender = try SuiteDatabase.connect()
        defer { listener.close(); sender.close() }
        let channel = SuiteDatabase.uniqueName("tx_channel")
        try listener.listen(channel)
        #expect(throws: ExpectedFailure.self) {
            try sender.transaction { tx in
                try tx.notify(channel, payload: "rolled back")
                throw ExpectedFailure()
            }
        }
        try sender.transaction { tx in try tx.notify(channel, payload: "committed") }
        var received: [PostgresNotification] = []
        try waitUntil("the committed notification") {
            received += try listener.waitForNotifications(timeout: .milliseconds(500))
            return !received.isEmpty
        }
        #expect(received.map(\.payload) == ["committed"])
    }

    @Test func waitReturnsEmptyAfterTheTimeout() throws {
        let listener = try SuiteDatabase.connect()
        defer { listener.close() }
        try listener.listen(SuiteDatabase.uniqueName("quiet"))
        let start = ContinuousClock.now
        #expect(try listener.waitForNotifications(timeout: .milliseconds(100)).isEmpty)
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}
