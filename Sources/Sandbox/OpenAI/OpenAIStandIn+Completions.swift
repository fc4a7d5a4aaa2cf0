import Foundation
import HTTPServer
import LLM
import Signing
import Timekeeping

extension OpenAIStandIn {
    /// `POST /v1/chat/completions`: authenticate, validate, resolve images, play a queued fault, answer; every
    /// call is recorded whatever its outcome.
    func completeChat(_ request: HTTPRequest) -> HTTPResponse {
        var record = state.withLock { state in
            state.callsReceived += 1
            return OpenAICallRecord(number: state.callsReceived)
        }
        var response: HTTPResponse
        do {
            let (model, content) = try answer(request, record: &record)
            record.content = content
            response = OpenAICompletionEnvelope.response(
                id: "chatcmpl-sandbox-\(record.number)", model: model, content: content,
                promptBytes: request.body.count)
        } catch let error as OpenAIAPIError {
            record.error = error.code ?? error.message
            response = error.response
        } catch {
            record.error = "\(error)"
            response = OpenAIAPIError.serverError.response
        }
        record.status = response.status.code
        response.headers.add("x-request-id", "req_sandbox_\(record.number)")
        state.withLock { $0.record(record, keeping: configuration.maxRecordedCalls) }
        logger.debug("openai stand-in answered", metadata: [
            "call": "\(record.number)", "status": "\(record.status)",
            "operation": "\(record.operation?.rawValue ?? "-")", "fault": "\(record.fault ?? "-")",
        ])
        return response
    }

    private func answer(_ request: HTTPRequest, record: inout OpenAICallRecord) throws -> (model: String, content: String) {
        try authorize(request.headers["Authorization"])
        let chat = try OpenAIChatRequest(body: request.body)
        record.model = chat.model
        record.operation = chat.operation
        if let known = configuration.knownModels, !known.contains(chat.model) {
            throw OpenAIAPIError.unknownModel(chat.model)
        }
        let loaded = try chat.imageURLs.map(images.load)
        record.images = loaded.map(\.record)

        let fault = state.withLock { $0.takeFault(for: chat.operation) }
        record.fault = fault?.name
        switch fault {
        case .rateLimited?: throw OpenAIAPIError.rateLimited(model: chat.model)
        case .quotaExhausted?: throw OpenAIAPIError.quotaExhausted
        case .serverError?: throw OpenAIAPIError.serverError
        case .malformedContent?: return (chat.model, OpenAIAnswers.notJSON)
        case .slow(let delay)?:
            // Plays a slow model; the handler thread is what a slow upstream would occupy too.
            Thread.sleep(forTimeInterval: delay.seconds)
        case .verdict?, nil: break
        }

        switch chat.operation {
        case .photoAnalysis:
            let photo = loaded.first
            // The seller's words: the note the bot passed on, else the caption the photo was sent with.
            let words = OpenAIAnswers.labelledLine(LLMConventions.sellerNoteLabel, in: chat.texts)
                ?? photo.flatMap { caption(ofPhoto: $0.bytes) }
            record.hint = words
            var verdict = PhotoAnalysis.Verdict.usable
            if case .verdict(let scripted)? = fault { verdict = scripted }
            let description = PhotoDescription(subject: words ?? photo?.sampleName, palette: photo.flatMap(palette),
                                               orientation: photo?.facts.orientation,
                                               russian: OpenAIAnswers.wantsRussian(chat.texts))
            return (chat.model, OpenAIAnswers.photoAnalysis(description: description.text, verdict: verdict))
        case .scenePrompts:
            let product = OpenAIAnswers.labelledLine(LLMConventions.productLabel, in: chat.texts)
            let count = OpenAIAnswers.requestedPromptCount(schema: chat.schema, texts: chat.texts)
            record.productDescription = product
            record.requestedPrompts = count
            let prompts = ScenePromptWriter.prompts(description: product, palette: loaded.first.flatMap(palette),
                                                    framing: OpenAIAnswers.framing(in: chat.texts), count: count)
            return (chat.model, OpenAIAnswers.scenePrompts(prompts))
        case .other:
            return (chat.model, chat.answerFormat == "text" ? "Hello from the OpenAI stand-in." : "{}")
        }
    }

    /// The image's dominant colours, when ffmpeg can decode it; read once per distinct photo.
    private func palette(_ image: OpenAIImageLoader.Loaded) -> PhotoPalette? {
        guard let ffmpeg else { return nil }
        let key = Signing.hex(Signing.sha256(image.bytes))
        if let known = palettes.withLock({ $0[key] }) { return known }
        let palette = PhotoPalette.read(image.bytes, format: image.facts.format, ffmpeg: ffmpeg)
        palettes.withLock { palettes in
            if palettes.count >= Self.maxPalettes { palettes.removeAll() }
            palettes[key] = palette
        }
        return palette
    }

    /// `Authorization: Bearer <key>` must carry the configured key.
    private func authorize(_ header: String?) throws {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw OpenAIAPIError.missingKey
        }
        let key = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard key == configuration.apiKey else { throw OpenAIAPIError.invalidKey(key) }
    }
}
