/// How an embedded server runs. Given on the command line at every start rather than written into
/// `postgresql.conf` at `initdb`, so a cluster kept between runs always runs with its caller's current settings.
public struct ServerSettings: Sendable {
    public var maxConnections: Int
    public var sharedBuffers: String

    public init(maxConnections: Int, sharedBuffers: String) {
        self.maxConnections = maxConnections
        self.sharedBuffers = sharedBuffers
    }

    /// The options `pg_ctl -o` hands to the server through a shell, each quoted.
    func serverOptions(port: Int) -> String {
        let parameters = [
            "listen_addresses=127.0.0.1",
            // TCP only: a socket named after a deep working directory can exceed the 107 bytes a socket path may have.
            "unix_socket_directories=",
            "max_connections=\(maxConnections)",
            "shared_buffers=\(sharedBuffers)",
            // Every embedded cluster holds data nobody must keep, so nothing waits for the disk.
            "fsync=off",
            "synchronous_commit=off",
            "full_page_writes=off",
            "log_min_messages=warning",
        ]
        return (["-p", "\(port)"] + parameters.flatMap { ["-c", $0] })
            .map { "'" + $0.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
            .joined(separator: " ")
    }
}
