import LLM
import Testing

@Suite("PromptTemplates")
struct PromptTemplatesTests {
    @Test("every count gives that many distinct prompts", arguments: [1, 3, 5, 7, 10])
    func distinct(count: Int) {
        let prompts = PromptTemplates.prompts(description: "Red leather sneakers", count: count, format: "9:16")
        #expect(prompts.count == count)
        #expect(Set(prompts).count == count)
    }

    @Test("each prompt embeds the description and the framing, and is deterministic")
    func embedsDescriptionAndFraming() {
        let vertical = PromptTemplates.prompts(description: "Red leather sneakers", count: 5, format: "9:16")
        #expect(vertical.allSatisfy { $0.contains("the product (Red leather sneakers)") && $0.contains("Vertical 9:16 framing") })
        #expect(vertical == PromptTemplates.prompts(description: "Red leather sneakers", count: 5, format: "9:16"))

        let horizontal = PromptTemplates.prompts(description: nil, count: 3, format: "16:9")
        #expect(horizontal.allSatisfy { $0.contains("the product ") && $0.contains("Horizontal 16:9 framing") })
        #expect(!horizontal.contains { $0.contains("(") })
    }

    @Test("the five scenes differ in camera move and light")
    func scenesDiffer() {
        let prompts = PromptTemplates.prompts(description: nil, count: 5, format: "9:16")
        for (index, marker) in ["turntable", "dolly-in", "tabletop", "rim light", "outdoor daylight"].enumerated() {
            #expect(prompts[index].lowercased().contains(marker))
        }
    }

    @Test("the description is sanitised before it is embedded; an emptied one becomes the product")
    func descriptionSanitised() {
        let prompts = PromptTemplates.prompts(description: "Лучший чайник за 1990 ₽, звоните +7 912 345 67 89",
                                              count: 1, format: "9:16")
        #expect(prompts[0].contains("the product (чайник за, звоните)"))
        #expect(PromptTemplates.prompts(description: " https://x.com ", count: 1, format: "9:16")[0]
            .contains("of the product on"))
        #expect(PromptTemplates.prompts(description: nil, count: 0, format: "9:16").isEmpty)
    }
}
