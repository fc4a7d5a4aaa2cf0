@testable import Bot
import Domain
import HTTPClient
import KIE
import Testing

/// `KIE_API_KEYS` written `account:key`: the keys reach KIE bare, tasks spread over the accounts, and `/stats` lists
/// an account's keys together.
extension PipelineTests {
    @Test func keysGroupedByAccountReachKIEBareAndShareTheTasks() throws {
        let secrets = ["kie-main-1", "kie-alone", "kie-main-2"]
        let harness = try BotHarness(database: "pipeline_kie_accounts", kieKeys: secrets, extraEnvironment: [
            "KIE_API_KEYS": "main:kie-main-1, kie-alone ,main:kie-main-2",
        ])
        let order = try order(harness, count: 3)
        #expect(finished(harness, order)?.contains("3 of 3 delivered") == true)
        // Every task went with a bare key, and both accounts took some.
        let calls = secrets.map { harness.kie.createCallCount(apiKey: $0) }
        #expect(calls.reduce(0, +) == 3 && calls[1] >= 1 && calls[0] + calls[2] >= 1, "\(calls)")
        let alone = KIEKeys.id(of: "kie-alone")
        #expect(try harness.query("SELECT string_agg(name, ',' ORDER BY name) FROM kie_accounts", as: String.self)
            == [alone, "main"].sorted().joined(separator: ","))
        try checkInvariants(harness)

        for (secret, credits) in zip(secrets, [100.0, 7, 100]) { harness.kie.setCredits(credits, apiKey: secret) }
        let stats = try OperatorStats(
            pool: harness.service.database, kie: KIEClient(baseURL: harness.kie.baseURL, http: HTTPClient()),
            kieKeys: [KIEAPIKey(secret: "kie-main-1", account: "main"), KIEAPIKey(secret: "kie-alone"),
                      KIEAPIKey(secret: "kie-main-2", account: "main")]
        ).gather()
        #expect(stats.kie == [.credits(keyID: "main/\(KIEKeys.id(of: "kie-main-1"))", 100),
                              .credits(keyID: "main/\(KIEKeys.id(of: "kie-main-2"))", 100), .credits(keyID: alone, 7)])
    }
}
