/// `<mode> <database-url> [--name value]...`, read leniently: this is a test fixture, not a user-facing tool.
struct FixtureArguments {
    struct Missing: Error, CustomStringConvertible {
        let what: String
        var description: String { "missing \(what)" }
    }

    let mode: String
    private let positional: [String]
    private let options: [String: String]

    init<S: Sequence<String>>(_ arguments: S) {
        var positional: [String] = []
        var options: [String: String] = [:]
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if argument.hasPrefix("--") {
                options[argument] = iterator.next()
            } else {
                positional.append(argument)
            }
        }
        mode = positional.first ?? ""
        self.positional = Array(positional.dropFirst())
        self.options = options
    }

    func url() throws -> String {
        guard let url = positional.first else { throw Missing(what: "database URL") }
        return url
    }

    func int(_ name: String) -> Int? {
        options[name].flatMap { Int($0) }
    }
}
