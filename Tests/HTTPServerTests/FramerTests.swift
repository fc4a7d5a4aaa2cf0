@testable import HTTPServer
import Testing

/// What the framer made of some bytes, reduced to what the tests compare.
enum Framed: Equatable, CustomStringConvertible {
    case request(method: String, target: String, body: String)
    case rejected(RequestRejection)

    var description: String {
        switch self {
        case .request(let method, let target, let body): "\(method) \(target) [\(body)]"
        case .rejected(let rejection): "rejected: \(rejection.phrase)"
        }
    }
}

/// Small limits so the size checks are quick to reach.
let framerLimits = HeadLimits(maxRequestLineBytes: 64, maxHeaderBytes: 256, maxHeaderCount: 4)

/// Feeds `pieces` one after the other, framing after each, and admits every head with `bodyLimit`.
func frame(_ pieces: [[UInt8]], bodyLimit: Int = 16) -> [Framed] {
    var framer = RequestFramer(limits: framerLimits)
    var framed: [Framed] = []
    for piece in pieces {
        piece.withUnsafeBufferPointer { framer.append($0) }
        framing: while true {
            switch framer.next() {
            case .needMore:
                break framing
            case .head:
                if case .refused(let rejection) = framer.admitBody(limit: bodyLimit) {
                    return framed + [.rejected(rejection)]
                }
            case .request(let head, let body):
                framed.append(.request(method: head.method.rawValue, target: head.target,
                                       body: String(decoding: body, as: UTF8.self)))
            case .reject(let rejection):
                return framed + [.rejected(rejection)]
            }
        }
    }
    return framed
}

func frame(_ text: String, bodyLimit: Int = 16) -> [Framed] {
    frame([Array(text.utf8)], bodyLimit: bodyLimit)
}

/// A request and the rejection it must get, with that rejection's status.
struct RejectedShape: CustomTestStringConvertible, Sendable {
    let request: String
    let rejection: RequestRejection
    let status: Int

    init(_ request: String, _ rejection: RequestRejection, _ status: Int = 400) {
        self.request = request
        self.rejection = rejection
        self.status = status
    }

    var testDescription: String { rejection.phrase }
}

@Suite("Request framer")
struct FramerTests {
    static let post = "POST /echo HTTP/1.1\r\nHost: x\r\n"
    static let chunkedPost = post + "Transfer-Encoding: chunked\r\n\r\n"

