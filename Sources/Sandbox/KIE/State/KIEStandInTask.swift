import KIE

/// One task as the stand-in keeps it; tests read these back.
public struct KIEStandInTask: Sendable {
    public let id: String
    public let apiKey: String
    public let model: String
    public let prompt: String
    /// Every photo URL the model's image field held; KIE fetches them all.
    public let imageURLs: [String]
    /// What the task asked the video to be: its length, shape and resolution.
    let video: VideoRequest
    public let callbackURL: String?
    /// The createTask body as received, re-serialised (KIE echoes it as `param`).
    public let param: String
    public internal(set) var state: KIETaskState
    public internal(set) var failCode: String?
    public internal(set) var failMessage: String?
    public internal(set) var resultURL: String?
    public let createdAt: Int64
    public internal(set) var updatedAt: Int64
    public internal(set) var completedAt: Int64?
    public let creditsCharged: Double
    /// Callback POSTs answered with 2xx.
    public internal(set) var callbacksDelivered: Int
    var plan: TaskPlan
    var resultFile: String?

    /// The photo the video is made from: the first of `imageURLs`.
    public var imageURL: String { imageURLs.first ?? "" }
}

/// One attempt to post a callback.
public struct KIEDeliveredCallback: Sendable {
    public let taskID: String
    public let url: String
    /// The callback's `code`: 200 for success, 501 for failure.
    public let code: Int
    /// The receiver's HTTP status; nil when it could not be reached.
    public let httpStatus: Int?
    public let signed: Bool
    public let body: [UInt8]

    public var delivered: Bool { httpStatus.map { (200..<300).contains($0) } ?? false }
}

/// One createTask call that got past authentication.
public struct KIECreateCall: Sendable {
    public let apiKey: String
    public let model: String?
    /// The code answered: 200 when a task was created.
    public let code: Int
    public let taskID: String?
}
