import App
import ArgumentParser
import Foundation

func loadConfiguration(_ options: ConfigurationOptions) throws -> AppConfiguration {
    try reportingConfigurationErrors {
        try AppConfiguration(environment: Environment.load(dotEnvPath: options.envFile))
    }
}

/// A bad configuration ends the start with one line that names the variable, and exit status 78 (EX_CONFIG).
func reportingConfigurationErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ConfigurationError {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(78)
    }
}
