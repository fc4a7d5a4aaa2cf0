import Signing

/// The credentials the stand-ins accept and the service is configured with, minted fresh for every run: the
/// sandbox never reads real ones from the environment.
public struct SandboxSecrets: Sendable {
    public var botToken: String
    public var webhookSecret: String
    public var kieAPIKeys: [String]
    public var kieWebhookHMACKey: String
    public var openAIKey: String
    public var signingSecret: String

    public static func generate() -> SandboxSecrets {
        SandboxSecrets(
            // Telegram's token shape: the bot's numeric id, a colon, then the secret part.
            botToken: "7\(UInt32.random(in: 10_000_000...99_999_999)):\(Signing.randomToken(bytes: 24))",
            webhookSecret: Signing.randomToken(),
            // Two keys, so rotation and a key taken out of service can be watched.
            kieAPIKeys: [Signing.randomToken(bytes: 16), Signing.randomToken(bytes: 16)],
            kieWebhookHMACKey: Signing.randomToken(),
            openAIKey: "sk-sandbox-" + Signing.randomToken(bytes: 16),
            signingSecret: Signing.randomToken())
    }

    /// Every value, for the log redactor.
    public var all: [String] {
        [botToken, webhookSecret, kieWebhookHMACKey, openAIKey, signingSecret] + kieAPIKeys
    }
}
