import Foundation

/// `HTTPClientRequest.connectAddress` checked to be an IP address, so nothing else reaches libcurl's connect-to
/// syntax (where a colon separates fields).
struct ConnectAddress {
    /// As a connect-to entry wants it: IPv6 in brackets.
    let connectToHost: String

    init?(_ text: String) {
        var buffer = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, text, &buffer) == 1 {
            connectToHost = text
        } else if inet_pton(AF_INET6, text, &buffer) == 1 {
            connectToHost = "[\(text)]"
        } else {
            return nil
        }
    }
}
