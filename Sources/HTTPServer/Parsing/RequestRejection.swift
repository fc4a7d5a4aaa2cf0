/// Why a request was refused before reaching a handler, named like llhttp's error codes. Each reason maps
/// here, and only here, to the status it is answered with and the short phrase that is logged.
/// A rejected request always closes the connection, since its framing can no longer be trusted.
enum RequestRejection: Error, Sendable, Equatable, CaseIterable {
    // Request line (RFC 9112 §3).
    case requestLineTooLong
    case malformedRequestLine
    case invalidMethod
    case invalidTarget
    case invalidVersion
    case unsupportedVersion

    // Header section (RFC 9112 §5).
    case headerSectionTooLarge
    case tooManyHeaderFields
    case bareCR
    case bareLF
    case unterminatedLine
    case obsoleteLineFolding
    case invalidHeaderName
    case malformedHeaderField
    case invalidHeaderValue
    case missingHost
    case repeatedHost
    case invalidHost
    case repeatedExpect
    case unsupportedExpectation

    // Body framing (RFC 9112 §6): every shape two parsers could read differently.
    case invalidContentLength
    case repeatedContentLength
    case contentLengthWithTransferEncoding
    case transferEncodingInHTTP10
    case emptyTransferCoding
    case chunkedNotFinal
    case chunkedTwice
    case unsupportedTransferCoding
    case declaredBodyTooLarge

    // Chunked body (RFC 9112 §7.1).
    case invalidChunkSize
    case chunkSizeOverflow
    case chunkLineTooLong
    case invalidChunkExtension
    case missingChunkDataCRLF
    case chunkedBodyTooLarge
    case tooManyTrailerFields

    /// The request did not arrive in time: its head within the header timeout, or its body's next bytes within
    /// the body timeout.
    case requestTimeout

    var status: HTTPStatus {
        switch self {
        case .requestLineTooLong:
            .uriTooLong
        case .headerSectionTooLarge, .tooManyHeaderFields, .tooManyTrailerFields:
            .requestHeaderFieldsTooLarge
        case .declaredBodyTooLarge, .chunkedBodyTooLarge:
            .payloadTooLarge
        case .unsupportedVersion:
            .httpVersionNotSupported
        case .unsupportedExpectation:
            .expectationFailed
        case .unsupportedTransferCoding:
            .notImplemented
        case .requestTimeout:
            .requestTimeout
        case .malformedRequestLine, .invalidMethod, .invalidTarget, .invalidVersion, .bareCR, .bareLF,
             .unterminatedLine, .obsoleteLineFolding, .invalidHeaderName, .malformedHeaderField, .invalidHeaderValue,
             .missingHost, .repeatedHost, .invalidHost, .repeatedExpect, .invalidContentLength, .repeatedContentLength,
             .contentLengthWithTransferEncoding, .transferEncodingInHTTP10, .emptyTransferCoding, .chunkedNotFinal,
             .chunkedTwice, .invalidChunkSize, .chunkSizeOverflow, .chunkLineTooLong, .invalidChunkExtension,
             .missingChunkDataCRLF:
            .badRequest
        }
    }

    /// For the log; the client gets only the status.
    var phrase: String {
        switch self {
        case .requestLineTooLong: "request line too long"
        case .malformedRequestLine: "malformed request line"
        case .invalidMethod: "invalid method"
        case .invalidTarget: "invalid request-target"
        case .invalidVersion: "invalid HTTP version"
        case .unsupportedVersion: "unsupported HTTP version"
        case .headerSectionTooLarge: "header section too large"
        case .tooManyHeaderFields: "too many header fields"
        case .bareCR: "bare CR"
        case .bareLF: "bare LF"
        case .unterminatedLine: "unterminated line"
        case .obsoleteLineFolding: "obsolete line folding"
        case .invalidHeaderName: "invalid header name"
        case .malformedHeaderField: "malformed header field"
        case .invalidHeaderValue: "control character in header value"
        case .missingHost: "missing Host"
        case .repeatedHost: "repeated Host"
        case .invalidHost: "invalid Host"
        case .repeatedExpect: "repeated Expect"
        case .unsupportedExpectation: "unsupported expectation"
        case .invalidContentLength: "invalid Content-Length"
        case .repeatedContentLength: "repeated Content-Length"
        case .contentLengthWithTransferEncoding: "Content-Length with Transfer-Encoding"
        case .transferEncodingInHTTP10: "Transfer-Encoding in HTTP/1.0"
        case .emptyTransferCoding: "empty transfer coding"
        case .chunkedNotFinal: "chunked is not the final transfer coding"
        case .chunkedTwice: "chunked applied twice"
        case .unsupportedTransferCoding: "unsupported transfer coding"
        case .declaredBodyTooLarge: "declared body too large"
        case .invalidChunkSize: "invalid chunk size"
        case .chunkSizeOverflow: "chunk size overflow"
        case .chunkLineTooLong: "chunk line too long"
        case .invalidChunkExtension: "control character in chunk extension"
        case .missingChunkDataCRLF: "missing CRLF after chunk data"
        case .chunkedBodyTooLarge: "chunked body too large"
        case .tooManyTrailerFields: "too many trailer fields"
        case .requestTimeout: "request timed out"
        }
    }
}
