/// Decodes a chunked request body (RFC 9112 §7.1) incrementally from a growing buffer. Chunk extensions
/// are validated and ignored; trailer fields are validated and discarded.
struct ChunkedBodyDecoder: Sendable {
    enum Outcome: Equatable {
        case needMore
        /// The body is complete; the message ends just before `end`.
        case complete(end: Int)
        case rejected(RequestRejection)
    }

    /// A chunk-size line longer than this (extensions included) is refused.
    static let maxSizeLineBytes = 4096
    /// More than 16 hex digits cannot be a size this server would ever accept.
    static let maxSizeDigits = 16

    private enum State: Sendable {
        case sizeLine
        case data(remaining: Int)
        case dataEnd
        case trailers(count: Int)
    }

    private var state = State.sizeLine
    /// Where decoding resumes in the buffer.
    private(set) var position: Int
    private(set) var body: [UInt8] = []
    private var trailerBytes = 0
    let bodyLimit: Int
    let limits: HeadLimits

    init(start: Int, bodyLimit: Int, limits: HeadLimits) {
        position = start
        self.bodyLimit = bodyLimit
        self.limits = limits
    }

    mutating func takeBody() -> [UInt8] {
        defer { body = [] }
        return body
    }

    mutating func decode(_ buffer: UnsafeBufferPointer<UInt8>) -> Outcome {
        do throws(RequestRejection) {
            while true {
                switch state {
                case .sizeLine:
                    guard let lineEnd = try lineEnd(buffer, maxLength: Self.maxSizeLineBytes) else { return .needMore }
                    let size = try parseSizeLine(buffer, start: position, end: lineEnd)
                    position = lineEnd + 2
                    if size == 0 {
                        state = .trailers(count: 0)
                    } else {
                        guard size <= bodyLimit - body.count else {
                            return .rejected(.chunkedBodyTooLarge)
                        }
                        if body.isEmpty { body.reserveCapacity(size) }
                        state = .data(remaining: size)
                    }
                case .data(let remaining):
                    let available = min(remaining, buffer.count - position)
                    guard available > 0 else { return .needMore }
                    body.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position..<(position + available)]))
                    position += available
                    state = available == remaining ? .dataEnd : .data(remaining: remaining - available)
                case .dataEnd:
                    guard buffer.count - position >= 2 else { return .needMore }
                    guard buffer[position] == ByteClass.cr, buffer[position + 1] == ByteClass.lf else {
                        throw .missingChunkDataCRLF
                    }
                    position += 2
                    state = .sizeLine
                case .trailers(let count):
                    let remainingHeaderBytes = limits.maxHeaderBytes - trailerBytes
                    guard let lineEnd = try lineEnd(buffer, maxLength: max(remainingHeaderBytes, 0)) else {
                        return .needMore
                    }
                    if lineEnd == position { return .complete(end: lineEnd + 2) }
                    guard count < limits.maxHeaderCount else {
                        throw .tooManyTrailerFields
                    }
                    _ = try HeadParser.parseField(buffer, start: position, end: lineEnd)
                    trailerBytes += lineEnd + 2 - position
                    position = lineEnd + 2
                    state = .trailers(count: count + 1)
                }
            }
        } catch {
            return .rejected(error)
        }
    }

    /// The CR index of a complete CRLF-terminated line at `position`, or nil if it has not all arrived.
    private func lineEnd(_ buffer: UnsafeBufferPointer<UInt8>, maxLength: Int) throws(RequestRejection) -> Int? {
        guard let lf = firstIndex(of: ByteClass.lf, in: buffer, from: position) else {
            if buffer.count - position > maxLength {
                throw .chunkLineTooLong
            }
            return nil
        }
        guard lf > position, buffer[lf - 1] == ByteClass.cr else { throw .bareLF }
        if lf - 1 - position > maxLength { throw .chunkLineTooLong }
        for index in position..<(lf - 1) where buffer[index] == ByteClass.cr { throw .bareCR }
        return lf - 1
    }

    /// chunk-size [ chunk-ext ], chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] ).
    private func parseSizeLine(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int) throws(RequestRejection) -> Int {
        var index = start, size = 0
        while index < end, let digit = hexValue(buffer[index]) {
            guard index - start < Self.maxSizeDigits, size <= (Int.max >> 4) else {
                throw .chunkSizeOverflow
            }
            size = size << 4 | Int(digit)
            index += 1
        }
        guard index > start else { throw .invalidChunkSize }
        while index < end && ByteClass.isWhitespace(buffer[index]) { index += 1 }
        guard index == end || buffer[index] == 0x3B else { throw .invalidChunkSize }
        for extensionIndex in index..<end where !ByteClass.isFieldValueChar(buffer[extensionIndex]) {
            throw .invalidChunkExtension
        }
        return size
    }
}
