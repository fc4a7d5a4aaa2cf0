import Foundation

/// `timestamptz` with microsecond precision (PostgreSQL's own), always sent in UTC.
///
/// Read: ISO output (`2024-05-01 12:30:00.123456+00`, any offset, ` BC`, `infinity`), as sessions opened by
/// `PostgresConnection` use `DateStyle=ISO` and `TimeZone=UTC`. A `timestamp` without zone reads as UTC.
extension Date: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresTypeOID { .timestamptz }

    public func postgresText() throws -> String? {
        let seconds = timeIntervalSince1970
        guard seconds.isFinite else { return seconds < 0 ? "-infinity" : "infinity" }
        guard abs(seconds) < 1e14 else {
            throw PostgresError(kind: .decoding, message: "date \(seconds)s from 1970 is outside timestamptz's range")
        }
        let micros = Int64((seconds * 1_000_000).rounded())
        let (days, microsOfDay) = micros.floorDivided(by: 86_400_000_000)
        let civil = CivilDate(daysSince1970: days)
        let secondOfDay = microsOfDay / 1_000_000
        let era = civil.year > 0 ? "" : " BC"
        let year = civil.year > 0 ? civil.year : 1 - civil.year
        return "\(Self.pad(year, 4))-\(Self.pad(civil.month, 2))-\(Self.pad(civil.day, 2)) "
            + "\(Self.pad(secondOfDay / 3600, 2)):\(Self.pad(secondOfDay / 60 % 60, 2)):\(Self.pad(secondOfDay % 60, 2))"
            + ".\(Self.pad(microsOfDay % 1_000_000, 6))+00\(era)"
    }

    public init(postgresText text: String, type: PostgresTypeOID) throws {
        switch text {
        case "infinity": self = .distantFuture
        case "-infinity": self = .distantPast
        default:
            var scanner = TimestampScanner(text)
            guard let micros = scanner.microsecondsSince1970() else { throw PostgresError.decoding(text, as: Date.self) }
            // Dividing the exact integer once gives the Double nearest the true instant.
            self = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        }
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Int64 {
    /// Quotient rounded toward negative infinity and the non-negative remainder that goes with it.
    func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = self % divisor
        return remainder < 0 ? (self / divisor - 1, remainder + divisor) : (self / divisor, remainder)
    }
}

/// A proleptic Gregorian date; conversions from Howard Hinnant's `days_from_civil` / `civil_from_days`.
struct CivilDate {
    /// Astronomical numbering: 0 is 1 BC.
    var year: Int64
    var month: Int64
    var day: Int64

    init(year: Int64, month: Int64, day: Int64) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(daysSince1970 days: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let marchMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
        month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    var daysSince1970: Int64 {
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
