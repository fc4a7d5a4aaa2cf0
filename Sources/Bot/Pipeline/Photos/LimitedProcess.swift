import Dispatch
import Foundation

/// A helper program run on untrusted bytes: under ceilings on its address space, CPU time and file size, in a
/// process group of its own, killed with that whole group when its wall-clock budget runs out.
///
/// The ceilings are rlimits set by util-linux's `prlimit`, which sets them on itself and then execs the helper (same
/// pid). Foundation's `Process` cannot set rlimits, forking this multithreaded process to call setrlimit before exec
/// is not safe from Swift, and util-linux is essential on Debian, so prlimit is on every host. Foundation starts each
/// child as the leader of a new process group (a test holds it to that), so one kill reaches whatever it started.
struct LimitedProcess: Sendable {
    struct Limits: Sendable, Equatable {
        var addressSpaceBytes: Int
        var cpuSeconds: Int
        var fileSizeBytes: Int
        var wallClock: Duration
    }

    enum Outcome: Sendable, Equatable {
        case exited(status: Int32)
        /// Ended by a signal: SIGXCPU or SIGKILL past the CPU ceiling, SIGXFSZ past the file one, a crash.
        case signalled(Int32)
        /// Still running when the wall clock ran out; killed with its process group.
        case timedOut
    }

    let prlimit: String
    let limits: Limits

    func run(_ executable: String, _ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: prlimit)
        // No core files: a helper killed at its CPU ceiling would otherwise leave one in the working directory.
        process.arguments = ["--as=\(limits.addressSpaceBytes)", "--cpu=\(limits.cpuSeconds)",
                             "--fsize=\(limits.fileSizeBytes)", "--core=0", "--", executable] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        if ended.wait(timeout: .now() + .nanoseconds(Int(limits.wallClock.nanoseconds))) == .timedOut {
            kill(-process.processIdentifier, SIGKILL)
            ended.wait()
            return .timedOut
        }
        switch process.terminationReason {
        case .exit: return .exited(status: process.terminationStatus)
        case .uncaughtSignal: return .signalled(process.terminationStatus)
        @unknown default: return .signalled(process.terminationStatus)
        }
    }

    /// The first executable called `name` on PATH, as `/usr/bin/env` would find it.
    static func locate(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
