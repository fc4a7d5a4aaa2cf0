import Foundation
import HTTPServer
import Testing
import TestSupport

@Suite("HTTP/1.1 protocol behaviour")
struct ProtocolTests {
    @Test func simpleGetCarriesDateLengthAndKeepAlive() throws {
        let server = try TestServer()
        let (response, _) = try server.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let reply = try #require(response)
        #expect(reply.status == 200)
        #expect(reply.bodyText == "ok")
        #expect(reply.header("Content-Length") == "2")
        #expect(reply.header("Connection") == "keep-alive")
        #expect(reply.header("Content-Type") == "text/plain; charset=utf-8")
        let date = try #require(reply.header("Date"))
        #expect(date.hasSuffix(" GMT") && date.count == 29)
    }

    @Test func keepAliveReusesTheConnection() throws {
        let server = try TestServer()
        let connection = try server.connect()
        for _ in 0..<5 {
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(connection.readResponse()?.status == 200)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer()
        let connection = try server.connect()
        connection.send(
            "GET /callbacks/kie/1/a HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
            + "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /callbacks/kie/2/b HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(connection.readResponse()?.bodyText == "video=1 token=a")
        #expect(connection.readResponse()?.bodyText == "hello")
        #expect(connection.readResponse()?.status == 404)
        #expect(connection.readResponse()?.bodyText == "video=2 token=b")
    }

    @Test func http10ClosesByDefault() throws {
        let server = try TestServer()
        let (response, connection) = try server.exchange("GET /healthz HTTP/1.0\r\n\r\n")
        #expect(response?.status == 200)
        #expect(response?.header("Connection") == "close")
        #expect(connection.isClosedByPeer())
    }

    @Test func http10KeepAliveWhenAsked() throws {
        let server = try TestServer()
        let connection = try server.connect()
        for _ in 0..<2 {
            connection.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = connection.readResponse()
            #expect(response?.status == 200)
            #expect(response?.header("Connection") == "keep-alive")
        }
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try TestServer()
        let (response, connection) = try server.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(response?.status == 200)
        #expect(response?.header("Connection") == "close")
        #expect(connection.isClosedByPeer())
    }

    @Test func headHasNoBodyButTheLengthOfGet() throws {
        let server = try TestServer()
        let connection = try server.connect()
        connection.send("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = connection.readResponse(forHead: true)
        #expect(head?.status == 200)
        #expect(head?.header("Content-Length") == "2")
        #expect(head?.body.isEmpty == true)
        // The next response starts right after the head: no stray body bytes were sent.
        #expect(connection.readResponse()?.bodyText == "ok")
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() throws {
        let server = try TestServer()
        let (response, connection) = try server.exchange(
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n1\r\n \r\n6 ; ext\r\nworld!\r\n0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n")
        #expect(response?.status == 200)
        #expect(response?.bodyText == "hello world!")
        connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(connection.readResponse()?.status == 200)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 7])
    func chunkedBodySplitAcrossWrites(pieceSize: Int) throws {
        let server = try TestServer()
        let connection = try server.connect()
        let request = Array(("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "a\r\n0123456789\r\n3;x=y\r\nabc\r\n0\r\nT: v\r\n\r\n").utf8)
        var offset = 0
        while offset < request.count {
            let end = min(offset + pieceSize, request.count)
            connection.send(Array(request[offset..<end]))
            offset = end
            usleep(200)  // lets each piece arrive as its own read
        }
        let response = connection.readResponse()
        #expect(response?.status == 200)
        #expect(response?.bodyText == "0123456789abc")
    }

    @Test func contentLengthBodySplitAcrossWrites() throws {
        let server = try TestServer()
        let connection = try server.connect()
        connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Le")
        usleep(20_000)
        connection.send("ngth: 10\r\n\r\n01234")
        usleep(20_000)
        connection.send("56789")
        #expect(connection.readResponse()?.bodyText == "0123456789")
    }

    @Test func expectContinueAccepted() throws {
        let server = try TestServer()
        let connection = try server.connect()
        connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        #expect(connection.readResponse()?.status == 100)
        connection.send("body")
        let response = connection.readResponse()
        #expect(response?.status == 200)
        #expect(response?.bodyText == "body")
    }

    @Test(arguments: [
        ("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n", 413),
        ("POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n", 404),
        ("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n", 405),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: something-else\r\n\r\n", 417),
    ])
    func expectContinueRejectedAtOnce(request: String, status: Int) throws {
        let server = try TestServer()
        let (response, connection) = try server.exchange(request)
        #expect(response?.status == status)
        #expect(connection.isClosedByPeer())
    }

    @Test func routerParametersAreDecoded() throws {
        let server = try TestServer()
        let (response, _) = try server.exchange("GET /callbacks/kie/vid%2042/tok-1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.bodyText == "video=vid 42 token=tok-1")
    }

    @Test func catchAllTakesTheRestOfThePath() throws {
        let server = try TestServer()
        let (response, _) = try server.exchange("GET /media/a/b/c.mp4?sig=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.bodyText == "path=a/b/c.mp4")
        let (literal, _) = try server.exchange("GET /media/special HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(literal?.bodyText == "special")
    }

    @Test func queryItemsAreDecoded() throws {
        let server = try TestServer()
        let (response, _) = try server.exchange("GET /query?b=2&a=x%20y&a=second&c=1+2 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.bodyText == "a=x y&b=2&c=1 2")
    }

    @Test func unknownPathIs404AndConnectionSurvives() throws {
        let server = try TestServer()
        let (response, connection) = try server.exchange("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.status == 404)
        connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(connection.readResponse()?.status == 200)
    }

    @Test func wrongMethodIs405WithAllow() throws {
        let server = try TestServer()
        let (response, _) = try server.exchange("POST /items/7 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(response?.status == 405)
        #expect(response?.header("Allow") == "DELETE, PUT")
        let (getOnly, _) = try server.exchange("DELETE /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(getOnly?.header("Allow") == "GET, HEAD")
    }

    @Test func noContentHasNoContentLength() throws {
        let server = try TestServer()
        let (response, _) = try server.exchange("DELETE /items/7 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.status == 204)
        #expect(response?.header("Content-Length") == nil)
    }

    @Test func handlerErrorBecomes500AndConnectionSurvives() throws {
        let server = try TestServer()
        let (response, connection) = try server.exchange("GET /throw HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.status == 500)
        #expect(response?.header("Connection") == "keep-alive")
        connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(connection.readResponse()?.status == 200)
    }

    @Test func httpErrorChoosesTheStatus() throws {
        let server = try TestServer()
        let (response, _) = try server.exchange("GET /forbidden HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.status == 403)
        #expect(response?.bodyText == "nope")
    }

    @Test func absoluteFormTargetIsRouted() throws {
        let server = try TestServer()
        let (response, _) = try server.exchange("GET http://x/healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.status == 200)
    }

    @Test func leadingEmptyLineIsIgnored() throws {
        let server = try TestServer()
        let (response, _) = try server.exchange("\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.status == 200)
    }

    @Test func remoteAddressIsThePeer() throws {
        let server = try TestServer()
        let (response, _) = try server.exchange("GET /remote HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.bodyText.hasPrefix("127.0.0.1:") == true)
    }
}
