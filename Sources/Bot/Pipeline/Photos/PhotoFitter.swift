/// Fits a checked photo into a video's frame with ffmpeg, confined: only the demuxer and decoder of the kind its
/// header showed, only local files, one thread, under `LimitedProcess`'s ceilings.
struct PhotoFitter: Sendable {
    /// The wall clock ran out. Unlike a refusal this may be the machine's load rather than the photo, so the
    /// caller's job retries it (a bounded number of times).
    struct TimedOut: Error, CustomStringConvertible {
        var description: String { "ffmpeg did not finish within its time limit" }
    }

    /// ffmpeg and how it runs; nil when it (or prlimit, without which it is never run) is missing: then photos go to
    /// KIE as they came, which loses the fitting, not the order.
    private let ffmpeg: (path: String, process: LimitedProcess)?
    /// Passed to the decoder as well, as a second line behind the header check: decoders round sizes up to their
    /// block size, so it is the header limit with room for that.
    let decoderMaxPixels: Int

    /// A 40-megapixel photo decodes in about 120–180 MB and a second or two of CPU; the ceilings leave ample room
    /// for that and none for a photo that needs far more.
    static let defaultLimits = LimitedProcess.Limits(addressSpaceBytes: 1 << 30, cpuSeconds: 20,
                                                     fileSizeBytes: 16 << 20, wallClock: .seconds(30))

    init(ffmpeg: String?, prlimit: String?, limits: LimitedProcess.Limits = Self.defaultLimits, photoLimits: PhotoLimits) {
        if let ffmpeg, let prlimit {
            self.ffmpeg = (ffmpeg, LimitedProcess(prlimit: prlimit, limits: limits))
        } else {
            self.ffmpeg = nil
        }
        decoderMaxPixels = photoLimits.maxPixels * 2
    }

    /// The ffmpeg and prlimit on PATH.
    static func installed(photoLimits: PhotoLimits) -> PhotoFitter {
        PhotoFitter(ffmpeg: LimitedProcess.locate("ffmpeg"), prlimit: LimitedProcess.locate("prlimit"),
                    photoLimits: photoLimits)
    }

    /// Writes `original` scaled and padded to `width`×`height` as a JPEG at `output`. False when ffmpeg is not
    /// available; throws `PhotoRefusal` when it fails on the photo and `TimedOut` when it runs out of time.
    func fit(_ original: String, kind: ImageHeader.Kind, to output: String, width: Int, height: Int) throws -> Bool {
        guard let ffmpeg else { return false }
        let filter = "scale=\(width):\(height):force_original_aspect_ratio=decrease,"
            + "pad=\(width):\(height):(ow-iw)/2:(oh-ih)/2:color=white"
        let (demuxer, decoder) = Self.reader(for: kind)
        let arguments = [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-threads", "1", "-filter_threads", "1",
            // Input: this kind's image demuxer and decoder only, local files only (no playlist reaching the network).
            "-protocol_whitelist", "file", "-f", demuxer, "-c:v", decoder, "-max_pixels", "\(decoderMaxPixels)",
            "-i", "file:" + original,
            "-frames:v", "1", "-vf", filter, "-q:v", "3", "-f", "image2", "-update", "1", "file:" + output,
        ]
        switch try ffmpeg.process.run(ffmpeg.path, arguments) {
        case .exited(status: 0): return true
        case .timedOut: throw TimedOut()
        case .exited(let status): throw PhotoRefusal(reason: .undecodable("ffmpeg failed with status \(status)"))
        case .signalled(let signal): throw PhotoRefusal(reason: .undecodable("ffmpeg was stopped by signal \(signal)"))
        }
    }

    private static func reader(for kind: ImageHeader.Kind) -> (demuxer: String, decoder: String) {
        switch kind {
        case .jpeg: ("jpeg_pipe", "mjpeg")
        case .png: ("png_pipe", "png")
        case .webp: ("webp_pipe", "webp")
        }
    }
}
