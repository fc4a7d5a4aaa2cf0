import Domain
import Postgres

public enum Orders {
    /// Debits the order's cost, creates it with its videos, all in the caller's transaction. The draft key makes a
    /// replayed confirmation a no-op: nil means this draft was already ordered.
    public static func place(_ draft: OrderDraft, userID: Int64, chatID: Int64, language: Language, draftKey: String,
                             model: String, deadline: Duration, statusMessageID: Int64?,
                             on db: PostgresConnection) throws -> PlacedOrder? {
        guard let orderID = try db.query("""
            INSERT INTO orders (user_id, chat_id, video_count, format, unit_price, photo_file_id, photo_unique_id,
                                description, language, draft_key, model, status_message_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (draft_key) DO NOTHING RETURNING id
            """, [userID, chatID, draft.count, draft.format.rawValue, draft.unitPrice, draft.photo.fileID,
                  draft.photo.fileUniqueID, draft.description, language.rawValue, draftKey, model, statusMessageID]
        ).first?.decode("id", as: Int64.self) else {
            return nil
        }
        try Ledger.post(userID: userID, delta: -draft.cost, reason: .orderDebit, reference: "order:\(orderID):debit",
                        orderID: orderID, on: db)
        let videoIDs = try db.query("""
            INSERT INTO videos (order_id, position, model, deadline_at)
            SELECT $1, generate_series(1, $2), $3, now() + make_interval(secs => $4) RETURNING id
            """, [orderID, draft.count, model, deadline.seconds]).map { try $0.decode("id", as: Int64.self) }
        return PlacedOrder(id: orderID, videoIDs: videoIDs.sorted())
    }
}

extension Orders {
    public static func activeCount(userID: Int64, on db: PostgresConnection) throws -> Int {
        try db.query("SELECT count(*)::int AS n FROM orders WHERE user_id = $1 AND status = 'active'", [userID])
            .first?.decode("n", as: Int.self) ?? 0
    }

    /// The seller's latest delivered videos, newest order first.
    public static func recentVideos(userID: Int64, limit: Int, on db: PostgresConnection) throws -> [DeliveredVideo] {
        try db.query("""
            SELECT v.order_id, v.position, o.video_count, v.telegram_file_id FROM videos v JOIN orders o ON o.id = v.order_id
            WHERE o.user_id = $1 AND v.state = 'delivered' AND v.telegram_file_id IS NOT NULL
            ORDER BY v.order_id DESC, v.position LIMIT $2
            """, [userID, limit]).map { row in
            DeliveredVideo(orderID: try row.decode("order_id"), position: try row.decode("position"),
                           count: try row.decode("video_count"), fileID: try row.decode("telegram_file_id"))
        }
    }

    public struct DeliveredVideo: Sendable {
        public var orderID: Int64
        public var position: Int
        public var count: Int
        public var fileID: String
    }

    /// The photo and description of one of the seller's own orders ("More with this product").
    public static func product(orderID: Int64, userID: Int64, on db: PostgresConnection)
        throws -> (photo: ProductPhoto, description: String?)? {
        guard let row = try db.query("""
            SELECT photo_file_id, photo_unique_id, description FROM orders WHERE id = $1 AND user_id = $2
            """, [orderID, userID]).first else { return nil }
        return (ProductPhoto(fileID: try row.decode("photo_file_id"), fileUniqueID: try row.decode("photo_unique_id")),
                try row.decode("description"))
    }
}

public struct PlacedOrder: Sendable, Equatable {
    public var id: Int64
    public var videoIDs: [Int64]
}
