import Foundation
import Logging
import Postgres

/// `GET /media/<name>`: product photos fitted for KIE, served only through signed, unexpired links. Hosts share
/// nothing but PostgreSQL, so the host KIE reaches may not be the one that prepared the photo: it prepares it again
/// from Telegram's copy.
struct MediaFiles: Sendable {
    let pool: PostgresPool
    let links: MediaLinks
    let photos: ProductPhotos
    let logger: Logger

    /// The file's path, or nil for a bad link or an unknown name; names are plain (no paths).
    func path(name: String, expiry: String?, signature: String?) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, ProductPhotos.safeName(String(parts[0])) == parts[0], !parts[0].isEmpty,
              parts[1] == "jpg", links.verifyMedia(name: name, expiry: expiry, signature: signature)
        else { return nil }
        let path = photos.mediaPath(name: name)
        if FileManager.default.fileExists(atPath: path) { return path }
        do {
            return try prepareHere(name: name)
        } catch {
            logger.warning("could not prepare a product photo again", metadata: ["name": "\(name)", "error": "\(error)"])
            return nil
        }
    }

    private func prepareHere(name: String) throws -> String? {
        guard let (orderID, format) = ProductPhotos.order(ofPreparedName: name),
              let photo = try pool.withConnection({ try Orders.photo(orderID: orderID, on: $0) })
        else { return nil }
        let original = try photos.original(fileID: photo.fileID, uniqueID: photo.fileUniqueID)
        return photos.mediaPath(name: try photos.prepared(original: original, orderID: orderID, format: format))
    }
}
