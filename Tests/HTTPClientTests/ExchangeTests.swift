import Foundation
import HTTPClient
import HTTPServer
import Testing

/// Requests and responses as the server sees and sends them.
struct ExchangeTests {
    struct Greeting: Codable, Equatable {
        var text: String
        var count: Int
    }

    struct Echo: Codable {
        var method: String
        var path: String
        var contentType: String?
        var trace: String?
        var userAgent: String?
        var expect: String?
        var greeting: Greeting
    }

    @Test func jsonRoundTripCarriesBodyAndHeaders() throws {
        let server = try TestServer { router in
            router.post("/echo") { request in
                let echo = Echo(
                    method: request.method.rawValue, path: request.path,
                    contentType: request.headers["content-type"], trace: request.headers["X-Trace-Id"],
                    userAgent: request.headers["User-Agent"], expect: request.headers["Expect"],
                    greeting: try JSONDecoder().decode(Greeting.self, from: Data(request.body)))
                var response = HTTPResponse.json(Array(try JSONEncoder().encode(echo)))
                response.headers.add("X-Reply", "echoed")
                return response
            }
        }
        defer { server.stop() }
        let client = HTTPClient(configuration: .init(userAgent: "neurocards-test"))
        let greeting = Greeting(text: "héllo \"world\"", count: 3)
        let request = try HTTPClientRequest.json(url: server.baseURL + "/echo", body: greeting, headers: [("X-Trace-Id", "abc-123")])

        let response = try client.send(request).requireSuccess()
        let echo = try response.decode(Echo.self)

        #expect(response.status == 200)
        #expect(echo.method == "POST")
        #expect(echo.path == "/echo")
        #expect(echo.contentType == "application/json")
        #expect(echo.trace == "abc-123")
        #expect(echo.userAgent == "neurocards-test")
        #expect(echo.expect == nil)
        #expect(echo.greeting == greeting)
        #expect(response.header("x-reply") == "echoed")
        #expect(response.header("CONTENT-TYPE") == "application/json")
        #expect(response.header("Content-Length") == "\(response.body.count)")
        #expect(response.header("X-Absent") == nil)
    }

    @Test func nonSuccessStatusIsReturnedBySendAndThrownByRequireSuccess() throws {
        let server = try TestServer { router in
            router.get("/missing") { _ in .text("no such thing", status: .notFound) }
        }
        defer { server.stop() }
        let response = try HTTPClient().send(HTTPClientRequest(url: server.baseURL + "/missing"))

        #expect(response.status == 404)
        #expect(response.body == Array("no such thing".utf8))
        #expect(throws: HTTPClientError.status(code: 404, body: Array("no such thing".utf8))) {
            try response.requireSuccess()
        }
    }

    @Test func otherMethodsAndLargeBodiesArriveIntact() throws {
        let server = try TestServer { router in
            let describe: HTTPHandler = { request in
                .text("\(request.method.rawValue) \(request.body.count) \(request.headers["Content-Type"] ?? "-")")
            }
            router.add(.put, "/thing", bodyLimit: 8 << 20, describe)
            router.add(.delete, "/thing", describe)
            router.add(.patch, "/thing", describe)
        }
        defer { server.stop() }
        let client = HTTPClient()
        let url = server.baseURL + "/thing"
        let big = [UInt8](repeating: 7, count: 3 << 20)

        let put = try client.send(HTTPClientRequest(method: "PUT", url: url, headers: [("Content-Type", "application/octet-stream")], body: .bytes(big)))
        let delete = try client.send(HTTPClientRequest(method: "DELETE", url: url))
        let patch = try client.send(HTTPClientRequest(method: "PATCH", url: url))

        #expect(String(decoding: put.body, as: UTF8.self) == "PUT \(3 << 20) application/octet-stream")
        #expect(String(decoding: delete.body, as: UTF8.self) == "DELETE 0 -")
        // No form Content-Type is invented for a raw body.
        #expect(String(decoding: patch.body, as: UTF8.self) == "PATCH 0 -")
    }

    @Test func onlyTheFinalResponsesHeadersAreReported() throws {
        let interimThenFinal = "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nX-Final: yes\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
        let peer = try ScriptedPeer(responsePieces: [Array(interimThenFinal.utf8)])
        defer { peer.stop() }

        let response = try HTTPClient().send(HTTPClientRequest(url: peer.url + "/"))

        #expect(response.status == 200)
        #expect(response.body == Array("ok".utf8))
        #expect(response.header("X-Final") == "yes")
        #expect(response.header("Link") == nil)
    }
}
