/// Why a result URL is not fetched. Permanent: the same URL is refused every time, so the video is refunded at once.
/// Names the host, never the whole URL (a signed link is a credential).
struct ResultURLRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    enum Reason: Sendable, Equatable {
        case malformed
        /// Not https (nor http where local addresses are allowed).
        case scheme(String)
        case hostNotAllowed(String)
        /// The host resolves to an address of a class results never come from.
        case address(host: String, address: IPAddress, class: AddressClass)
        /// Plain http is for stand-ins on local addresses only.
        case plainHTTPToPublicAddress(host: String)
    }

    let reason: Reason

    var description: String {
        switch reason {
        case .malformed: "result URL refused: not a URL with a host"
        case .scheme(let scheme): "result URL refused: scheme \(scheme.debugDescription) is not https"
        case .hostNotAllowed(let host): "result URL refused: host \(host.debugDescription) is not on KIE_RESULT_HOSTS"
        case .address(let host, let address, let addressClass):
            "result URL refused: host \(host.debugDescription) resolves to \(address), a \(addressClass.rawValue) address"
        case .plainHTTPToPublicAddress(let host):
            "result URL refused: plain http to \(host.debugDescription), a host"
        }
    }
}

extension ResultURLRefusal.Reason {
    var metricLabel: String {
        switch self {
        case .malformed: "malformed"
        case .scheme: "scheme"
        case .hostNotAllowed: "host_not_allowed"
        case .address: "address"
        case .plainHTTPToPublicAddress: "plain_http"
        }
    }
}
