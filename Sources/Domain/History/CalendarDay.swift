/// A date as the seller's calendar shows it; each language writes it its own way.
public struct CalendarDay: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
}
