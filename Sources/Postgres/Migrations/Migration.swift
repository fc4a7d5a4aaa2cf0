/// One numbered schema change. Each module ships its own list under its own `component`, as Swift values, so
/// the SQL travels inside the binary.
public struct Migration: Sendable, Equatable {
    /// Who owns the change (`"jobqueue"`, `"app"`); versions are numbered per component.
    public let component: String
    public let version: Int
    public let name: String
    /// One or more statements; run in a single transaction.
    public let sql: String

    public init(component: String, version: Int, name: String, sql: String) {
        self.component = component
        self.version = version
        self.name = name
        self.sql = sql
    }
}
