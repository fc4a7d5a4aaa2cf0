/// Where the server listens: a TCP host and port (IPv4 or IPv6 literal, or a name) or a unix socket path.
public enum ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// `host` may be an IPv6 literal without brackets ("::1"); port 0 asks the system for a free port.
    case tcp(host: String, port: Int)
    case unix(path: String)

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let text: String
        public var description: String {
            "invalid listen address \"\(text)\": expected host:port, [ipv6]:port or unix:/path"
        }
    }

    /// Parses "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:80", "localhost:8080" or "unix:/run/x.sock".
    public init(parsing text: String) throws {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst("unix:".count))
            guard !path.isEmpty, path.utf8.count < 108 else { throw ParseError(text: text) }
            self = .unix(path: path)
            return
        }
        let host: Substring, portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                  text[text.index(after: close)...].hasPrefix(":") else { throw ParseError(text: text) }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw ParseError(text: text)
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else { throw ParseError(text: text) }
        self = .tcp(host: String(host), port: port)
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): "unix:\(path)"
        }
    }
}
