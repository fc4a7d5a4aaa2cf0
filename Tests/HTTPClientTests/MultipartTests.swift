import Foundation
import HTTPClient
import HTTPServer
import Testing

struct MultipartTests {
    struct Received: Codable, Equatable {
        var caption: String?
        var captionHasFilename: Bool
        var filename: String?
        var fileType: String?
        var fileContent: String?
        var blobFilename: String?
        var blobSize: Int?
    }

    @Test func fieldsAndFilesArriveAsParts() throws {
        let server = try TestServer { router in
            router.post("/upload", bodyLimit: 4 << 20) { request in
                guard let contentType = request.headers["Content-Type"], contentType.hasPrefix("multipart/form-data"),
                      let form = MultipartForm(body: request.body, contentType: contentType)
                else { return .text("not multipart", status: .badRequest) }
                let caption = form.part(named: "caption"), document = form.part(named: "document")
                let blob = form.part(named: "blob")
                let received = Received(
                    caption: caption.map { String(decoding: $0.content, as: UTF8.self) },
                    captionHasFilename: caption?.filename != nil,
                    filename: document?.filename, fileType: document?.contentType,
                    fileContent: document.map { String(decoding: $0.content, as: UTF8.self) },
                    blobFilename: blob?.filename, blobSize: blob?.content.count)
                return .json(Array(try JSONEncoder().encode(received)))
            }
        }
        defer { server.stop() }
        let filePath = NSTemporaryDirectory() + "multipart-" + UUID().uuidString + ".txt"
        try Data("line one\r\nline two\n".utf8).write(to: URL(fileURLWithPath: filePath))
        defer { try? FileManager.default.removeItem(atPath: filePath) }

        let request = HTTPClientRequest(method: "POST", url: server.baseURL + "/upload", body: .multipart([
            .field("caption", "Привет, world"),
            .file("document", path: filePath, filename: "notes.txt", contentType: "text/plain"),
            .bytes("blob", [UInt8](repeating: 0xAB, count: 100_000), filename: "blob.bin", contentType: "application/octet-stream"),
        ]))
        let received = try HTTPClient().send(request).requireSuccess().decode(Received.self)

        #expect(received == Received(
            caption: "Привет, world", captionHasFilename: false,
            filename: "notes.txt", fileType: "text/plain", fileContent: "line one\r\nline two\n",
            blobFilename: "blob.bin", blobSize: 100_000))
    }

    @Test func missingFileIsReportedBeforeSending() throws {
        let request = HTTPClientRequest(method: "POST", url: "http://127.0.0.1:9/upload", body: .multipart([
            .file("document", path: "/nonexistent/file.txt", filename: "f.txt", contentType: "text/plain"),
        ]))
        let error = #expect(throws: HTTPClientError.self) { try HTTPClient().send(request) }
        guard case .transport = error else {
            Issue.record("expected .transport, got \(String(describing: error))")
            return
        }
    }
}
