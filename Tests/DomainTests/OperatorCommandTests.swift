import Testing
@testable import Domain

/// Operators' commands are read strictly: a known command either fits exactly or is answered with its usage line.
@Suite struct OperatorCommandTests {
    @Test func wellFormedCommandsAreRead() throws {
        #expect(OperatorCommand(text: "/stats") == .stats)
        #expect(OperatorCommand(text: "/STATS@NeuroCardsBot") == .stats)
        #expect(OperatorCommand(text: "/user 1001") == .user(id: 1001))
        #expect(OperatorCommand(text: "/refund stxA1b2-C3_d4") == .refund(chargeID: "stxA1b2-C3_d4"))
        let grant = try #require(CreditGrant(userID: 1001, credits: 50, reason: "sorry for the  broken video"))
        #expect(OperatorCommand(text: "/grant 1001 50   sorry for the  broken video  ") == .grant(grant))
        let takeBack = try #require(CreditGrant(userID: 1001, credits: -20, reason: "typo"))
        #expect(OperatorCommand(text: "/grant\t1001 -20 typo") == .grant(takeBack))
        #expect(OperatorCommand(text: "/reply 1001 your  credits are back ")
            == .reply(userID: 1001, text: "your  credits are back"))
    }

    @Test func otherTextIsNoOperatorCommand() {
        for text in ["stats", "/start", "/statistics", "/", "", " /stats", "/help 1", "/users 1"] {
            #expect(OperatorCommand(text: text) == nil, "\(text)")
        }
    }

    @Test func argumentsThatDoNotFitGetTheUsageLine() {
        let cases: [(String, OperatorCommand.Name)] = [
            ("/stats now", .stats),
            ("/user", .user), ("/user abc", .user), ("/user 0", .user), ("/user -5", .user), ("/user 1 2", .user),
            ("/user 99999999999999999999", .user),
            ("/refund", .refund), ("/refund a b", .refund),
            ("/refund " + String(repeating: "x", count: OperatorCommand.maxChargeIDLength + 1), .refund),
            ("/grant", .grant), ("/grant 1001", .grant), ("/grant 1001 50", .grant), ("/grant 1001 50    ", .grant),
            ("/grant x 50 why", .grant), ("/grant 1001 fifty why", .grant), ("/grant 1001 0 why", .grant),
            ("/grant 1001 1.5 why", .grant), ("/grant 1001 100001 why", .grant), ("/grant 1001 -100001 why", .grant),
            ("/grant 1001 -9223372036854775808 why", .grant), ("/grant 1001 99999999999999999999 why", .grant),
            ("/grant 1001 50 " + String(repeating: "y", count: CreditGrant.maxReasonLength + 1), .grant),
            ("/reply", .reply), ("/reply 1001", .reply), ("/reply x hello", .reply),
            ("/reply 1001 " + String(repeating: "z", count: OperatorCommand.maxReplyLength + 1), .reply),
        ]
        for (text, name) in cases {
            #expect(OperatorCommand(text: text) == .usage(name), "\(text)")
        }
    }

    @Test func theBoundsAreInclusive() {
        #expect(CreditGrant(userID: 1, credits: CreditGrant.maxCredits, reason: "x") != nil)
        #expect(CreditGrant(userID: 1, credits: -CreditGrant.maxCredits, reason: "x") != nil)
        #expect(CreditGrant(userID: 1, credits: 1, reason: String(repeating: "y", count: CreditGrant.maxReasonLength))
            != nil)
    }

    @Test func reportsReadInBothLanguages() {
        let report = StatsReport(
            users: 7, newUsers: 2, orders: [.init("finished", 3)], videos: [.init("delivered", 4), .init("failed", 1)],
            failures: [.init("temporary", 1)], refunds: 1, refundedCredits: 10, stars: 50, starsTotal: 150,
            kie: [.credits(keyID: "k1", 1234.5), .credits(keyID: "k2", 80), .unavailable(keyID: "k3", problem: "down")])
        let english = Texts.english.operators.stats(report)
        for line in ["Users: 7, new 2", "Orders: 3 (finished 3)", "Videos: 5 (delivered 4, failed 1)",
                     "Failures: temporary 1", "Refunds: 1, 10 💎", "Stars: 50 ⭐, all time 150 ⭐",
                     "KIE k1: 1234.5 credits", "KIE k2: 80 credits", "KIE k3: unknown (down)"] {
            #expect(english.contains(line), "\(line)")
        }
        #expect(Texts.russian.operators.stats(report).contains("Пользователи: 7, новых 2"))
    }

    @Test func uncertainDeliveriesHaveALineOfTheirOwn() {
        let report = StatsReport(users: 1, newUsers: 1, orders: [], videos: [.init("failed", 2)],
                                 failures: [.init("temporary", 2)], refunds: 2, refundedCredits: 20, stars: 0,
                                 starsTotal: 0, kie: [], uncertainDeliveries: 1)
        #expect(Texts.english.operators.stats(report).contains("Uncertain deliveries (refunded, may have arrived): 1"))
        #expect(Texts.russian.operators.stats(report).contains("Неясные доставки (возвращены, видео могло дойти): 1"))
    }
}
