/// How big a photo the pipeline decodes. A 40-megapixel photo is larger than any phone camera makes, and decoding it
/// takes about 160 MB; a few hundred bytes of header may claim billions of pixels (a decompression bomb).
struct PhotoLimits: Sendable {
    var maxPixels = 40_000_000
    var maxSide = 12_000

    /// The photo's header, read from `bytes` and checked against the limits, before anything decodes it.
    func check(_ bytes: [UInt8]) throws(PhotoRefusal) -> ImageHeader {
        let header: ImageHeader
        do {
            header = try ImageHeader.read(bytes)
        } catch {
            throw PhotoRefusal(reason: .unreadable(error))
        }
        guard header.width <= maxSide, header.height <= maxSide, header.pixels <= maxPixels else {
            throw PhotoRefusal(reason: .tooManyPixels(width: header.width, height: header.height))
        }
        return header
    }
}

/// A photo the pipeline will not decode or hand to KIE. Permanent: the same bytes are refused every time, so
/// nothing that meets one retries.
struct PhotoRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    enum Reason: Sendable, Equatable {
        /// Not a JPEG, PNG or WebP, or a header that cannot be read.
        case unreadable(ImageHeader.Rejection)
        case tooManyPixels(width: Int, height: Int)
        /// The header was fine but the decoder failed or ran out of its CPU or memory allowance.
        case undecodable(String)
    }

    let reason: Reason

    var description: String {
        switch reason {
        case .unreadable(.unknownFormat): "photo refused: not a JPEG, PNG or WebP"
        case .unreadable(.truncated): "photo refused: its header is cut short"
        case .unreadable(.malformed(let problem)): "photo refused: \(problem)"
        case .tooManyPixels(let width, let height): "photo refused: \(width)x\(height) pixels is too many to decode"
        case .undecodable(let problem): "photo refused: \(problem)"
        }
    }
}
