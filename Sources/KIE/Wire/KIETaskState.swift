/// `data.state` of a Market task. KIE polls on the first three; anything unknown is read as still running,
/// so a new state name KIE might add never ends a video early.
public enum KIETaskState: String, Sendable, Hashable, CaseIterable, Codable {
    case waiting
    case queuing
    case generating
    case success
    case fail

    public init(wire: String?) {
        self = wire.flatMap(KIETaskState.init(rawValue:)) ?? .generating
    }

    public var isFinished: Bool {
        self == .success || self == .fail
    }
}
