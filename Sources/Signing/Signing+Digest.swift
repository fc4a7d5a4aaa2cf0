import CCrypto

extension Signing {
    /// Length in bytes of a SHA-256 digest and therefore of an HMAC-SHA256 tag.
    public static let sha256Length = 32

    /// HMAC-SHA256 of `message` under `key` (RFC 2104); any key length is allowed, as the RFC says.
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: sha256Length)
        var tagLength = 0
        let produced = withNonNullBytes(key) { keyPointer in
            withNonNullBytes(message) { messagePointer in
                tag.withUnsafeMutableBufferPointer { tagBuffer in
                    EVP_Q_mac(
                        nil, "HMAC", nil, "SHA256", nil,
                        keyPointer, key.count,
                        messagePointer, message.count,
                        tagBuffer.baseAddress, tagBuffer.count, &tagLength
                    ) != nil
                }
            }
        }
        // Over in-memory buffers this fails only if the OpenSSL installation itself is broken (no provider);
        // carrying on would hand out unauthenticated tokens.
        precondition(produced && tagLength == sha256Length, "OpenSSL HMAC-SHA256 is unavailable")
        return tag
    }

    /// SHA-256 digest of `data`.
    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: sha256Length)
        var digestLength: UInt32 = 0
        let produced = withNonNullBytes(data) { dataPointer in
            digest.withUnsafeMutableBufferPointer { digestBuffer in
                EVP_Digest(dataPointer, data.count, digestBuffer.baseAddress, &digestLength, EVP_sha256(), nil) == 1
            }
        }
        precondition(produced && Int(digestLength) == sha256Length, "OpenSSL SHA-256 is unavailable")
        return digest
    }

    /// Compares two byte strings in time that depends only on their lengths, never on where they differ,
    /// so a forged token cannot be discovered byte by byte through response timing.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { aBytes in
            b.withUnsafeBytes { bBytes in
                CRYPTO_memcmp(aBytes.baseAddress, bBytes.baseAddress, a.count) == 0
            }
        }
    }

    /// An empty array may have no storage address; OpenSSL wants a valid pointer even for zero bytes.
    private static func withNonNullBytes<Result>(
        _ bytes: [UInt8], _ body: (UnsafePointer<UInt8>) -> Result
    ) -> Result {
        bytes.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { return body(base) }
            var placeholder: UInt8 = 0
            return body(&placeholder)
        }
    }
}
