/// Parses a complete request head (request line and header section, RFC 9112 §3 and §5) strictly:
/// every shape that two parsers could read differently is refused rather than guessed at.
enum HeadParser {
    /// Lengths beyond 18 decimal digits cannot be honoured and would overflow; refuse them as malformed.
    static let maxContentLengthDigits = 18

    static func parse(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int, limits: HeadLimits)
        -> Result<RequestHead, RequestRejection>
    {
        do {
            return .success(try parseHead(buffer, start: start, end: end, limits: limits))
        } catch {
            return .failure(error)
        }
    }

    private static func parseHead(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int, limits: HeadLimits)
        throws(RequestRejection) -> RequestHead
    {
        let lineEnd = try crlfLineEnd(buffer, from: start, end: end)
        let line = try RequestLine(buffer, start: start, end: lineEnd)

        var headers = HTTPHeaders()
        headers.reserveCapacity(8)
        var contentLengths = 0, contentLength: Int?
        var transferEncodings: [String] = []
        var hostCount = 0
        var connectionClose = false, connectionKeepAlive = false
        var expectation: String?

        var position = lineEnd + 2
        while true {
            let fieldEnd = try crlfLineEnd(buffer, from: position, end: end)
            if fieldEnd == position { break }
            if headers.count >= limits.maxHeaderCount {
                throw .tooManyHeaderFields
            }
            let field = try parseField(buffer, start: position, end: fieldEnd)
            position = fieldEnd + 2
            let name = UnsafeBufferPointer(rebasing: buffer[field.nameStart..<field.nameEnd])
            let value = UnsafeBufferPointer(rebasing: buffer[field.valueStart..<field.valueEnd])
            let nameString = String(decoding: name, as: UTF8.self)
            let valueString = String(decoding: value, as: UTF8.self)
            headers.add(nameString, valueString)

            if equalsLowercase(name, "content-length") {
                contentLengths += 1
                contentLength = try parseContentLength(value)
            } else if equalsLowercase(name, "transfer-encoding") {
                transferEncodings.append(valueString)
            } else if equalsLowercase(name, "host") {
                hostCount += 1
                try validateHost(value)
            } else if equalsLowercase(name, "connection") {
                for option in valueString.split(separator: ",") {
                    let token = option.trimmingWhitespace().lowercased()
                    if token == "close" { connectionClose = true }
                    if token == "keep-alive" { connectionKeepAlive = true }
                }
            } else if equalsLowercase(name, "expect") {
                if expectation != nil { throw .repeatedExpect }
                expectation = valueString.lowercased()
            }
        }

        if contentLengths > 1 { throw .repeatedContentLength }
        if line.isHTTP11 && hostCount == 0 { throw .missingHost }
        if hostCount > 1 { throw .repeatedHost }

        let framing: BodyFraming
        if !transferEncodings.isEmpty {
            if contentLengths > 0 { throw .contentLengthWithTransferEncoding }
            if !line.isHTTP11 { throw .transferEncodingInHTTP10 }
            try validateTransferEncoding(transferEncodings)
            framing = .chunked
        } else if let contentLength, contentLength > 0 {
            framing = .contentLength(contentLength)
        } else {
            framing = .none
        }

        var expectsContinue = false
        if let expectation {
            guard expectation == "100-continue" else {
                throw .unsupportedExpectation
            }
            expectsContinue = line.isHTTP11
        }

        return RequestHead(
            method: line.method,
            target: line.target,
            isHTTP11: line.isHTTP11,
            headers: headers,
            framing: framing,
            keepAlive: line.isHTTP11 ? !connectionClose : (connectionKeepAlive && !connectionClose),
            expectsContinue: expectsContinue)
    }

    /// The index of the CR ending the line that starts at `start`; bare CR or bare LF is refused.
    static func crlfLineEnd(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, end: Int)
        throws(RequestRejection) -> Int
    {
        var index = start
        while index < end {
            let byte = buffer[index]
            if byte == ByteClass.cr {
                guard index + 1 < end, buffer[index + 1] == ByteClass.lf else { throw .bareCR }
                return index
            }
            if byte == ByteClass.lf { throw .bareLF }
            index += 1
        }
        throw .unterminatedLine
    }

    struct Field {
        var nameStart: Int, nameEnd: Int, valueStart: Int, valueEnd: Int
    }

    /// field-line = field-name ":" OWS field-value OWS (RFC 9112 §5).
    static func parseField(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int)
        throws(RequestRejection) -> Field
    {
        if ByteClass.isWhitespace(buffer[start]) { throw .obsoleteLineFolding }
        var colon = start
        while colon < end && buffer[colon] != ByteClass.colon {
            guard ByteClass.isTokenChar(buffer[colon]) else { throw .invalidHeaderName }
            colon += 1
        }
        guard colon < end, colon > start else { throw .malformedHeaderField }
        var valueStart = colon + 1, valueEnd = end
        while valueStart < valueEnd && ByteClass.isWhitespace(buffer[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart && ByteClass.isWhitespace(buffer[valueEnd - 1]) { valueEnd -= 1 }
        for index in valueStart..<valueEnd where !ByteClass.isFieldValueChar(buffer[index]) {
            throw .invalidHeaderValue
        }
        return Field(nameStart: start, nameEnd: colon, valueStart: valueStart, valueEnd: valueEnd)
    }

    /// 1*DIGIT only: no sign, no list ("5, 5"), no spaces, bounded so it cannot overflow.
    static func parseContentLength(_ value: UnsafeBufferPointer<UInt8>) throws(RequestRejection) -> Int {
        guard !value.isEmpty, value.count <= maxContentLengthDigits else { throw .invalidContentLength }
        var length = 0
        for byte in value {
            guard byte >= 0x30 && byte <= 0x39 else { throw .invalidContentLength }
            length = length * 10 + Int(byte - 0x30)
        }
        return length
    }

    /// Only `chunked`, once, is accepted. Other codings are not implemented; `chunked` not last is malformed.
    static func validateTransferEncoding(_ values: [String]) throws(RequestRejection) {
        let codings = values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .map { $0.trimmingWhitespace().lowercased() }
        guard let last = codings.last, codings.allSatisfy({ !$0.isEmpty }) else {
            throw .emptyTransferCoding
        }
        if last != "chunked" { throw .chunkedNotFinal }
        if codings.count > 1 {
            if codings.dropLast().contains("chunked") { throw .chunkedTwice }
            throw .unsupportedTransferCoding
        }
    }

    /// A Host value is an authority without userinfo: no whitespace, commas, slashes or '@'.
    static func validateHost(_ value: UnsafeBufferPointer<UInt8>) throws(RequestRejection) {
        for byte in value {
            switch byte {
            case 0x20, 0x09, 0x2C, 0x2F, 0x40, 0x5C, 0x3F, 0x23: throw .invalidHost
            default: if byte < 0x20 || byte >= 0x7F { throw .invalidHost }
            }
        }
    }

    /// Compares wire bytes to an all-lowercase ASCII literal, ignoring the bytes' case.
    @inline(__always)
    static func equalsLowercase(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for index in 0..<bytes.count where asciiLowercased(bytes[index]) != expected[index] {
            return false
        }
        return true
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
