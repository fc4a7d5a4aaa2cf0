import Logging

public enum LoggingSetup {
    /// Installs the logfmt handler for the whole process; call once at start-up.
    public static func bootstrap(level: Logger.Level, secrets: [String]) {
        let redactor = SecretRedactor(secrets: secrets)
        LoggingSystem.bootstrap { label in LogfmtLogHandler(label: label, level: level, redactor: redactor) }
    }
}
