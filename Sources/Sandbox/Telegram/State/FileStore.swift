/// Files the stand-in holds: what fake users uploaded and what the bot sent. Each has a file_id (for getFile and
/// re-sending) and a file_path (for `/file/bot<token>/<file_path>`).
struct FileStore: Sendable {
    struct StoredFile: Sendable {
        var fileID: String
        var fileUniqueID: String
        var filePath: String
        var kind: Kind
        var bytes: [UInt8]
        /// Counts up from 1 in the order files were added.
        var number: Int
    }

    enum Kind: String, Sendable {
        case photo = "photos"
        case document = "documents"
        case video = "videos"
    }

    private var byID: [String: StoredFile] = [:]
    private var idByPath: [String: String] = [:]
    private var lastNumber = 0

    mutating func add(_ bytes: [UInt8], kind: Kind, fileExtension: String) -> StoredFile {
        lastNumber += 1
        let unique = "AgAD\(kind.rawValue.prefix(2).uppercased())\(lastNumber)"
        let file = StoredFile(
            fileID: "\(unique)-\(String(lastNumber * 7919, radix: 36))",
            fileUniqueID: unique,
            filePath: "\(kind.rawValue)/file_\(lastNumber).\(fileExtension)",
            kind: kind,
            bytes: bytes,
            number: lastNumber)
        byID[file.fileID] = file
        idByPath[file.filePath] = file.fileID
        return file
    }

    func file(id: String) -> StoredFile? {
        byID[id]
    }

    func file(path: String) -> StoredFile? {
        idByPath[path].flatMap { byID[$0] }
    }

    /// The file added last whose content is `bytes`.
    func newest(with bytes: [UInt8]) -> StoredFile? {
        byID.values.filter { $0.bytes == bytes }.max { $0.number < $1.number }
    }
}
