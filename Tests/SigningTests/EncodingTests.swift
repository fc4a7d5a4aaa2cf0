import Signing
import Testing

struct EncodingTests {
    @Test func hexIsLowerCase() {
        #expect(Signing.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Signing.hex([]) == "")
    }

    /// RFC 4648 §10 vectors, which are identical in base64url when padding is dropped.
    @Test func base64URLKnownAnswers() {
        let vectors: [(String, String)] = [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in vectors {
            #expect(Signing.base64URL(Array(plain.utf8)) == encoded)
            #expect(Signing.fromBase64URL(encoded) == Array(plain.utf8))
        }
        // The two symbols where base64url differs from base64.
        #expect(Signing.base64URL([0xfb, 0xff]) == "-_8")
        #expect(Signing.fromBase64URL("-_8") == [0xfb, 0xff])
    }

    @Test func base64URLRoundTripsEveryLength() {
        for length in 0...70 {
            let bytes = Signing.randomBytes(length)
            #expect(Signing.fromBase64URL(Signing.base64URL(bytes)) == bytes)
        }
    }

    @Test func base64URLAcceptsCorrectPaddingOnly() {
        #expect(Signing.fromBase64URL("Zg==") == Array("f".utf8))
        #expect(Signing.fromBase64URL("Zm8=") == Array("fo".utf8))
        #expect(Signing.fromBase64URL("Zg=") == nil)
        #expect(Signing.fromBase64URL("Z===") == nil)
    }

    @Test func base64URLRejectsMalformedInput() {
        #expect(Signing.fromBase64URL("Z") == nil)          // impossible length
        #expect(Signing.fromBase64URL("Zh") == nil)         // non-zero unused bits: a second spelling of "f"
        #expect(Signing.fromBase64URL("Zm9v+g") == nil)     // standard-base64 symbol
        #expect(Signing.fromBase64URL("Zm9v/g") == nil)
        #expect(Signing.fromBase64URL("Zm 9v") == nil)
        #expect(Signing.fromBase64URL("Zm9vé") == nil)
    }

    @Test func randomTokensAreDistinctAndDecodable() {
        let first = Signing.randomToken()
        let second = Signing.randomToken()
        #expect(first != second)
        #expect(first.utf8.count == 43)
        #expect(Signing.fromBase64URL(first)?.count == 32)
        #expect(Signing.randomBytes(0).isEmpty)
        #expect(Signing.randomBytes(17).count == 17)
    }
}
