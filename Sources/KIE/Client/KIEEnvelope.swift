import HTTPClient
import JSON

/// KIE's answer wrapper `{"code": 200, "msg" | "message": "...", "data": ...}`, read tolerantly.
struct KIEEnvelope: Sendable {
    let code: Int?
    let message: String?
    let data: JSONValue?

    /// Longest message kept from a KIE answer (they are short; a hostile one must not fill our logs).
    static let maxMessageLength = 300

    init(json: JSONValue) {
        code = json["code"]?.intValue
        message = (json["msg"]?.stringValue ?? json["message"]?.stringValue).map(Self.printable)
        data = json["data"]
    }

    /// Unpacks a response: any non-2xx status or non-200 body code becomes `.api`, so whichever way KIE
    /// chose to report an error, the caller sees the same thing. Returns the `data` member on success.
    static func unwrap(_ response: HTTPClientResponse) throws(KIEError) -> JSONValue? {
        let json = JSONValue.parse(response.body)
        let envelope = json.map(KIEEnvelope.init(json:))
        guard (200..<300).contains(response.status) else {
            // An error status wins over a body that (oddly) says 200; a body code says more than the status.
            let bodyCode = envelope?.code.flatMap { $0 == 200 ? nil : $0 }
            let message = envelope?.message ?? printable(String(decoding: response.body.prefix(maxMessageLength), as: UTF8.self))
            throw .api(code: bodyCode ?? response.status, message: message)
        }
        guard let envelope, case .object = json else {
            throw .malformed("the body is not a JSON object")
        }
        if let code = envelope.code, code != 200 {
            throw .api(code: code, message: envelope.message ?? "")
        }
        return envelope.data
    }

    /// Bounded and free of control characters, so a message can go into a log line as it is.
    static func printable(_ text: String) -> String {
        let cleaned = String(text.unicodeScalars.prefix(maxMessageLength).map {
            $0.properties.generalCategory == .control ? " " : Character($0)
        })
        return cleaned
    }
}
