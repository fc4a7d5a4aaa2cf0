import Foundation
import HTTPServer
import Logging

// The server `bench/http` measures: the production HTTP server with a liveness route and a JSON POST route.
struct Order: Codable {
    let chatID: Int64
    let items: [String]
    let note: String
}

struct Accepted: Codable {
    let ok: Bool
    let items: Int
}

let address = try ListenAddress(parsing: CommandLine.arguments.dropFirst().first ?? "127.0.0.1:8089")
let router = Router()
router.get("/healthz") { _ in .text("ok\n") }
router.post("/orders") { request in
    guard let order = try? JSONDecoder().decode(Order.self, from: Data(request.body)) else {
        throw HTTPError(.badRequest, "malformed JSON")
    }
    return .json(Array(try JSONEncoder().encode(Accepted(ok: true, items: order.items.count))))
}
let server = HTTPServer(
    configuration: HTTPServerConfiguration(address: address),
    router: router,
    logger: Logger(label: "bench"))
try server.start()
signal(SIGTERM, SIG_IGN)
let stop = DispatchSemaphore(value: 0)
let source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
source.setEventHandler { stop.signal() }
source.resume()
stop.wait()
server.shutdown()
