/// Small wrappers over OpenSSL's libcrypto: hashing, HMAC, randomness and the encodings used for tokens and
/// signed links. Every function is pure or draws only from the CSPRNG, so all are safe from any thread.
public enum Signing {}
