import Foundation
import HTTPServer
import Testing
import TestSupport

/// A small deterministic generator so a failing run can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Valid requests and ways to break them: byte flips, inserted CR/LF/NUL/colon/space, truncations,
/// duplicated header lines, huge numbers, and plain garbage.
enum RequestMutator {
    static let corpus: [[UInt8]] = [
        "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /callbacks/kie/v1/t2?x=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: fuzz\r\nAccept: */*\r\n\r\n",
        "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"a\":[1,2,3]}",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4;e=1\r\nabcd\r\n2\r\nef\r\n0\r\nT: 1\r\n\r\n",
        "POST /small HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
        "GET /media/a/b/c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "PUT /items/9 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi",
        "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
    ].map { Array($0.utf8) }

    static let interesting: [UInt8] = [0x0D, 0x0A, 0x00, 0x3A, 0x20, 0x09, 0x2C, 0x3B, 0x7F, 0xFF]
    static let hugeNumbers = ["99999999999999999999999", "18446744073709551616", "ffffffffffffffffffff", "-1", "0"]

    static func mutate(_ input: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            guard !bytes.isEmpty else { break }
            let position = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<8, using: &random) {
            case 0:
                bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 1:
                bytes.insert(interesting.randomElement(using: &random) ?? 0, at: position)
            case 2:
                bytes.removeSubrange(position...)
            case 3:
                bytes = duplicateLine(bytes, using: &random)
            case 4:
                bytes = replaceNumber(bytes, using: &random)
            case 5:
                bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &random)))
            case 6:
                bytes[position] ^= 1 << UInt8.random(in: 0...7, using: &random)
            default:
                bytes = (0..<Int.random(in: 1...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
        }
        return bytes
    }

    private static func duplicateLine(_ bytes: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count > 2 else { return bytes }
        let index = Int.random(in: 1..<(lines.count - 1), using: &random)
        var result = Array(lines[..<(index + 1)])
        result.insert(lines[index], at: index)
        result.append(contentsOf: lines[(index + 1)...])
        return Array(result.joined(separator: [0x0A]))
    }

    private static func replaceNumber(_ bytes: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        guard let start = bytes.indices.filter({ (0x30...0x39).contains(bytes[$0]) }).randomElement(using: &random) else {
            return bytes
        }
        var end = start
        while end < bytes.count && (0x30...0x39).contains(bytes[end]) { end += 1 }
        var result = bytes
        result.replaceSubrange(start..<end, with: Array((hugeNumbers.randomElement(using: &random) ?? "0").utf8))
        return result
    }
}

@Suite("Fuzzing")
struct FuzzTests {
    static let totalRequests = 100_000
    static let clientThreads = 8
    static let requestsPerConnection = 2

    @Test(.timeLimit(.minutes(1)))
    func mutatedRequestsNeitherCrashNorHangTheServer() throws {
        let server = try TestServer {
            $0.headerTimeout = .milliseconds(300)
            $0.bodyTimeout = .milliseconds(300)
            $0.idleTimeout = .milliseconds(300)
        }
        let perThread = Self.totalRequests / Self.clientThreads
        let sent = Counter()
        DispatchQueue.concurrentPerform(iterations: Self.clientThreads) { threadIndex in
            var random = SplitMix64(seed: 0xC0FFEE &+ UInt64(threadIndex))
            var done = 0
            while done < perThread {
                guard let connection = try? server.connect() else { continue }
                var batch: [UInt8] = []
                for _ in 0..<Self.requestsPerConnection {
                    let seed = RequestMutator.corpus.randomElement(using: &random) ?? []
                    batch += Int.random(in: 0..<8, using: &random) == 0 ? seed : RequestMutator.mutate(seed, using: &random)
                }
                done += Self.requestsPerConnection
                connection.send(batch)
                connection.shutdownWrite()
                _ = connection.readUntilClosed(timeout: .seconds(10))
            }
            sent.add(done)
        }
        #expect(sent.value >= Self.totalRequests)
        let (response, _) = try server.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.status == 200)
        // Every fuzzed connection was cleaned up.
        #expect(eventually(timeout: .seconds(5)) { server.server.openConnections <= 1 })
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0

    func add(_ amount: Int) {
        lock.withLock { total += amount }
    }

    var value: Int { lock.withLock { total } }
}
