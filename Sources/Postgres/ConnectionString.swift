import Foundation
import CLibPQ

/// Reads a `DATABASE_URL` (URL or keyword form) with libpq's own parser.
enum ConnectionString {
    /// The `options` the string sets (`-c search_path=...`), so ours can be added rather than replace them.
    /// Throws when libpq cannot parse the string; the error never repeats the string, which may hold a password.
    static func options(in url: String) throws -> String? {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(url, &errorMessage) else {
            let reason = ResultReader.string(errorMessage)?.trimmingCharacters(in: .whitespacesAndNewlines)
            if let errorMessage { PQfreemem(errorMessage) }
            throw PostgresError(kind: .other, message: "invalid DATABASE_URL: \(reason ?? "cannot parse")")
        }
        defer { PQconninfoFree(parsed) }
        var option = parsed
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "options" {
                return ResultReader.string(option.pointee.val).flatMap { $0.isEmpty ? nil : $0 }
            }
            option += 1
        }
        return nil
    }
}
