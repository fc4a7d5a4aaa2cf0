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
        let videoIDs = try Videos.create(orderID: orderID, count: draft.count, model: model, deadline: deadline, on: db)
        return PlacedOrder(id: orderID, videoIDs: videoIDs)
    }
}

extension Orders {
    public static func activeCount(userID: Int64, on db: PostgresConnection) throws -> Int {
        try db.query("SELECT count(*)::int AS n FROM orders WHERE user_id = $1 AND status = 'active'", [userID])
            .first?.decode("n", as: Int.self) ?? 0
    }

    /// One page of the seller's orders, newest first, with what each delivered and refunded; a page number past the
    /// end shows the last page.
    public static func history(userID: Int64, page: Int, on db: PostgresConnection) throws -> OrderHistoryPage {
        let total = try db.query("SELECT count(*)::int AS n FROM orders WHERE user_id = $1", [userID])
            .first?.decode("n", as: Int.self) ?? 0
        let number = OrderHistoryPage.clamp(page: page, orders: total)
        let orders = try db.query("""
            SELECT o.id, o.description, o.video_count, o.status = 'active' AS in_progress,
                   extract(year FROM o.created_at AT TIME ZONE $4)::int AS year,
                   extract(month FROM o.created_at AT TIME ZONE $4)::int AS month,
                   extract(day FROM o.created_at AT TIME ZONE $4)::int AS day,
                   count(v.id) FILTER (WHERE v.state = 'delivered')::int AS delivered,
                   count(v.id) FILTER (WHERE v.state = 'delivered' AND v.telegram_file_id IS NOT NULL)::int AS resendable,
                   count(v.id) FILTER (WHERE v.state IN ('failed', 'cancelled'))::int AS refunded
            FROM orders o LEFT JOIN videos v ON v.order_id = o.id
            WHERE o.user_id = $1
            GROUP BY o.id ORDER BY o.id DESC LIMIT $2 OFFSET $3
            """, [userID, OrderHistoryPage.size, number * OrderHistoryPage.size, OrderHistoryPage.timeZone]).map { row in
            OrderSummary(id: try row.decode("id"),
                         day: CalendarDay(year: try row.decode("year"), month: try row.decode("month"),
                                          day: try row.decode("day")),
                         description: try row.decode("description"), videoCount: try row.decode("video_count"),
                         delivered: try row.decode("delivered"), resendable: try row.decode("resendable"),
                         refunded: try row.decode("refunded"), inProgress: try row.decode("in_progress"))
        }
        return OrderHistoryPage(number: number, pageCount: OrderHistoryPage.pageCount(orders: total), orders: orders)
    }

    /// The videos of one of the seller's own orders that Telegram holds, in order; none for anyone else's order.
    public static func deliveredVideos(orderID: Int64, userID: Int64, on db: PostgresConnection) throws -> [DeliveredVideo] {
        try db.query("""
            SELECT v.position, o.video_count, v.telegram_file_id FROM videos v JOIN orders o ON o.id = v.order_id
            WHERE o.id = $1 AND o.user_id = $2 AND v.state = 'delivered' AND v.telegram_file_id IS NOT NULL
            ORDER BY v.position
            """, [orderID, userID]).map { row in
            DeliveredVideo(orderID: orderID, position: try row.decode("position"), count: try row.decode("video_count"),
                           fileID: try row.decode("telegram_file_id"))
        }
    }

    /// The Telegram photo an order was made from, whoever asks (KIE's media link, the order's preparation).
    static func photo(orderID: Int64, on db: PostgresConnection) throws -> ProductPhoto? {
        try db.query("SELECT photo_file_id, photo_unique_id FROM orders WHERE id = $1", [orderID]).first.map {
            ProductPhoto(fileID: try $0.decode("photo_file_id"), fileUniqueID: try $0.decode("photo_unique_id"))
        }
    }

    /// What the prompts for an order are written from.
    static func brief(orderID: Int64, on db: PostgresConnection) throws -> OrderBrief? {
        try db.query("""
            SELECT photo_file_id, photo_unique_id, description, format, video_count FROM orders WHERE id = $1
            """, [orderID]).first.map { row in
            OrderBrief(photo: ProductPhoto(fileID: try row.decode("photo_file_id"),
                                           fileUniqueID: try row.decode("photo_unique_id")),
                       description: try row.decode("description"),
                       format: VideoFormat(rawValue: try row.decode("format")) ?? .portrait,
                       videoCount: try row.decode("video_count"))
        }
    }

    /// The product photo fitted for KIE, by its media name.
    static func setPreparedPhoto(orderID: Int64, mediaName: String, on db: PostgresConnection) throws {
        try db.execute("UPDATE orders SET photo_path = $2 WHERE id = $1", [orderID, mediaName])
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

struct OrderBrief: Sendable {
    var photo: ProductPhoto
    var description: String?
    var format: VideoFormat
    var videoCount: Int
}

public struct PlacedOrder: Sendable, Equatable {
    public var id: Int64
    public var videoIDs: [Int64]
}