    static let rejected: [RejectedShape] = [
        RejectedShape("GET /\(String(repeating: "a", count: 80)) HTTP/1.1\r\nHost: x\r\n\r\n", .requestLineTooLong, 414),
        RejectedShape("GET /healthz\r\nHost: x\r\n\r\n", .malformedRequestLine),
        RejectedShape("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", .invalidMethod),
        RejectedShape("GET healthz HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        RejectedShape("GET / HTTX/1.1\r\nHost: x\r\n\r\n", .invalidVersion),
        RejectedShape("GET / HTTP/2.0\r\nHost: x\r\n\r\n", .unsupportedVersion, 505),
        RejectedShape("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "v", count: 300))\r\n\r\n",
                      .headerSectionTooLarge, 431),
        RejectedShape("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", .tooManyHeaderFields, 431),
        RejectedShape("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", .bareCR),
        RejectedShape("GET / HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n", .bareLF),
        RejectedShape("GET / HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n", .obsoleteLineFolding),
        RejectedShape("GET / HTTP/1.1\r\nHost: x\r\nX A: b\r\n\r\n", .invalidHeaderName),
        RejectedShape("GET / HTTP/1.1\r\nHost: x\r\n: b\r\n\r\n", .malformedHeaderField),
        RejectedShape("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{1}b\r\n\r\n", .invalidHeaderValue),
        RejectedShape("GET / HTTP/1.1\r\n\r\n", .missingHost),
        RejectedShape("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .repeatedHost),
        RejectedShape("GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", .invalidHost),
        RejectedShape(post + "Expect: 100-continue\r\nExpect: 100-continue\r\n\r\n", .repeatedExpect),
        RejectedShape(post + "Expect: something-else\r\n\r\n", .unsupportedExpectation, 417),
        RejectedShape(post + "Content-Length: +5\r\n\r\nhello", .invalidContentLength),
        RejectedShape(post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", .repeatedContentLength),
        RejectedShape(post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                      .contentLengthWithTransferEncoding),
        RejectedShape(post + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
                      .contentLengthWithTransferEncoding),
        RejectedShape("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .transferEncodingInHTTP10),
        RejectedShape(post + "Transfer-Encoding: , chunked\r\n\r\n0\r\n\r\n", .emptyTransferCoding),
        RejectedShape(post + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", .chunkedNotFinal),
        RejectedShape(post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .chunkedTwice),
        RejectedShape(post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", .unsupportedTransferCoding, 501),
        RejectedShape(post + "Content-Length: 17\r\n\r\n12345678901234567", .declaredBodyTooLarge, 413),
        RejectedShape(chunkedPost + "zz\r\nhello\r\n0\r\n\r\n", .invalidChunkSize),
        RejectedShape(chunkedPost + "0x5\r\nhello\r\n0\r\n\r\n", .invalidChunkSize),
        RejectedShape(chunkedPost + "fffffffffffffffff1\r\nhello\r\n0\r\n\r\n", .chunkSizeOverflow),
        RejectedShape(chunkedPost + "5;\(String(repeating: "x", count: 5000))", .chunkLineTooLong),
        RejectedShape(chunkedPost + "5;a\u{1}b\r\nhello\r\n0\r\n\r\n", .invalidChunkExtension),
        RejectedShape(chunkedPost + "5;a\rb\r\nhello\r\n0\r\n\r\n", .bareCR),
        RejectedShape(chunkedPost + "5\nhello\r\n0\r\n\r\n", .bareLF),
        RejectedShape(chunkedPost + "5\r\nhelloXX0\r\n\r\n", .missingChunkDataCRLF),
        RejectedShape(chunkedPost + "3\r\nhello\r\n0\r\n\r\n", .missingChunkDataCRLF),
        RejectedShape(chunkedPost + "a\r\n0123456789\r\n7\r\n0123456\r\n0\r\n\r\n", .chunkedBodyTooLarge, 413),
        RejectedShape(chunkedPost + "0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n", .tooManyTrailerFields, 431),
    ]

    static let wellFormed: [String] = [
        "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        "\r\n\r\nGET /healthz HTTP/1.0\r\n\r\n",
        post + "Content-Length: 5\r\n\r\nhello",
        chunkedPost + "5;name=value\r\nhello\r\n1\r\n \r\n3 ; ext\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\r\n\r\n" + post + "Content-Length: 2\r\n\r\nhi" + chunkedPost + "2\r\nok\r\n0\r\n\r\n"
            + "GET /b?q=1 HTTP/1.1\r\nHost: x\r\n\r\n",
    ]

    @Test func headAndBodyComeOutAsOneRequest() {
        #expect(frame(Self.post + "Content-Length: 5\r\n\r\nhello") == [.request(method: "POST", target: "/echo", body: "hello")])
        var framer = RequestFramer(limits: framerLimits)
        Array("GET /x HTTP/1.0\r\nConnection: keep-alive\r\nX-A: b\r\n\r\n".utf8).withUnsafeBufferPointer { framer.append($0) }
        guard case .head(let head) = framer.next() else {
            Issue.record("no head")
            return
        }
        #expect(head.headers["x-a"] == "b")
        #expect(head.keepAlive && !head.isHTTP11)
        #expect(framer.admitBody(limit: 0) == .admitted)
        guard case .request = framer.next() else {
            Issue.record("no request")
            return
        }
        #expect(framer.isBetweenRequests)
    }

    @Test(arguments: wellFormed)
    func everySplitFramesTheSameRequests(_ text: String) {
        let bytes = Array(text.utf8)
        let whole = frame([bytes])
        #expect(!whole.isEmpty && !whole.contains { if case .rejected = $0 { true } else { false } })
        for split in 0...bytes.count {
            #expect(frame([Array(bytes[..<split]), Array(bytes[split...])]) == whole, "split at \(split)")
        }
        #expect(frame(bytes.map { [$0] }) == whole, "byte by byte")
    }

    @Test(arguments: rejected.filter { $0.request.utf8.count < 1000 })
    func everySplitRejectsTheSameWay(_ shape: RejectedShape) {
        let bytes = Array(shape.request.utf8)
        for split in 0...bytes.count {
            #expect(frame([Array(bytes[..<split]), Array(bytes[split...])]).last == .rejected(shape.rejection),
                    "split at \(split)")
        }
    }

    @Test func pipelinedRequestsComeOutInOrderAndWaitForTheirRest() {
        let first = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n" + Self.post + "Content-Length: 2\r\n\r\nhi"
        let third = Self.chunkedPost + "2\r\nok\r\n0\r\n\r\n"
        let cut = third.utf8.count - 3
        let framed = frame([Array((first + third).utf8.prefix(first.utf8.count + cut)), Array(third.utf8.suffix(3))])
        #expect(framed == [
            .request(method: "GET", target: "/a", body: ""),
            .request(method: "POST", target: "/echo", body: "hi"),
            .request(method: "POST", target: "/echo", body: "ok"),
        ])
    }

    @Test func chunkedBodyDropsExtensionsAndTrailers() {
        #expect(frame(Self.wellFormed[3]) == [.request(method: "POST", target: "/echo", body: "hello abc")])
    }

    @Test(arguments: rejected)
    func malformedShapesAreRejectedWithTheirStatus(_ shape: RejectedShape) {
        #expect(frame(shape.request).last == .rejected(shape.rejection))
        #expect(shape.rejection.status.code == shape.status)
    }

    @Test func everyFramingRejectionIsCoveredAndNamedOnce() {
        // A timeout is decided by the connection's deadline, and an unterminated line cannot reach the parser
        // through the framer (a head always ends in a line feed); both are checked below on their own.
        let framingReasons = Set(RequestRejection.allCases).subtracting([.requestTimeout, .unterminatedLine])
        #expect(Set(Self.rejected.map(\.rejection)) == framingReasons)
        #expect(Set(RequestRejection.allCases.map(\.phrase)).count == RequestRejection.allCases.count)
        #expect(RequestRejection.requestTimeout.status == .requestTimeout)
    }

    @Test func headParserRefusesALineCutShort() {
        let bytes = Array("GET / HTTP/1.1\r\nHost: x".utf8)
        let parsed = bytes.withUnsafeBufferPointer { HeadParser.parse($0, start: 0, end: $0.count, limits: framerLimits) }
        guard case .failure(let rejection) = parsed else {
            Issue.record("parsed a head without its end")
            return
        }
        #expect(rejection == .unterminatedLine)
    }

    @Test func oversizedHeadIsRejectedBeforeItEnds() {
        #expect(frame("GET /\(String(repeating: "a", count: 100))") == [.rejected(.requestLineTooLong)])
        #expect(frame("GET / HTTP/1.1\r\n" + String(repeating: "X-A: b\r\n", count: 40)) == [.rejected(.headerSectionTooLarge)])
    }

    @Test func readLimitNeverStallsAValidRequest() {
        // A head filling the read limit is decided before the limit is reached, so pausing never waits on it.
        var framer = RequestFramer(limits: framerLimits)
        let head = Array("GET / HTTP/1.1\r\nX-A: ".utf8)
        let filler = [UInt8](repeating: 0x61, count: framer.readLimit - head.count)
        (head + filler).withUnsafeBufferPointer { framer.append($0) }
        guard case .reject(.headerSectionTooLarge) = framer.next() else {
            Issue.record("a full head buffer was not decided")
            return
        }
        // A body's limit makes room for all of it.
        var bodied = RequestFramer(limits: framerLimits)
        let request = Array((Self.post + "Content-Length: 100000\r\n\r\n").utf8)
        request.withUnsafeBufferPointer { bodied.append($0) }
        guard case .head = bodied.next() else {
            Issue.record("no head")
            return
        }
        #expect(bodied.admitBody(limit: 100_000) == .admitted)
        #expect(bodied.readLimit >= request.count + 100_000)
        #expect(bodied.isReadingBody)
    }

    @Test func declaredBodyOverTheLimitIsRefusedAndStaysRefused() {
        var framer = RequestFramer(limits: framerLimits)
        Array((Self.post + "Content-Length: 17\r\n\r\n").utf8).withUnsafeBufferPointer { framer.append($0) }
        guard case .head = framer.next() else {
            Issue.record("no head")
            return
        }
        #expect(framer.admitBody(limit: 16) == .refused(.declaredBodyTooLarge))
        Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8).withUnsafeBufferPointer { framer.append($0) }
        guard case .reject(.declaredBodyTooLarge) = framer.next() else {
            Issue.record("framing went on after a rejection")
            return
        }
    }

    @Test(arguments: [
        (FramerTests.post + "Content-Length: 4\r\nExpect: 100-continue\r\n\r\n", RequestFramer.Admission.awaitingContinue),
        (FramerTests.post + "Content-Length: 4\r\nExpect: 100-continue\r\n\r\nbody", .admitted),
        ("POST /echo HTTP/1.0\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n", .admitted),
        (FramerTests.post + "Expect: 100-continue\r\n\r\n", .admitted),
    ])
    func continueIsAwaitedOnlyForABodyNotYetSent(request: String, admission: RequestFramer.Admission) {
        var framer = RequestFramer(limits: framerLimits)
        Array(request.utf8).withUnsafeBufferPointer { framer.append($0) }
        guard case .head = framer.next() else {
            Issue.record("no head")
            return
        }
        #expect(framer.admitBody(limit: 16) == admission)
    }

    @Test func leadingEmptyLinesAreNotARequest() {
        var framer = RequestFramer(limits: framerLimits)
        Array("\r\n\r\n".utf8).withUnsafeBufferPointer { framer.append($0) }
        guard case .needMore = framer.next() else {
            Issue.record("empty lines framed as something")
            return
        }
        #expect(framer.isBetweenRequests && !framer.isReceivingHead)
        Array("GE".utf8).withUnsafeBufferPointer { framer.append($0) }
        guard case .needMore = framer.next() else {
            Issue.record("a partial head framed as something")
            return
        }
        #expect(framer.isReceivingHead && !framer.isBetweenRequests)
    }
}
