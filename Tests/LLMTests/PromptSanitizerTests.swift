import LLM
import Testing

@Suite("PromptSanitizer")
struct PromptSanitizerTests {
    @Test("removes addresses, contacts, prices and superlative claims", arguments: [
        ("See https://shop.example.com/item?id=7 for more.", "See for more."),
        ("Visit www.brand.ru today", "Visit today"),
        ("Order at brand-store.com or mail sales@brand.com", "Order at or mail"),
        ("Write to @brand_shop in Telegram", "Write to in Telegram"),
        ("Call +7 (912) 345-67-89 now", "Call now"),
        ("Call 8 800 555 35 35", "Call"),
        ("Only $19.99 today", "Only today"),
        ("Всего 1 990 ₽ сегодня", "Всего сегодня"),
        ("За 2500 руб. и со скидкой", "За и со"),
        ("Now 30% off, great price", "Now, great"),
        ("Скидка -20% на всё", "на всё"),
        ("The best mug, #1 in Europe", "mug, in Europe"),
        ("Лучший подарок, самый лучший выбор", "подарок, выбор"),
        ("A best-selling, top-rated kettle", "A, kettle"),
    ])
    func removes(input: String, expected: String) {
        #expect(PromptSanitizer.sanitize(input) == expected)
    }

    @Test("leaves ordinary scene language, sizes and ratios alone", arguments: [
        "Slow 360° turntable, 9:16 vertical framing, 50 mm lens, 4K detail.",
        "A 2024 model year kettle on a table (matte black finish).",
        "Camera rises 30 cm over 5 seconds; soft top light.",
        "A 100% cotton t-shirt on a hanger.",
    ])
    func keeps(input: String) {
        #expect(PromptSanitizer.sanitize(input) == input)
    }
}
