import Foundation
import HTTPClient
import JSON

extension KIEClient {
    /// Largest photo sent through the base64 upload (KIE recommends it for files up to 10 MB).
    public static let maxUploadBytes = 10 << 20

    /// Uploads a photo with KIE's free file API (`POST /api/file-base64-upload`) and returns the URL to put in
    /// the model's image field (`data.downloadUrl`, else `data.fileUrl`). KIE derives the content type from
    /// `fileName`, so give it the right extension. Files live about 24 hours.
    public func uploadImage(bytes: [UInt8], fileName: String, apiKey: String,
                            uploadBaseURL: String = "https://kieai.redpandaai.co") throws(KIEError) -> String {
        guard !bytes.isEmpty, bytes.count <= Self.maxUploadBytes else {
            throw .malformed("the photo must be 1 byte to \(Self.maxUploadBytes) bytes")
        }
        let base = uploadBaseURL.hasSuffix("/") ? String(uploadBaseURL.dropLast()) : uploadBaseURL
        // Raw base64 without a data: prefix: the docs allow both, a third party saw the prefix rejected.
        let body: JSONValue = .object([
            "base64Data": .string(Data(bytes).base64EncodedString()),
            "uploadPath": .string("images"),
            "fileName": .string(fileName),
        ])
        let request = HTTPClientRequest(
            method: "POST", url: base + "/api/file-base64-upload", headers: headers(apiKey: apiKey, json: true),
            body: .bytes(body.serialized()), timeout: timeout, maxResponseBytes: Self.maxResponseBytes)
        let data = try KIEEnvelope.unwrap(send(request))
        let url = [data?["downloadUrl"], data?["fileUrl"]].lazy.compactMap { $0?.stringValue }.first { !$0.isEmpty }
        guard let url else { throw .malformed("the upload answer has neither downloadUrl nor fileUrl") }
        return url
    }
}
