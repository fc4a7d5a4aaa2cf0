import CCrypto

extension Signing {
    /// `count` bytes from OpenSSL's CSPRNG.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0 && count <= Int(Int32.max), "random byte count out of range")
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        let filled = bytes.withUnsafeMutableBufferPointer { buffer in
            RAND_bytes(buffer.baseAddress, Int32(count)) == 1
        }
        // Without a working CSPRNG every secret we would mint is guessable; stopping is the only safe answer.
        precondition(filled, "OpenSSL CSPRNG failed")
        return bytes
    }

    /// An unguessable URL-safe token carrying `bytes` bytes of entropy, encoded as unpadded base64url.
    public static func randomToken(bytes: Int = 32) -> String {
        base64URL(randomBytes(bytes))
    }
}
