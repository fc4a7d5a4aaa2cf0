import Foundation
import HTTPClient

/// KIE's results on this host's disk. Hosts share nothing but PostgreSQL, so a video downloaded on one host may be
/// delivered from another: there it is fetched again (KIE keeps results for about a day). Every fetch passes the
/// result URL policy anew and connects only to the address it checked.
struct VideoFiles: Sendable {
    let directory: String
    let http: HTTPClient
    let maxBytes: Int
    let policy: ResultURLPolicy

    /// Throws `ResultURLRefusal` for a URL off the policy, which is never fetched.
    func local(_ video: VideoRecord) throws -> String {
        let path = directory + "/\(video.id).mp4"
        if FileManager.default.fileExists(atPath: path) { return path }
        guard let url = video.resultURL else { throw HTTPClientError.invalidURL("no result URL") }
        let address = try policy.address(toFetch: url)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let request = HTTPClientRequest(url: url, timeout: .seconds(120), connectAddress: address.description)
        _ = try http.download(request, to: path, maxBytes: maxBytes)
        return path
    }

    /// An oversized result will not shrink on a retry.
    func isWorthRetrying(_ error: HTTPClientError) -> Bool {
        error != .tooLarge(limit: maxBytes)
    }
}
