/// Every video is delivered or refunded within this long of its order (brief §4).
public enum VideoDeadline {
    public static let standard: Duration = .seconds(30 * 60)
}
