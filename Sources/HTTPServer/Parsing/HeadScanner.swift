import Glibc

/// Finds the end of a request head as bytes arrive, enforcing the size limits before the head is complete.
/// It resumes where it stopped, so a head trickled in byte by byte is scanned once, not once per byte.
struct HeadScanner: Sendable {
    enum Outcome: Equatable {
        case incomplete
        /// The head spans `start..<end`, `end` being just past the empty line.
        case complete(end: Int)
        case rejected(RequestRejection)
    }

    private var requestLineEnd: Int?
    private var scanFrom: Int?

    mutating func reset() {
        requestLineEnd = nil
        scanFrom = nil
    }

    mutating func scan(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, limits: HeadLimits) -> Outcome {
        let lineFeed = ByteClass.lf
        if requestLineEnd == nil {
            let from = scanFrom ?? start
            guard let lf = firstIndex(of: lineFeed, in: buffer, from: from) else {
                scanFrom = buffer.count
                return buffer.count - start > limits.maxRequestLineBytes + 1
                    ? .rejected(.requestLineTooLong) : .incomplete
            }
            if lf - start > limits.maxRequestLineBytes + 1 {
                return .rejected(.requestLineTooLong)
            }
            requestLineEnd = lf
            scanFrom = lf
        }
        guard let requestLineEnd else { return .incomplete }
        let headerSectionStart = requestLineEnd + 1
        var position = scanFrom ?? requestLineEnd
        while true {
            guard let lf = firstIndex(of: lineFeed, in: buffer, from: position) else {
                scanFrom = buffer.count
                break
            }
            // An empty line follows this LF: CRLF (or a bare LF, which the head parser then rejects).
            // When the bytes after it have not arrived yet, resume from this LF next time.
            scanFrom = lf
            guard lf + 1 < buffer.count else { break }
            if buffer[lf + 1] == lineFeed {
                return finish(end: lf + 2, headerSectionStart: headerSectionStart, limits: limits)
            }
            if buffer[lf + 1] == ByteClass.cr {
                guard lf + 2 < buffer.count else { break }
                if buffer[lf + 2] == lineFeed {
                    return finish(end: lf + 3, headerSectionStart: headerSectionStart, limits: limits)
                }
            }
            position = lf + 1
        }
        if buffer.count - headerSectionStart > limits.maxHeaderBytes + 2 {
            return .rejected(.headerSectionTooLarge)
        }
        return .incomplete
    }

    private func finish(end: Int, headerSectionStart: Int, limits: HeadLimits) -> Outcome {
        if end - headerSectionStart > limits.maxHeaderBytes + 2 {
            return .rejected(.headerSectionTooLarge)
        }
        return .complete(end: end)
    }
}

@inline(__always)
func firstIndex(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    guard start < buffer.count, let base = buffer.baseAddress else { return nil }
    guard let found = memchr(base + start, Int32(byte), buffer.count - start) else { return nil }
    return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
}
