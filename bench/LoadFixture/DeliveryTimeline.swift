import Postgres

/// From the first order to the last delivery, by the database's clock.
struct DeliveryTimeline {
    var videosPerSecond = 0.0
    var line = "throughput: no video delivered"

    static func read(_ pool: PostgresPool) throws -> DeliveryTimeline {
        var timeline = DeliveryTimeline()
        guard let first = try pool.query("SELECT extract(epoch FROM min(created_at))::float8 AS t FROM orders")
            .first?.decode("t", as: Double?.self) ?? nil else { return timeline }
        let deliveries = try pool.query("""
            SELECT extract(epoch FROM delivered_at)::float8 AS t FROM videos WHERE state = 'delivered' ORDER BY delivered_at
            """).map { try $0.decode("t", as: Double.self) - first }
        guard let firstDelivery = deliveries.first, let last = deliveries.last, last > 0 else { return timeline }
        timeline.videosPerSecond = Double(deliveries.count) / last
        timeline.line = String(
            format: "throughput: %d videos delivered %.1f s after the first order: %.2f videos/s (the first delivered "
                    + "after %.1f s, half after %.1f s)",
            deliveries.count, last, timeline.videosPerSecond, firstDelivery, deliveries[deliveries.count / 2])
        return timeline
    }
}
