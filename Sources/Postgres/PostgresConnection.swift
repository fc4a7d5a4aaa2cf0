import CLibPQ
import Foundation

/// One libpq session. Every statement is parameterised (text format), prepared once per session when it has
/// parameters, and sent with whatever may travel with it (`PostgresConnection+Pipeline`).
///
/// `@unchecked Sendable`: a connection is used by one thread at a time (the pool hands it to one borrower and
/// takes it back), but it moves between threads, so it must cross isolation boundaries.
public final class PostgresConnection: @unchecked Sendable {
    /// How long to wait for a server that does not answer before failing; a refused connection fails at once.
    public static let defaultConnectTimeoutSeconds = 3

    var handle: OpaquePointer?
    /// Outlives `handle`: libpq calls into it for as long as the connection is open.
    private let notices = NoticeObserver()
    private var failedFatally = false
    /// True once the session is known to be lost, so the pool discards the connection instead of reusing it.
    var isBroken: Bool { failedFatally || notices.sawFatalError }
    var transactionDepth = 0
    /// A transaction was opened but its BEGIN not sent yet: it travels with the first statement (see
    /// `PostgresConnection+Pipeline`).
    var beginIsPending = false
    /// Statements prepared in this session, by text and parameter types (see `PostgresConnection+Prepared`).
    var preparedStatements: [String: String] = [:]
    /// Numbers their names, never reusing one (a forgotten statement may live on in a failed transaction).
    var preparedStatementsMade = 0
    /// Registered by `atCommit`, sent with the outermost COMMIT.
    var commitWrites: [CommitWrite] = []
    /// Registered by `afterCommit`, each with the transaction depth it was registered at.
    var commitActions: [(depth: Int, action: () -> Void)] = []
    /// Whether this session ever ran LISTEN, so the pool knows to UNLISTEN before lending it again.
    var hasListened = false

    /// Connects to a `postgres://` URL or a `host=... dbname=...` keyword string.
    ///
    /// Sessions always use UTF-8, UTC, ISO dates and hex `bytea`, which the value decoders rely on.
    public init(url: String) throws {
        let handle = try Self.connect(url)
        notices.install(on: handle)
        self.handle = handle
    }

    deinit { close() }

    /// Runs one statement and returns its rows.
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> [PostgresRow] {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return ResultReader.rows(result)
    }

    /// Runs one statement and returns how many rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> Int {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return ResultReader.affectedRows(result)
    }

    /// True while the session is open and no failure has shown it to be lost.
    public var isHealthy: Bool {
        guard let handle, !isBroken else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// Runs a script of several statements with `PQexec`. Only migrations use this: the simple-query protocol
    /// takes no parameters, so it must never see a value that came from outside the binary.
    func executeScript(_ sql: String) throws {
        let handle = try openHandle()
        try sendPendingBegin()
        try check(PQexec(handle, sql), on: handle).map(PQclear)
    }

    func run(_ sql: String, _ parameters: [any PostgresEncodable]) throws -> OpaquePointer {
        try runPipeline([PostgresStatement(sql, parameters)])[0]
    }

    /// Returns the result when it succeeded; otherwise frees it, marks the connection broken if the session is
    /// gone, and throws the error it carries.
    func check(_ result: OpaquePointer?, on handle: OpaquePointer) throws -> OpaquePointer? {
        if let result {
            let status = PQresultStatus(result)
            if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY {
                return result
            }
        }
        let lost = PQstatus(handle) != CONNECTION_OK
        var error = ResultReader.error(result, connection: handle, connectionLost: lost)
        if let result {
            let status = PQresultStatus(result)
            // COPY and pipeline states would leave the session expecting input this API never sends.
            if status != PGRES_FATAL_ERROR && status != PGRES_NONFATAL_ERROR && status != PGRES_BAD_RESPONSE {
                failedFatally = true
                error = PostgresError(kind: .other, message: "unsupported result status \(status.rawValue)")
            }
            PQclear(result)
        }
        if lost || error.kind == .connectionFailure || notices.sawFatalError { failedFatally = true }
        throw error
    }

    func openHandle() throws -> OpaquePointer {
        guard let handle else {
            throw PostgresError(kind: .connectionFailure, message: "connection is closed")
        }
        guard !isBroken else {
            throw PostgresError(kind: .connectionFailure, message: "connection was lost")
        }
        return handle
    }

    func markBroken() { failedFatally = true }

    private static func connect(_ url: String) throws -> OpaquePointer {
        let userOptions = try ConnectionString.options(in: url)
        // Keywords before `dbname` are defaults the URL may override; those after it always win.
        let settings: [(String, String)] = [
            ("connect_timeout", String(defaultConnectTimeoutSeconds)),
            ("application_name", "neurocards"),
            ("dbname", url),
            ("client_encoding", "UTF8"),
            ("options", [userOptions, "-c TimeZone=UTC -c DateStyle=ISO,YMD -c bytea_output=hex"]
                .compactMap { $0 }.joined(separator: " ")),
        ]
        let keywords: [UnsafePointer<CChar>?] = settings.map { UnsafePointer(strdup($0.0)) } + [nil]
        let values: [UnsafePointer<CChar>?] = settings.map { UnsafePointer(strdup($0.1)) } + [nil]
        defer {
            keywords.forEach { free(UnsafeMutablePointer(mutating: $0)) }
            values.forEach { free(UnsafeMutablePointer(mutating: $0)) }
        }
        guard let handle = PQconnectdbParams(keywords, values, 1) else {
            throw PostgresError(kind: .connectionFailure, message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = (ResultReader.string(PQerrorMessage(handle)) ?? "connection failed")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(handle)
            throw PostgresError(kind: .connectionFailure, sqlState: nil, message: message)
        }
        return handle
    }
}
