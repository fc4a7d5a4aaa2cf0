import Foundation

/// The queue-worker-fixture executable running `work` against a test database: the "other process" of the
/// multi-process tests. Its output goes to a file, shown when a test fails.
final class WorkerProcess: @unchecked Sendable {
    private let process = Process()
    let outputFile: URL

    /// The fixture is built next to the test bundle (JobQueueTests depends on it).
    static var executable: URL {
        let bundleDirectory = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                                  ?? CommandLine.arguments[0]).deletingLastPathComponent()
        return bundleDirectory.appendingPathComponent("queue-worker-fixture")
    }

    init(databaseURL: String, options: [String] = []) throws {
        outputFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("queue-worker-fixture-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: outputFile.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let output = try FileHandle(forWritingTo: outputFile)
        process.executableURL = Self.executable
        process.arguments = ["work", databaseURL] + options
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try output.close()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    /// The graceful stop a service manager would ask for.
    func terminate() { process.terminate() }

    /// A crash: no handler runs, nothing is handed back.
    func kill() { _ = Foundation.kill(process.processIdentifier, SIGKILL) }

    /// Waits for the process to exit; returns its status, or nil if it is still running after `timeout`.
    func waitForExit(timeout: Duration = .seconds(30)) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        if process.isRunning { kill() }
        try? FileManager.default.removeItem(at: outputFile)
    }
}
