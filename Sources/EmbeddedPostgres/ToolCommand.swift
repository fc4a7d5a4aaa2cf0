import Foundation

/// Runs a command-line tool to completion and returns what it printed.
///
/// Uses `posix_spawn` + `waitpid` rather than `Foundation.Process`: Process learns that a child exited when a pipe
/// the child inherited reaches end-of-file, and `pg_ctl start` leaves a server running that inherits it too, so
/// Process would wait for the server to stop. Here the child's output goes to a file, and everything else this
/// process opens is close-on-exec (Swift and libpq open descriptors that way).
public enum ToolCommand {
    public struct Failure: Error, CustomStringConvertible {
        public let command: String
        public let status: Int32
        public let output: String
        public var description: String {
            "\(command) exited with status \(status)" + (output.isEmpty ? "" : ":\n\(output)")
        }
    }

    public static var isRoot: Bool { geteuid() == 0 }

    /// Runs `executable`; throws `Failure` on a non-zero exit. `asServerUser` runs it as `postgres` (through
    /// `runuser`) when this process is root, because `initdb` and `pg_ctl` refuse to run as root.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], asServerUser: Bool = false) throws -> String {
        let command = asServerUser && isRoot
            ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments
            : [executable] + arguments
        let commandLine = command.joined(separator: " ")
        // The server's user may not be allowed into our working directory; every tool starts from a neutral one.
        let argv = ["/bin/sh", "-c", "cd / && exec \"$@\"", "sh"] + command
        let outputPath = NSTemporaryDirectory() + "embedded-postgres-tool-\(UUID().uuidString).log"
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else {
            throw Failure(command: commandLine, status: -1, output: "posix_spawn: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(command: commandLine, status: -1, output: "waitpid: errno \(errno)") }
        }
        let output = ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        let exited = status & 0x7f == 0
        let exitCode = (status >> 8) & 0xff
        guard exited, exitCode == 0 else {
            throw Failure(command: commandLine, status: exited ? exitCode : -1, output: output)
        }
        return output
    }
}
