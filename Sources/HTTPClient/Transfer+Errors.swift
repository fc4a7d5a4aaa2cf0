import CCurl
import Foundation

extension Transfer {
    /// Maps a failed transfer to the error the caller can act on.
    func error(for code: CURLcode, state: TransferState) -> HTTPClientError {
        if code == CURLE_WRITE_ERROR, let reason = state.abortReason {
            switch reason {
            case .bodyTooLarge:
                return .tooLarge(limit: state.bodyLimit)
            case .headersTooLarge:
                return .transport("response headers exceed \(TransferState.headerLimit) bytes")
            case .fileWriteFailed(let error):
                return .transport("cannot write download: \(String(cString: strerror(error)))")
            case .errorBodyTruncated:
                return .transport("error body truncated")
            }
        }

        let detail = handle.errorMessage(fallback: code)
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            // Timing out before a single request byte left means the server cannot have acted on it.
            return requestWasSent ? .timeout : .connect(detail)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .connect(detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            // libcurl's generic text only: its detailed message may quote the URL, which can carry a token.
            return .invalidURL(String(cString: curl_easy_strerror(code)))
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return .tls(detail)
        default:
            return .transport(detail)
        }
    }

    /// Whether libcurl wrote any part of the request to the connection.
    private var requestWasSent: Bool {
        var requestSize = 0
        // If the size cannot be read, assume the worst: the request may have been sent.
        guard ccurl_getinfo_long(handle.raw, CURLINFO_REQUEST_SIZE, &requestSize) == CURLE_OK else { return true }
        return requestSize > 0
    }
}
