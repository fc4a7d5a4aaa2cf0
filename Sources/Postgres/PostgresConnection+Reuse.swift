import CLibPQ
import Foundation

/// What the pool asks of a connection before lending it again.
extension PostgresConnection {
    /// Cheap liveness check for an idle connection: if the server has sent anything (a termination notice, or
    /// end-of-file after a restart), read it without blocking and see whether the session survived.
    /// A session whose server vanished without a word still passes; its first query fails and marks it broken.
    func isAliveWhileIdle() -> Bool {
        guard isHealthy, let handle else { return false }
        // A terminated backend sends its FATAL message and then closes: the first read takes the message and
        // only a later one sees end-of-file, so read until nothing more is waiting (a few rounds at most).
        for _ in 0..<4 {
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 0)
            if ready == 0 { break }
            guard ready > 0, (try? consumeInput(handle)) != nil else { return false }
        }
        // Notifications for a session nobody listens on any more are dropped here.
        _ = drainNotifications(handle)
        return isHealthy
    }

    /// Puts a returned connection back into the state a new borrower expects; false means discard it.
    /// A connection still inside a transaction (a borrower ran BEGIN and never finished) is not worth saving.
    func resetForReuse() -> Bool {
        guard isHealthy, let handle, transactionDepth == 0, PQtransactionStatus(handle) == PQTRANS_IDLE else {
            return false
        }
        if hasListened {
            guard (try? unlistenAll()) != nil else { return false }
            hasListened = false
            _ = drainNotifications(handle)
        }
        return true
    }
}
