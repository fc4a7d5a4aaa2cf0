import HTTPClient
import Testing

/// Requests that must be refused before anything reaches the network.
struct RequestValidationTests {
    let client = HTTPClient()

    @Test(arguments: ["ftp://127.0.0.1/file", "file:///etc/passwd", "127.0.0.1/path", "", "http://127.0.0.1/a b"])
    func onlyWellFormedHTTPURLsAreAccepted(url: String) {
        let error = #expect(throws: HTTPClientError.self) { try client.send(HTTPClientRequest(url: url)) }
        guard case .invalidURL = error else {
            Issue.record("expected .invalidURL, got \(String(describing: error))")
            return
        }
    }

    @Test func headerInjectionIsRefused() {
        let url = "http://127.0.0.1:9/"
        let attempts = [
            HTTPClientRequest(url: url, headers: [("X-Note", "a\r\nInjected: yes")]),
            HTTPClientRequest(url: url, headers: [("Bad Name", "v")]),
            HTTPClientRequest(method: "GET /x HTTP/1.1\r\nHost: evil\r\n\r\nGET", url: url),
            HTTPClientRequest(method: "POST", url: url, body: .multipart([
                MultipartPart(name: "f", filename: "a\"\r\nX-Injected: 1", content: .text("x")),
            ])),
        ]
        for request in attempts {
            let error = #expect(throws: HTTPClientError.self) { try client.send(request) }
            guard case .invalidRequest = error else {
                Issue.record("expected .invalidRequest, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test func errorDescriptionsNeitherQuoteURLsNorPassControlCharacters() {
        let error = #expect(throws: HTTPClientError.self) {
            try client.send(HTTPClientRequest(url: "ftp://example.invalid/bot123:SECRET/x"))
        }
        #expect(!(error?.description.contains("SECRET") ?? true))
        let status = HTTPClientError.status(code: 500, body: Array("boom\r\nforged log line".utf8))
        #expect(status.description == "HTTP status 500: boom  forged log line")
    }
}
