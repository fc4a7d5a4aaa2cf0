import Foundation
import HTTPClient
import KIE

/// A task's life after createTask: queued, photo fetched (a broken link fails it as KIE would), video made,
/// "generating" for the configured time, then finished and called back.
extension KIEStandIn {
    /// KIE's code for a photo it could not download (Veo and Runway document 451 "image fetch failed").
    static let imageFetchFailCode = "451"
    static let imageFormatFailCode = "400"

    func launch(taskID: String) {
        schedule(after: Self.randomDuration(in: configuration.queueTime)) { [self] in
            generate(taskID: taskID)
        }
    }

    private func generate(taskID: String) {
        guard let task = update(taskID, { $0.state = .queuing }) else { return }
        let started = ContinuousClock.now
        let photo: [UInt8]
        switch fetchPhoto(task.imageURL) {
        case .failure(let failure):
            finish(taskID: taskID, forcedFailure: (failure.code, failure.message), resultFile: nil)
            return
        case .success(let bytes):
            photo = bytes
        }
        guard let running = update(taskID, { $0.state = .generating }) else { return }
        let file = running.plan.failure == nil ? videos.video(for: photo) : nil
        let generation = Self.randomDuration(in: running.plan.generationTime ?? configuration.generationTime)
            + running.plan.extraGenerationTime
        let remaining = generation - (ContinuousClock.now - started)
        schedule(after: max(.zero, remaining)) { [self] in
            // A test may have changed the plan to success meanwhile; then the video is made now.
            let resultFile = file ?? (state.withLock { $0.tasks[taskID]?.plan.failure } == nil ? videos.video(for: photo) : nil)
            finish(taskID: taskID, forcedFailure: nil, resultFile: resultFile)
        }
    }

    private struct FetchFailure: Error {
        let code: String
        let message: String
    }

    private func fetchPhoto(_ url: String) -> Result<[UInt8], FetchFailure> {
        let request = HTTPClientRequest(method: "GET", url: url, timeout: configuration.imageFetchTimeout,
                                        maxResponseBytes: configuration.maxImageBytes)
        let response: HTTPClientResponse
        do {
            response = try http.send(request)
        } catch {
            return .failure(FetchFailure(code: Self.imageFetchFailCode, message: "Image fetch failed: \(error)"))
        }
        guard (200..<300).contains(response.status) else {
            return .failure(FetchFailure(code: Self.imageFetchFailCode, message: "Image fetch failed: HTTP \(response.status)"))
        }
        guard ImageKind(sniffing: response.body) != nil else {
            return .failure(FetchFailure(code: Self.imageFormatFailCode,
                                         message: "Image format incorrect: only JPEG, PNG and WebP are supported"))
        }
        return .success(response.body)
    }

    /// Ends the task as its plan (or a forced failure) says, refunds a failure, and calls back.
    private func finish(taskID: String, forcedFailure: (code: String, message: String)?, resultFile: String?) {
        let now = Self.nowMilliseconds
        let base = baseURL
        let finished = state.withLock { state -> KIEStandInTask? in
            guard var task = state.tasks[taskID], !task.state.isFinished else { return nil }
            if let failure = forcedFailure ?? task.plan.failure ?? (resultFile == nil ? ("500", "Internal server error") : nil) {
                task.state = .fail
                task.failCode = failure.code
                task.failMessage = failure.message
                state.credits[task.apiKey, default: 0] += task.creditsCharged
            } else {
                task.state = .success
                task.resultFile = resultFile
                task.resultURL = "\(base)/sandbox/kie/results/\(taskID).mp4"
            }
            task.updatedAt = now
            task.completedAt = now
            state.tasks[taskID] = task
            return task
        }
        guard let finished else { return }
        logger.debug("kie stand-in task finished", metadata: ["task": "\(taskID)", "state": "\(finished.state.rawValue)"])
        sendCallbacks(for: finished)
    }

    /// Applies `change` to a task still running; returns the task after the change, nil when gone or finished.
    @discardableResult
    func update(_ taskID: String, _ change: (inout KIEStandInTask) -> Void) -> KIEStandInTask? {
        let now = Self.nowMilliseconds
        return state.withLock { state in
            guard var task = state.tasks[taskID], !task.state.isFinished else { return nil }
            change(&task)
            task.updatedAt = now
            state.tasks[taskID] = task
            return task
        }
    }
}
