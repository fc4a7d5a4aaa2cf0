import Testing
@testable import Domain

/// The video state machine, declared once in `VideoTransition`: every move the store may write.
@Suite struct VideoTransitionTests {
    @Test func nothingLeavesAnEnd() {
        for transition in VideoTransition.allCases {
            #expect(transition.from.allSatisfy { !$0.isTerminal }, "\(transition) leaves a terminal state")
        }
    }

    @Test func everyStateIsEnteredAndEveryUnfinishedOneCanEnd() {
        let entered = Set(VideoTransition.allCases.map(\.to)).union([.queued])
        #expect(entered == Set(VideoState.allCases))
        for state in VideoState.allCases where !state.isTerminal {
            #expect(VideoTransition.fail.from.contains(state), "\(state) could never be refunded")
        }
    }

    @Test func theHappyPathRunsFromQueuedToDelivered() {
        var state = VideoState.queued
        for transition: VideoTransition in [.prepare, .submit, .made, .downloaded, .deliver] {
            #expect(transition.from.contains(state), "\(transition) cannot follow \(state)")
            state = transition.to
        }
        #expect(state == .delivered)
    }

    @Test func aFailedGenerationIsSubmittedAgain() {
        #expect(VideoTransition.resubmit.from == [.generating])
        #expect(VideoTransition.resubmit.to == .submitting)
        #expect(VideoTransition.submit.from.contains(VideoTransition.resubmit.to))
    }

    @Test func onlyVideosKIEHasNotSeenCanBeCancelled() {
        #expect(VideoState.allCases.filter(\.isCancellable) == [.queued, .submitting])
        #expect(VideoTransition.cancel.to == .cancelled)
    }

    @Test func noMoveSkipsOrRepeatsAStep() {
        // Apart from failing and cancelling, each move leaves exactly one state and a duplicate event (the same
        // move again from its own end) is not legal.
        for transition in VideoTransition.allCases where transition != .fail && transition != .cancel {
            #expect(transition.from.count == 1)
            #expect(!transition.from.contains(transition.to))
        }
    }
}
