/// The colour a person would name a pixel, in English and Russian (the nominative for a list of colours, the
/// prepositional for "на … фоне"), told from its hue, lightness and chroma.
enum ColourName: String, Sendable, CaseIterable {
    case white, lightGrey, grey, darkGrey, black
    case red, burgundy, pink, orange, yellow, beige, brown
    case green, darkGreen, teal, lightBlue, blue, navy, purple

    var english: String {
        switch self {
        case .white: "white"
        case .lightGrey: "light grey"
        case .grey: "grey"
        case .darkGrey: "dark grey"
        case .black: "black"
        case .red: "red"
        case .burgundy: "burgundy"
        case .pink: "pink"
        case .orange: "orange"
        case .yellow: "yellow"
        case .beige: "beige"
        case .brown: "brown"
        case .green: "green"
        case .darkGreen: "dark green"
        case .teal: "teal"
        case .lightBlue: "light blue"
        case .blue: "blue"
        case .navy: "navy"
        case .purple: "purple"
        }
    }

    /// "белый", "светло-серый" …
    var russian: String { Self.russianForms[self]?.nominative ?? english }

    /// "белом", "светло-сером" … as in "на белом фоне".
    var russianPrepositional: String { Self.russianForms[self]?.prepositional ?? english }

    private static let russianForms: [ColourName: (nominative: String, prepositional: String)] = [
        .white: ("белый", "белом"), .lightGrey: ("светло-серый", "светло-сером"), .grey: ("серый", "сером"),
        .darkGrey: ("тёмно-серый", "тёмно-сером"), .black: ("чёрный", "чёрном"), .red: ("красный", "красном"),
        .burgundy: ("бордовый", "бордовом"), .pink: ("розовый", "розовом"), .orange: ("оранжевый", "оранжевом"),
        .yellow: ("жёлтый", "жёлтом"), .beige: ("бежевый", "бежевом"), .brown: ("коричневый", "коричневом"),
        .green: ("зелёный", "зелёном"), .darkGreen: ("тёмно-зелёный", "тёмно-зелёном"), .teal: ("бирюзовый", "бирюзовом"),
        .lightBlue: ("голубой", "голубом"), .blue: ("синий", "синем"), .navy: ("тёмно-синий", "тёмно-синем"),
        .purple: ("фиолетовый", "фиолетовом"),
    ]

    init(red: UInt8, green: UInt8, blue: UInt8) {
        let r = Double(red) / 255, g = Double(green) / 255, b = Double(blue) / 255
        let high = max(r, g, b), low = min(r, g, b)
        let lightness = (high + low) / 2, chroma = high - low
        if chroma < 0.09 || (lightness > 0.92 && chroma < 0.15) {
            self = switch lightness {
            case 0.86...: .white
            case 0.66...: .lightGrey
            case 0.38...: .grey
            case 0.16...: .darkGrey
            default: .black
            }
            return
        }
        guard lightness >= 0.1 else {
            self = .black
            return
        }
        let hue: Double = switch high {
        case r: (60 * (g - b) / chroma + 360).truncatingRemainder(dividingBy: 360)
        case g: 60 * (b - r) / chroma + 120
        default: 60 * (r - g) / chroma + 240
        }
        if (15..<50).contains(hue) && lightness > 0.68 && chroma < 0.35 {
            self = .beige
        } else if (10..<45).contains(hue) && lightness < 0.42 {
            self = .brown
        } else {
            self = Self.named(hue: hue, lightness: lightness)
        }
    }

    private static func named(hue: Double, lightness: Double) -> ColourName {
        switch hue {
        case 12..<40: .orange
        case 40..<68: .yellow
        case 68..<165: lightness < 0.28 ? .darkGreen : .green
        case 165..<195: lightness > 0.7 ? .lightBlue : .teal
        case 195..<250: lightness > 0.68 ? .lightBlue : (lightness < 0.25 ? .navy : .blue)
        case 250..<290: .purple
        case 290..<345: .pink
        default: lightness < 0.3 ? .burgundy : (lightness > 0.72 ? .pink : .red)
        }
    }
}
