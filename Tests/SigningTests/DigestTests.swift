import Signing
import Testing

struct DigestTests {
    @Test func sha256KnownAnswers() {
        #expect(Signing.hex(Signing.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Signing.hex(Signing.sha256(Array("abc".utf8)))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Signing.hex(Signing.sha256(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Signing.hex(Signing.sha256(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func constantTimeEqualsComparesContentAndLength() {
        let tag = Signing.hmacSHA256(key: Array("k".utf8), message: Array("m".utf8))
        var lastByteFlipped = tag
        lastByteFlipped[tag.count - 1] ^= 0x01
        var firstByteFlipped = tag
        firstByteFlipped[0] ^= 0x80

        #expect(Signing.constantTimeEquals(tag, tag))
        #expect(!Signing.constantTimeEquals(tag, lastByteFlipped))
        #expect(!Signing.constantTimeEquals(tag, firstByteFlipped))
        #expect(!Signing.constantTimeEquals(tag, Array(tag.dropLast())))
        #expect(!Signing.constantTimeEquals([], tag))
        #expect(Signing.constantTimeEquals([], []))
    }
}
