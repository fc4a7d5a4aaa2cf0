import Bot
import HTTPServer
import Postgres

/// `GET /sandbox/records/users/:user`: the chat page's side panel asks what the database holds for a user.
struct UserRecordsEndpoint: Sendable {
    let pool: PostgresPool

    func register(on router: Router) {
        router.get("/sandbox/records/users/:user") { [pool] request in
            guard let userID = Int64(request.pathParameters["user"] ?? ""), userID > 0 else {
                throw HTTPError(.badRequest, "the user id must be a positive integer")
            }
            let json = try pool.withConnection { try UserRecords.json(userID: userID, on: $0) }
            return HTTPResponse.json(Array(json.utf8))
        }
    }
}
