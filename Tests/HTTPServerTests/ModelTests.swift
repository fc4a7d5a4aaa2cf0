import HTTPServer
import Testing

@Suite("Request and response values")
struct ModelTests {
    @Test func headersAreCaseInsensitiveAndOrdered() {
        var headers = HTTPHeaders([("Content-Type", "a"), ("X-Many", "1")])
        headers.add("x-many", "2")
        #expect(headers["content-type"] == "a")
        #expect(headers.values("X-MANY") == ["1", "2"])
        headers.set("X-Many", "3")
        #expect(headers.values("x-many") == ["3"])
        headers.remove("CONTENT-TYPE")
        #expect(headers["Content-Type"] == nil)
        #expect(headers.map(\.name) == ["X-Many"])
    }

    @Test(arguments: [
        ("/a/b?x=1&y=2", "/a/b", "x=1&y=2"),
        ("/a/b", "/a/b", nil),
        ("/a?", "/a", ""),
        ("http://host:80/p/q?z=9", "/p/q", "z=9"),
        ("http://host", "/", nil),
    ] as [(String, String, String?)])
    func requestSplitsTargetIntoPathAndQuery(target: String, path: String, query: String?) {
        let request = HTTPRequest(method: .get, target: target)
        #expect(request.path == path)
        #expect(request.query == query)
    }

    @Test func queryItemsDecodeAndFirstWins() {
        let request = HTTPRequest(method: .get, target: "/?a=1&a=2&b=x%2By+z&bad=%zz&empty=")
        #expect(request.queryItems == ["a": "1", "b": "x+y z", "empty": ""])
    }

    @Test func responseHelpersSetContentType() {
        #expect(HTTPResponse.text("hi").headers["Content-Type"] == "text/plain; charset=utf-8")
        let json = HTTPResponse.json(Array("{}".utf8), status: .created)
        #expect(json.headers["content-type"] == "application/json")
        #expect(json.status == .created)
        #expect(json.body == Array("{}".utf8))
    }

    @Test func methodsCompareByName() {
        #expect(HTTPMethod(rawValue: "GET") == .get)
        #expect(HTTPMethod.patch.description == "PATCH")
    }
}
