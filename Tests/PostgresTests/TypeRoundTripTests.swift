import Foundation
import Postgres
import Testing

@Suite struct TypeRoundTripTests {
    struct Card: Codable, Equatable, Sendable {
        struct Scene: Codable, Equatable, Sendable {
            var prompt: String
            var seconds: Double
        }
        var title: String
        var tags: [String]
        var scenes: [Scene]
        var price: Int?
    }

    /// Writes `value` into a column of `columnType` and reads it back, so both the parameter and the column
    /// decoding use the real type.
    func roundTrip<T: PostgresEncodable & PostgresDecodable>(_ value: T, columnType: String) throws -> T {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        try connection.execute("CREATE TEMP TABLE value_holder (value \(columnType))")
        try connection.execute("INSERT INTO value_holder (value) VALUES ($1)", [value])
        let rows = try connection.query("SELECT value FROM value_holder")
        #expect(rows.count == 1)
        return try #require(rows.first).decode("value", as: T.self)
    }

    @Test func integers() throws {
        #expect(try roundTrip(Int.max, columnType: "bigint") == Int.max)
        #expect(try roundTrip(Int.min, columnType: "bigint") == Int.min)
        #expect(try roundTrip(Int64(-42), columnType: "bigint") == -42)
        #expect(try roundTrip(Int32.max, columnType: "integer") == Int32.max)
        #expect(try roundTrip(Int32.min, columnType: "integer") == Int32.min)
        #expect(try roundTrip(7, columnType: "smallint") == 7)
    }

    @Test func doublesIncludingSpecialValues() throws {
        #expect(try roundTrip(3.141592653589793, columnType: "double precision") == 3.141592653589793)
        #expect(try roundTrip(-1e-300, columnType: "double precision") == -1e-300)
        #expect(try roundTrip(Double.infinity, columnType: "double precision") == .infinity)
        #expect(try roundTrip(-Double.infinity, columnType: "double precision") == -.infinity)
        #expect(try roundTrip(Double.nan, columnType: "double precision").isNaN)
    }

    @Test func booleans() throws {
        #expect(try roundTrip(true, columnType: "boolean") == true)
        #expect(try roundTrip(false, columnType: "boolean") == false)
    }

    @Test func unicodeText() throws {
        let text = "Привет, 世界! 👩‍👩‍👧 e\u{301} 'quotes' \"double\" \\backslash\\ \n\ttabs"
        #expect(try roundTrip(text, columnType: "text") == text)
        #expect(try roundTrip("", columnType: "text") == "")
    }

    @Test func textWithNULIsRejectedBeforeSending() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let error = try #require(throws: PostgresError.self) {
            try connection.query("SELECT $1::text", ["a\u{0}b"])
        }
        #expect(error.sqlState == "22021")
        #expect(connection.isHealthy)
    }

    @Test func datesKeepMicroseconds() throws {
        let dates = [
            Date(timeIntervalSince1970: 1_700_000_000.123456),
            Date(timeIntervalSince1970: 0),
            Date(timeIntervalSince1970: -1_234_567_890.000001),
            Date(timeIntervalSince1970: 4_102_444_799.999999),
            Date(timeIntervalSince1970: -62_135_596_800),
        ]
        for date in dates {
            #expect(try roundTrip(date, columnType: "timestamptz") == date)
        }
    }

    @Test func datesAreReadInAnyOffsetAndAsUTC() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let row = try #require(try connection.query("""
            SELECT '2024-02-29 23:59:58.5+05:30'::timestamptz AS shifted,
                   '2024-02-29 18:29:58.5'::timestamp AS naive,
                   to_char($1::timestamptz, 'YYYY-MM-DD HH24:MI:SS.US') AS formatted
            """, [Date(timeIntervalSince1970: 1_709_231_398.5)]).first)
        let expected = Date(timeIntervalSince1970: 1_709_231_398.5)
        #expect(try row.decode("shifted", as: Date.self) == expected)
        #expect(try row.decode("naive", as: Date.self) == expected)
        #expect(try row.decode("formatted", as: String.self) == "2024-02-29 18:29:58.500000")
    }

    @Test func datesBeforeTheCommonEra() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let row = try #require(try connection.query("SELECT '0044-03-15 12:00:00+00 BC'::timestamptz AS ides").first)
        let ides = try row.decode("ides", as: Date.self)
        #expect(try roundTrip(ides, columnType: "timestamptz") == ides)
        let text = try #require(try connection.query("SELECT $1::timestamptz::text AS t", [ides]).first)
        #expect(try text.decode("t", as: String.self) == "0044-03-15 12:00:00+00 BC")
    }

    @Test func byteaWithEveryByteValue() throws {
        let bytes = (0...255).map { UInt8($0) } + [0, 0, 255]
        #expect(try roundTrip(bytes, columnType: "bytea") == bytes)
        #expect(try roundTrip([UInt8](), columnType: "bytea") == [])
    }

    @Test func uuids() throws {
        let id = UUID()
        #expect(try roundTrip(id, columnType: "uuid") == id)
    }

    @Test func jsonbWithNestedCodable() throws {
        let card = Card(title: "Кроссовки «Air»", tags: ["shoes", "😀"],
                        scenes: [.init(prompt: "run \"fast\"", seconds: 2.5), .init(prompt: "", seconds: 0)], price: nil)
        #expect(try roundTrip(PostgresJSON(card), columnType: "jsonb").value == card)
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let row = try #require(try connection.query("SELECT $1::jsonb -> 'scenes' -> 0 ->> 'prompt' AS prompt",
                                                    [PostgresJSON(card)]).first)
        #expect(try row.decode("prompt", as: String.self) == "run \"fast\"")
    }

    @Test func nullsRoundTripAsNilForEveryType() throws {
        #expect(try roundTrip(Int?.none, columnType: "bigint") == nil)
        #expect(try roundTrip(Int32?.none, columnType: "integer") == nil)
        #expect(try roundTrip(Int64?.none, columnType: "bigint") == nil)
        #expect(try roundTrip(Double?.none, columnType: "double precision") == nil)
        #expect(try roundTrip(Bool?.none, columnType: "boolean") == nil)
        #expect(try roundTrip(String?.none, columnType: "text") == nil)
        #expect(try roundTrip(Date?.none, columnType: "timestamptz") == nil)
        #expect(try roundTrip([UInt8]?.none, columnType: "bytea") == nil)
        #expect(try roundTrip(UUID?.none, columnType: "uuid") == nil)
        #expect(try roundTrip(PostgresJSON<Card>?.none, columnType: "jsonb") == nil)
        #expect(try roundTrip(Int?.some(5), columnType: "bigint") == 5)
    }

    @Test func nullIntoNonOptionalIsADecodingError() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let row = try #require(try connection.query("SELECT NULL::int AS missing, 'abc' AS word").first)
        #expect(row.isNull("missing"))
        #expect(!row.isNull("word"))
        #expect(try row.decode("missing", as: Int?.self) == nil)
        let nullError = try #require(throws: PostgresError.self) { try row.decode("missing", as: Int.self) }
        #expect(nullError.kind == .decoding)
        let typeError = try #require(throws: PostgresError.self) { try row.decode("word", as: Int.self) }
        #expect(typeError.kind == .decoding)
        let nameError = try #require(throws: PostgresError.self) { try row.decode("nope", as: String.self) }
        #expect(nameError.kind == .decoding)
        #expect(try row.decode(at: 1, as: String.self) == "abc")
        #expect(throws: PostgresError.self) { try row.decode(at: 2, as: String.self) }
    }
}
