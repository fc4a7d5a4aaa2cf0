import HTTPServer
import Testing
import TestSupport

/// A malformed or ambiguous request and the status it must get; the connection must then close.
struct MalformedCase: CustomTestStringConvertible, Sendable {
    let name: String
    let request: String
    let status: Int

    init(_ name: String, _ request: String, _ status: Int = 400) {
        self.name = name
        self.request = request
        self.status = status
    }

    var testDescription: String { name }
}

/// Cases modelled on RFC 9112 conformance catalogues (Http11Probe, h1spec) and HTTP Garden findings.
@Suite("Request smuggling and malformed requests")
struct RejectionTests {
    static let framing: [MalformedCase] = [
        MalformedCase("CL with TE", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        MalformedCase("TE with CL", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"),
        MalformedCase("conflicting CL", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
        MalformedCase("equal duplicate CL", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
        MalformedCase("CL list", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nhello"),
        MalformedCase("CL plus sign", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello"),
        MalformedCase("CL negative", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
        MalformedCase("CL non-numeric", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
        MalformedCase("CL hex", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0x5\r\n\r\nhello"),
        MalformedCase("CL empty", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n"),
        MalformedCase("CL overflow", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
        MalformedCase("CL inner space", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1 0\r\n\r\n0123456789"),
        MalformedCase("TE unknown", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"),
        MalformedCase("TE chunked not final", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"),
        MalformedCase("TE unsupported before chunked", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
        MalformedCase("TE chunked twice", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        MalformedCase("TE xchunked", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"),
        MalformedCase("TE empty element", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: , chunked\r\n\r\n0\r\n\r\n"),
        MalformedCase("TE in HTTP/1.0", "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        MalformedCase("TE space before colon", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n"),
    ]

    static let headerSyntax: [MalformedCase] = [
        MalformedCase("obs-fold", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n"),
        MalformedCase("obs-fold with tab", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: b\r\n\tc\r\n\r\n"),
        MalformedCase("space before colon", "GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n"),
        MalformedCase("space in name", "GET /healthz HTTP/1.1\r\nHost: x\r\nX A: b\r\n\r\n"),
        MalformedCase("control in name", "GET /healthz HTTP/1.1\r\nHost: x\r\nX\u{1}A: b\r\n\r\n"),
        MalformedCase("empty name", "GET /healthz HTTP/1.1\r\nHost: x\r\n: b\r\n\r\n"),
        MalformedCase("no colon", "GET /healthz HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n"),
        MalformedCase("NUL in value", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u{0}b\r\n\r\n"),
        MalformedCase("DEL in value", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u{7F}b\r\n\r\n"),
        MalformedCase("control in value", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u{1B}b\r\n\r\n"),
        MalformedCase("bare CR in value", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n"),
        MalformedCase("bare LF line ends", "GET /healthz HTTP/1.1\nHost: x\n\n"),
        MalformedCase("bare LF after header", "GET /healthz HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n"),
        MalformedCase("bare LF end of head", "GET /healthz HTTP/1.1\r\nHost: x\r\n\n"),
        MalformedCase("bare CR in request line", "GET /healthz\rHTTP/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("missing Host", "GET /healthz HTTP/1.1\r\n\r\n"),
        MalformedCase("two Hosts", "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
        MalformedCase("Host with space", "GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n"),
        MalformedCase("Host with userinfo", "GET /healthz HTTP/1.1\r\nHost: user@a\r\n\r\n"),
    ]

    static let chunkSyntax: [MalformedCase] = [
        MalformedCase("chunk size non-hex", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
        MalformedCase("chunk size empty", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n"),
        MalformedCase("chunk size overflow", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff1\r\nhello\r\n0\r\n\r\n"),
        MalformedCase("chunk size negative", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n"),
        MalformedCase("chunk size 0x prefix", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n"),
        MalformedCase("chunk size leading space", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n"),
        MalformedCase("missing CRLF after chunk data", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n"),
        MalformedCase("chunk data longer than size", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n"),
        MalformedCase("bare LF after chunk size", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n"),
        MalformedCase("control in chunk extension", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;a\u{1}b\r\nhello\r\n0\r\n\r\n"),
        MalformedCase("malformed trailer", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nBad Trailer: x\r\n\r\n"),
    ]

    static let requestLine: [MalformedCase] = [
        MalformedCase("method with parenthesis", "G(T /healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("method with at sign", "GET@ /healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("empty method", " /healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("double space", "GET  /healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("tab separator", "GET\t/healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("space in target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("relative target", "GET healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("fragment in target", "GET /healthz#frag HTTP/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("DEL in target", "GET /a\u{7F} HTTP/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("non-ASCII in target", "GET /é HTTP/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("authority-form", "CONNECT x:443 HTTP/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("asterisk for GET", "GET * HTTP/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("missing version", "GET /healthz\r\nHost: x\r\n\r\n"),
        MalformedCase("lowercase version", "GET /healthz http/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("garbage version", "GET /healthz HTTX/1.1\r\nHost: x\r\n\r\n"),
        MalformedCase("version suffix", "GET /healthz HTTP/1.1x\r\nHost: x\r\n\r\n"),
        MalformedCase("version two digits", "GET /healthz HTTP/1.10\r\nHost: x\r\n\r\n"),
        MalformedCase("trailing space", "GET /healthz HTTP/1.1 \r\nHost: x\r\n\r\n"),
        MalformedCase("HTTP/2.0", "GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        MalformedCase("HTTP/1.2", "GET /healthz HTTP/1.2\r\nHost: x\r\n\r\n", 505),
        MalformedCase("HTTP/0.9", "GET /healthz HTTP/0.9\r\nHost: x\r\n\r\n", 505),
        MalformedCase("HTTP/3.0", "GET /healthz HTTP/3.0\r\nHost: x\r\n\r\n", 505),
    ]

    @Test(arguments: framing)
    func framingIsRejected(_ malformed: MalformedCase) throws {
        try expectRejected(malformed)
    }

    @Test(arguments: headerSyntax)
    func headerSyntaxIsRejected(_ malformed: MalformedCase) throws {
        try expectRejected(malformed)
    }

    @Test(arguments: chunkSyntax)
    func chunkSyntaxIsRejected(_ malformed: MalformedCase) throws {
        try expectRejected(malformed)
    }

    @Test(arguments: requestLine)
    func requestLineIsRejected(_ malformed: MalformedCase) throws {
        try expectRejected(malformed)
    }

    private func expectRejected(_ malformed: MalformedCase) throws {
        let server = try TestServer()
        let (response, connection) = try server.exchange(malformed.request)
        #expect(response?.status == malformed.status, "\(malformed.name)")
        #expect(response?.header("Connection") == "close", "\(malformed.name)")
        #expect(connection.isClosedByPeer(), "\(malformed.name)")
        // The server is unharmed.
        let (after, _) = try server.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(after?.status == 200)
    }

    @Test func tolerableShapesAreAccepted() throws {
        let server = try TestServer()
        // Optional whitespace around values, case-insensitive names and "chunked", and an explicit zero length.
        let (trimmed, _) = try server.exchange("POST /echo HTTP/1.1\r\nhOsT:x\r\ncontent-LENGTH:   3  \r\n\r\nabc")
        #expect(trimmed?.bodyText == "abc")
        let (chunked, _) = try server.exchange(
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        #expect(chunked?.bodyText == "abc")
        let (zero, _) = try server.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(zero?.status == 200)
        let (obsText, _) = try server.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Name: caf\u{E9}\r\n\r\n")
        #expect(obsText?.status == 200)
    }
}
