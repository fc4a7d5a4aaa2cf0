import Foundation
import HTTPServer
import JSON
import KIE
import Signing

/// KIE's file upload (`POST /api/file-base64-upload`) and the stored files behind the returned links.
struct KIEUploadEndpoints: Sendable {
    let standIn: KIEStandIn

    func register(on router: Router) {
        let bodyLimit = standIn.configuration.maxImageBytes / 3 * 4 + (64 << 10)
        router.post("/api/file-base64-upload", bodyLimit: bodyLimit) { request in upload(request) }
        router.get("/sandbox/kie/files/:id/:name") { request in try file(request) }
    }

    private func upload(_ request: HTTPRequest) -> HTTPResponse {
        guard standIn.apiKey(of: request) != nil else { return standIn.failure(401) }
        guard let body = JSONValue.parse(request.body), var encoded = body["base64Data"]?.stringValue else {
            return standIn.failure(400, "base64Data is required")
        }
        // The docs allow a data URL prefix ("data:image/png;base64,").
        if encoded.hasPrefix("data:"), let comma = encoded.firstIndex(of: ",") {
            encoded = String(encoded[encoded.index(after: comma)...])
        }
        guard let data = Data(base64Encoded: encoded), !data.isEmpty, data.count <= standIn.configuration.maxImageBytes else {
            return standIn.failure(400, "base64Data is not valid base64 of at most \(standIn.configuration.maxImageBytes) bytes")
        }
        let requested = body["fileName"]?.stringValue ?? ""
        let name = Self.safeName(requested.isEmpty ? "upload.bin" : requested)
        let id = Signing.hex(Signing.randomBytes(8))
        standIn.state.withLock { $0.storeUpload(id: id, name: name, bytes: Array(data)) }
        let url = "\(standIn.baseURL)/sandbox/kie/files/\(id)/\(name)"
        let uploadPath = body["uploadPath"]?.stringValue ?? "images"
        return KIEReplies.json(status: 200, [
            "success": .bool(true), "code": .integer(200), "msg": .string("File uploaded successfully"),
            "data": .object([
                "fileName": .string(name), "filePath": .string("\(uploadPath)/\(name)"), "downloadUrl": .string(url),
                "fileSize": .integer(data.count), "mimeType": .string(Self.mimeType(of: name)),
                "uploadedAt": .string(ISO8601DateFormatter().string(from: Date())),
            ]),
        ])
    }

    private func file(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let stored = standIn.state.withLock({ $0.uploads[request.pathParameters["id"] ?? ""] }) else {
            throw HTTPError(.notFound, "no such file")
        }
        return HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", Self.mimeType(of: stored.name))]),
                            body: stored.bytes)
    }

    /// Letters, digits, dot, dash and underscore only, at most 100 characters: it becomes part of a URL path.
    static func safeName(_ name: String) -> String {
        let kept = name.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
        let cleaned = String(String.UnicodeScalarView(kept.prefix(100)))
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "upload-" + cleaned : cleaned
    }

    /// The upload host derives the content type from the file name, as KIE's does.
    static func mimeType(of name: String) -> String {
        switch name.split(separator: ".").last?.lowercased() {
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "webp": "image/webp"
        default: "application/octet-stream"
        }
    }
}
