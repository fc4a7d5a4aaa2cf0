/// The text of Telegram's errors (after "Bad Request: "). Where Telegram's own wording for a case is known it
/// is used (message text, captions, callback data, keyboard buttons); every other case follows its style.
enum TelegramWording {
    static func missingParameter(_ name: String) -> String {
        switch name {
        case "text": "message text is empty"
        case "chat_id": "chat_id is empty"
        case "video", "photo", "document", "audio", "animation", "voice", "sticker": "there is no \(name) in the request"
        default: "parameter \"\(name)\" is required"
        }
    }

    static func missingField(_ place: ValuePlace) -> String {
        "\(prefix(place))field \"\(place.fieldName)\" is required"
    }

    static func wrongType(_ place: ValuePlace, expected: [SpecTypeExpression]) -> String {
        let types = expected.map(\.description).joined(separator: " or ")
        switch place {
        case .parameter(_, let field): return "parameter \"\(field)\" must be of type \(types)"
        case .field: return "\(prefix(place))field \"\(place.fieldName)\" must be of type \(types)"
        }
    }

    static func unparsable(_ place: ValuePlace) -> String {
        "can't parse \(humanName(ofParameter: place.fieldName)) JSON object"
    }

    static func tooShort(_ place: ValuePlace, range: ClosedRange<Int>, unit: FieldLimits.LengthUnit) -> String {
        switch place {
        case .parameter("sendMessage", "text"), .parameter("editMessageText", "text"): "message text is empty"
        case .field("InlineKeyboardButton", "callback_data"): "BUTTON_DATA_INVALID"
        default: lengthMessage(place, range: range, unit: unit)
        }
    }

    static func tooLong(_ place: ValuePlace, range: ClosedRange<Int>, unit: FieldLimits.LengthUnit) -> String {
        switch place {
        case .parameter("sendMessage", "text"), .parameter("editMessageText", "text"): "message is too long"
        case .parameter(_, "caption"): "message caption is too long"
        case .field("InlineKeyboardButton", "callback_data"): "BUTTON_DATA_INVALID"
        default: lengthMessage(place, range: range, unit: unit)
        }
    }

    static func outOfRange(_ place: ValuePlace, range: ClosedRange<Int64>) -> String {
        "\(prefix(place))\(subject(place)) must be between \(range.lowerBound) and \(range.upperBound)"
    }

    static func tooManyItems(_ place: ValuePlace, max: Int) -> String {
        "\(prefix(place))\(subject(place)) must have at most \(max) elements"
    }

    static func exactlyOneViolated(typeName: String, rule: ExactlyOneRule, usedCount: Int) -> String {
        if typeName == "InlineKeyboardButton" && usedCount == 0 {
            return "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        }
        let exempt = rule.exempt.joined(separator: ", ")
        return "can't parse \(humanName(ofType: typeName)): exactly one of the fields other than \(exempt) must be used"
    }

    private static func lengthMessage(_ place: ValuePlace, range: ClosedRange<Int>,
                                      unit: FieldLimits.LengthUnit) -> String {
        let unitName = unit == .bytes ? "bytes" : "characters"
        return "\(prefix(place))\(subject(place)) must be \(range.lowerBound)-\(range.upperBound) \(unitName) long"
    }

    private static func subject(_ place: ValuePlace) -> String {
        switch place {
        case .parameter(_, let field): "parameter \"\(field)\""
        case .field(_, let field): "field \"\(field)\""
        }
    }

    private static func prefix(_ place: ValuePlace) -> String {
        switch place {
        case .parameter: ""
        case .field(let type, _): "can't parse \(humanName(ofType: type)): "
        }
    }

    /// "reply_markup" → "reply keyboard markup", as Telegram names it; others by their words.
    private static func humanName(ofParameter name: String) -> String {
        name == "reply_markup" ? "reply keyboard markup" : name.replacing("_", with: " ")
    }

    /// "InlineKeyboardButton" → "inline keyboard button".
    static func humanName(ofType name: String) -> String {
        var words: [String] = []
        for character in name {
            if character.isUppercase || words.isEmpty {
                words.append(String(character).lowercased())
            } else {
                words[words.count - 1].append(character)
            }
        }
        return words.joined(separator: " ")
    }
}
