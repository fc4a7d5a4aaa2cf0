import Foundation
import HTTPClient
import KIE

/// A task's life after createTask: queued, every photo fetched (a broken or expired link fails it as KIE would), the
/// video made from the first photo and the prompt, "generating" for the configured time, then finished and called back.
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
        switch fetchPhotos(task.imageURLs) {
        case .failure(let failure):
            finish(taskID: taskID, forcedFailure: (failure.code, failure.message), resultFile: nil)
            return
        case .success(let bytes):
            photo = bytes
        }
        guard let running = update(taskID, { $0.state = .generating }) else { return }
        let scene = VideoMaker.Scene(prompt: running.prompt, request: running.video)
        let generation = Self.randomDuration(in: running.plan.generationTime ?? configuration.generationTime)
            + running.plan.extraGenerationTime
        let finishing: @Sendable (VideoMaker.Outcome?) -> Void = { [self] outcome in
            let remaining = generation - (ContinuousClock.now - started)
            schedule(after: max(.zero, remaining)) { [self] in
                guard let outcome else {
                    // A test may have changed the plan to success meanwhile; then the video is made now.
                    guard state.withLock({ $0.tasks[taskID]?.plan.failure }) == nil else {
                        return finish(taskID: taskID, forcedFailure: nil, resultFile: nil)
                    }
                    return render(photo, scene: scene) { [self] in finish(taskID: taskID, $0) }
                }
                finish(taskID: taskID, outcome)
            }
        }
        if running.plan.failure == nil {
            render(photo, scene: scene, then: finishing)
        } else {
            finishing(nil)
        }
    }

    /// Makes the video off the work queue, counted as work under way until `then` has run.
    private func render(_ photo: [UInt8], scene: VideoMaker.Scene,
                        then: @escaping @Sendable (VideoMaker.Outcome) -> Void) {
        busy.enter()
        videos.make(photo, scene: scene) { [self] outcome in
            defer { busy.leave() }
            guard !state.withLock({ $0.stopping }) else { return }
            then(outcome)
        }
    }

    private func finish(taskID: String, _ outcome: VideoMaker.Outcome) {
        switch outcome {
        case .made(let path): finish(taskID: taskID, forcedFailure: nil, resultFile: path)
        case .undecodablePhoto: finish(taskID: taskID, forcedFailure: Self.undecodable, resultFile: nil)
        }
    }

    private static let undecodable = (code: imageFormatFailCode, message: "Image format incorrect: the image could not be decoded")

    private struct FetchFailure: Error {
        let code: String
        let message: String
    }

    /// Every photo, fetched as KIE fetches them; the first is the one the video is made from.
    private func fetchPhotos(_ urls: [String]) -> Result<[UInt8], FetchFailure> {
        var first: [UInt8]?
        for url in urls {
            switch fetchPhoto(url) {
            case .failure(let failure): return .failure(failure)
            case .success(let bytes): first = first ?? bytes
            }
        }
        guard let first else { return .failure(FetchFailure(code: Self.imageFetchFailCode, message: "Image fetch failed: no image")) }
        return .success(first)
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
        guard let facts = ImageFacts(response.body), facts.format != "gif" else {
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
