import CLibPQ

/// Receives the notices and unsolicited errors libpq reads for one connection.
///
/// Installing it also keeps libpq from printing notices to stderr (a library never prints). Its real job: an
/// idle session that the server terminates (`pg_terminate_backend`, shutdown) receives a FATAL error outside
/// any query, which libpq hands to the notice receiver; remembering it lets the pool discard the connection
/// before lending it, even when the socket's end-of-file has not arrived yet.
final class NoticeObserver {
    private(set) var sawFatalError = false

    func install(on handle: OpaquePointer) {
        PQsetNoticeReceiver(handle, { context, result in
            guard let context, let result else { return }
            let observer = Unmanaged<NoticeObserver>.fromOpaque(context).takeUnretainedValue()
            observer.receive(result)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    private func receive(_ result: OpaquePointer) {
        // PG_DIAG_SEVERITY_NONLOCALIZED: "FATAL" or "PANIC" whatever the server's language.
        guard let severity = PQresultErrorField(result, Int32(UInt8(ascii: "V"))) else { return }
        let text = String(cString: severity)
        if text == "FATAL" || text == "PANIC" { sawFatalError = true }
    }
}
