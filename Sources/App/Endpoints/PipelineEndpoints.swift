import Bot
import Foundation
import HTTPServer

/// KIE's completion callbacks and the signed media links KIE fetches product photos from.
enum PipelineEndpoints {
    static let callbackBodyLimit = 256 << 10

    static func register(on router: Router, callbacks: KIECallbackReceiver, pipeline: Pipeline) {
        router.post("/callbacks/kie/:video/:token", bodyLimit: callbackBodyLimit) { request in
            let outcome = try callbacks.receive(
                videoID: request.pathParameters["video"] ?? "", token: request.pathParameters["token"] ?? "",
                timestamp: request.headers["X-Webhook-Timestamp"], signature: request.headers["X-Webhook-Signature"],
                body: request.body)
            switch outcome {
            case .accepted: return .json(Array(#"{"code":200,"msg":"success"}"#.utf8))
            case .forbidden: return .text("forbidden\n", status: .forbidden)
            case .malformed: return .text("malformed callback\n", status: .badRequest)
            }
        }
        router.get("/media/:name") { request in
            guard let path = pipeline.mediaFile(name: request.pathParameters["name"] ?? "",
                                                expiry: request.queryItems["exp"], signature: request.queryItems["sig"]),
                  let bytes = FileManager.default.contents(atPath: path)
            else { return .text("not found\n", status: .notFound) }
            var response = HTTPResponse(body: Array(bytes))
            response.headers.set("Content-Type", "image/jpeg")
            response.headers.set("Cache-Control", "private, max-age=600")
            return response
        }
    }
}
