import Foundation

/// A download in progress: written under a temporary name beside its destination and renamed into place
/// only when complete, so nobody sees a partial file and a failure leaves nothing behind.
final class DownloadFile {
    private let temporaryPath: String
    private let finalPath: String
    private var descriptor: Int32

    init(finalPath: String) throws {
        self.finalPath = finalPath
        // Same directory, so the final rename is atomic; a random suffix and O_EXCL keep concurrent
        // downloads of the same path from sharing a temporary file.
        temporaryPath = finalPath + ".partial-" + String(UInt64.random(in: .min ... .max), radix: 16)
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw HTTPClientError.transport("cannot create download file: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes all of `chunk`; returns errno on failure.
    func write(_ chunk: UnsafeRawBufferPointer) -> Int32? {
        guard let base = chunk.baseAddress else { return nil }
        var offset = 0
        while offset < chunk.count {
            let written = Foundation.write(descriptor, base + offset, chunk.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// Flushes the file to disk and moves it to its final name.
    func commit() throws {
        // fsync first: after a crash the final name must never point at a file whose data was lost.
        let flushed = fsync(descriptor) == 0
        let closed = close(descriptor) == 0
        descriptor = -1
        guard flushed, closed, rename(temporaryPath, finalPath) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw HTTPClientError.transport("cannot store download: \(reason)")
        }
    }

    /// Removes the partial file; does nothing once committed.
    func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporaryPath)
    }
}
