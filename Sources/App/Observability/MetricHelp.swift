/// HELP text for every metric family the service exports, in one place so `/metrics` documents itself.
enum MetricHelp {
    static func text(for name: String) -> String {
        known[name] ?? "NeuroCards metric \(name)."
    }

    private static let known: [String: String] = [
        "http_requests_total": "HTTP requests answered, by method, route pattern and status.",
        "http_request_duration_seconds": "Time from a complete request to its response, by route pattern.",
        "http_open_connections": "HTTP connections currently open.",
        "build_info": "Always 1; the version label tells which build runs.",
        "videos_finished_total": "Videos that reached a final state, by state and failure class (none when delivered).",
        "videos_delivery_uncertain_total":
            "Videos refunded although they may have reached the chat (Telegram's answer to the upload was unclear).",
        "kie_create_errors_total": "KIE createTask refusals, by error class.",
    ]
}
