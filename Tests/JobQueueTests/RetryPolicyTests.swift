import JobQueue
import Testing

extension JobQueueSuite {
    @Suite struct RetryPolicyTests {
        @Test func delaysGrowExponentiallyWithinJitterBoundsAndCap() {
            let none = RetryPolicy(base: .seconds(1), cap: .seconds(60), jitter: .none)
            #expect(none.delay(afterAttempt: 1) == .seconds(1))
            #expect(none.delay(afterAttempt: 4) == .seconds(8))
            #expect(none.delay(afterAttempt: 10) == .seconds(60))
            #expect(none.delay(afterAttempt: 10_000) == .seconds(60))

            let full = RetryPolicy(base: .seconds(1), cap: .seconds(60), jitter: .full)
            let decorrelated = RetryPolicy(base: .seconds(1), cap: .seconds(60), jitter: .decorrelated)
            for attempt in [1, 2, 5, 8, 100, Int.max] {
                for _ in 0..<50 {
                    let fullDelay = full.delay(afterAttempt: attempt)
                    #expect(fullDelay >= .zero && fullDelay <= none.delay(afterAttempt: attempt))
                    let decorrelatedDelay = decorrelated.delay(afterAttempt: attempt)
                    #expect(decorrelatedDelay >= .seconds(1) && decorrelatedDelay <= .seconds(60))
                }
            }
        }
    }
}
