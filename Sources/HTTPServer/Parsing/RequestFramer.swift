/// Frames HTTP/1.1 requests out of the bytes one connection receives: where each head ends, how its body
/// is delimited, and whether the request is malformed or too large. Bytes go in through `append`, outcomes
/// come out of `next()`; there is no I/O, clock or lock here. Bytes after a request stay buffered for the
/// next one, so pipelined requests come out one by one.
struct RequestFramer {
    enum Outcome {
        /// Nothing more can be framed until more bytes arrive.
        case needMore
        /// A head is complete. Its body waits for `admitBody(limit:)`, because the limit depends on the route.
        case head(RequestHead)
        /// The admitted request is complete; the bytes after it belong to the next request.
        case request(RequestHead, body: [UInt8])
        /// The request is malformed or too large. Nothing after it can be framed, so the connection must close.
        case reject(RequestRejection)
    }

    enum Admission: Equatable {
        case admitted
        /// The client sent `Expect: 100-continue` and waits to be told to send the body it declared.
        case awaitingContinue
        case refused(RequestRejection)
    }

    /// Bytes of following requests buffered beyond the current one before reading should pause.
    static let pipelineBufferLimit = 64 * 1024
    /// A buffer grown past this by a large body is given back once drained, not kept for the next request.
    static let retainedCapacity = 64 * 1024

    private enum State {
        case head
        case admitting(RequestHead, headEnd: Int)
        case fixedBody(RequestHead, headEnd: Int, end: Int)
        case chunkedBody(RequestHead, ChunkedBodyDecoder)
        case rejected(RequestRejection)
    }

    private let limits: HeadLimits
    private var state = State.head
    private var buffer: [UInt8] = []
    /// Start of the bytes no request has consumed yet.
    private var start = 0
    private var scanner = HeadScanner()

    init(limits: HeadLimits) {
        self.limits = limits
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Buffered bytes no request has consumed yet.
    var unconsumedCount: Int { buffer.count - start }

    /// True when no byte of a next request is buffered and no request is under way.
    var isBetweenRequests: Bool {
        if case .head = state { return start == buffer.count }
        return false
    }

    /// True when part of a head is buffered, but not all of it.
    var isReceivingHead: Bool {
        if case .head = state { return start < buffer.count }
        return false
    }

    var isReadingBody: Bool {
        switch state {
        case .fixedBody, .chunkedBody: true
        case .head, .admitting, .rejected: false
        }
    }

    /// How many unconsumed bytes may be buffered before reading should pause. Each bound is above what
    /// framing needs to make progress, so pausing never stalls a valid request.
    var readLimit: Int {
        switch state {
        case .head:
            return limits.maxRequestLineBytes + limits.maxHeaderBytes + 1024
        case .fixedBody(_, _, let end):
            return end - start + Self.pipelineBufferLimit
        case .chunkedBody(_, let decoder):
            return decoder.position - start + Self.pipelineBufferLimit + limits.maxHeaderBytes
        case .admitting, .rejected:
            return Self.pipelineBufferLimit
        }
    }

    mutating func next() -> Outcome {
        switch state {
        case .head:
            return nextHead()
        case .admitting(let head, _):
            return .head(head)
        case .fixedBody(let head, let headEnd, let end):
            guard buffer.count >= end else { return .needMore }
            return finish(head, body: Array(buffer[headEnd..<end]), end: end)
        case .chunkedBody(let head, var decoder):
            // Taken out of the state while decoding, so the body it accumulates is not copied on write.
            state = .head
            switch buffer.withUnsafeBufferPointer({ decoder.decode($0) }) {
            case .needMore:
                state = .chunkedBody(head, decoder)
                return .needMore
            case .rejected(let rejection):
                return reject(rejection)
            case .complete(let end):
                return finish(head, body: decoder.takeBody(), end: end)
            }
        case .rejected(let rejection):
            return .reject(rejection)
        }
    }

    /// Frames the body of the head `next()` just returned, within `limit` bytes.
    mutating func admitBody(limit: Int) -> Admission {
        guard case .admitting(let head, let headEnd) = state else {
            preconditionFailure("admitBody(limit:) called without a head waiting for it")
        }
        switch head.framing {
        case .none:
            state = .fixedBody(head, headEnd: headEnd, end: headEnd)
        case .contentLength(let length):
            guard length <= limit else {
                state = .rejected(.declaredBodyTooLarge)
                return .refused(.declaredBodyTooLarge)
            }
            state = .fixedBody(head, headEnd: headEnd, end: headEnd + length)
        case .chunked:
            state = .chunkedBody(head, ChunkedBodyDecoder(start: headEnd, bodyLimit: limit, limits: limits))
        }
        if head.expectsContinue && head.framing != .none && buffer.count == headEnd { return .awaitingContinue }
        return .admitted
    }

    private mutating func nextHead() -> Outcome {
        // RFC 9112 §2.2: empty lines before a request line are ignored. The scanner's progress is counted
        // from the old start (a lone CR may have been scanned while its LF was on the way): rescan.
        while buffer.count - start >= 2 && buffer[start] == ByteClass.cr && buffer[start + 1] == ByteClass.lf {
            start += 2
            scanner.reset()
        }
        if start == buffer.count {
            compact()
            return .needMore
        }
        let (start, limits) = (self.start, self.limits)
        switch buffer.withUnsafeBufferPointer({ scanner.scan($0, start: start, limits: limits) }) {
        case .incomplete:
            return .needMore
        case .rejected(let rejection):
            return reject(rejection)
        case .complete(let end):
            switch buffer.withUnsafeBufferPointer({ HeadParser.parse($0, start: start, end: end, limits: limits) }) {
            case .failure(let rejection):
                return reject(rejection)
            case .success(let head):
                state = .admitting(head, headEnd: end)
                return .head(head)
            }
        }
    }

    private mutating func finish(_ head: RequestHead, body: [UInt8], end: Int) -> Outcome {
        state = .head
        start = end
        scanner.reset()
        if start == buffer.count { compact() }
        return .request(head, body: body)
    }

    private mutating func reject(_ rejection: RequestRejection) -> Outcome {
        state = .rejected(rejection)
        return .reject(rejection)
    }

    private mutating func compact() {
        start = 0
        scanner.reset()
        if buffer.capacity > Self.retainedCapacity {
            buffer = []
        } else {
            buffer.removeAll(keepingCapacity: true)
        }
    }
}
