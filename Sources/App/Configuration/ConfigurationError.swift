/// Stops the start with one line that names the variable at fault.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let variable: String
    public let problem: String

    public var description: String { "configuration: \(variable) \(problem)" }
}
