import Signing
import Testing

/// RFC 4231 §4 test vectors for HMAC-SHA256.
struct HMACTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let message: [UInt8]
        let expectedHex: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(name: "test case 1", key: Array(repeating: 0x0b, count: 20), message: Array("Hi There".utf8),
               expectedHex: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(name: "test case 2", key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8),
               expectedHex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(name: "test case 3", key: Array(repeating: 0xaa, count: 20), message: Array(repeating: 0xdd, count: 50),
               expectedHex: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(name: "test case 4", key: Array(1...25), message: Array(repeating: 0xcd, count: 50),
               expectedHex: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(name: "test case 6", key: Array(repeating: 0xaa, count: 131),
               message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
               expectedHex: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(name: "test case 7", key: Array(repeating: 0xaa, count: 131),
               message: Array(("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
               expectedHex: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: vectors)
    func rfc4231Vector(_ vector: Vector) {
        #expect(Signing.hex(Signing.hmacSHA256(key: vector.key, message: vector.message)) == vector.expectedHex)
    }

    @Test func rfc4231TruncatedVector() {
        let tag = Signing.hmacSHA256(key: Array(repeating: 0x0c, count: 20), message: Array("Test With Truncation".utf8))
        #expect(Signing.hex(Array(tag.prefix(16))) == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test func emptyKeyAndMessageAreAllowed() {
        // Known answer computed independently (python3: hmac.new(b"", b"", "sha256").hexdigest()).
        #expect(Signing.hex(Signing.hmacSHA256(key: [], message: []))
            == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}
