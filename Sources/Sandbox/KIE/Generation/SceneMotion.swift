import Signing

/// The camera move (and colour grade) the KIE stand-in gives a scene, read from its prompt: a studio turntable
/// zooms in slowly, a lifestyle scene glides right, an orbit glides left, a close-up pushes in on a detail, an
/// unboxing settles on the product's base, a hands-on demo tilts up. Every move starts on the whole photo, as an
/// image-to-video model's first frame is the photo. A prompt naming no scene gets a move by its hash, so the same
/// prompt always moves the same way.
enum SceneMotion: String, Sendable, CaseIterable {
    case slowZoomIn
    case glideRight
    case detailPushIn
    case settleOnBase
    case tiltUp
    case glideLeft

    /// Words that name each scene; the one found earliest in the prompt wins (a prompt starts with its scene).
    static let keywords: [(word: String, motion: SceneMotion)] = [
        ("turntable", .slowZoomIn), ("studio", .slowZoomIn),
        ("lifestyle", .glideRight), ("tabletop", .glideRight), ("tracking", .glideRight),
        ("close-up", .detailPushIn), ("closeup", .detailPushIn), ("macro", .detailPushIn), ("dolly-in", .detailPushIn),
        ("unboxing", .settleOnBase), ("unbox", .settleOnBase), ("reveal", .settleOnBase),
        ("hands-on", .tiltUp), ("demo", .tiltUp), ("outdoor", .tiltUp),
        ("orbit", .glideLeft),
    ]

    init(prompt: String) {
        let text = prompt.lowercased()
        let found = Self.keywords.compactMap { keyword in
            text.range(of: keyword.word).map { (text.distance(from: text.startIndex, to: $0.lowerBound), keyword.motion) }
        }
        if let earliest = found.min(by: { $0.0 < $1.0 }) {
            self = earliest.1
        } else {
            let digest = Signing.sha256(Array(prompt.utf8))
            self = Self.allCases[Int(digest[0]) % Self.allCases.count]
        }
    }

    /// How far the camera zooms by the end; the still is made this much larger than the frame, so zooming in
    /// only ever scales down.
    var zoom: Double {
        switch self {
        case .slowZoomIn: 1.15
        case .detailPushIn: 1.3
        case .glideRight, .glideLeft, .settleOnBase, .tiltUp: 1.2
        }
    }

    /// Where in the picture the camera ends up (0 is the left or top edge, 1 the right or bottom).
    private var focus: (x: Double, y: Double) {
        switch self {
        case .slowZoomIn: (0.5, 0.5)
        case .glideRight: (1, 0.5)
        case .glideLeft: (0, 0.5)
        case .detailPushIn: (0.5, 0.3)
        case .settleOnBase: (0.5, 0.9)
        case .tiltUp: (0.5, 0)
        }
    }

    /// A mild grade applied once to the still (warm for a lifestyle scene, cool for a demo, a vignette for a close-up),
    /// so the scenes differ in look as well as in movement while the first frame stays the photo.
    var grade: String {
        switch self {
        case .slowZoomIn: "eq=brightness=0.03:contrast=1.04"
        case .glideRight: "colorbalance=rm=0.05:gm=0.01:bm=-0.05:rh=0.03:bh=-0.03"
        case .detailPushIn: "vignette=angle=PI/7"
        case .settleOnBase: "eq=saturation=1.15:brightness=0.02"
        case .tiltUp: "colorbalance=rm=-0.03:bm=0.05:bh=0.03"
        case .glideLeft: "eq=contrast=1.12:brightness=-0.03"
        }
    }

    /// The filters that move the camera over the still (`zoom` × the frame) and leave a `width`×`height` frame:
    /// the whole still at first, scaled up and drifting toward `focus` as `p` eases from 0 to 1 over `seconds`.
    func filters(width: Int, height: Int, seconds: Int) -> String {
        let p = "(1-cos(PI*min(t/\(seconds),1)))/2"
        let factor = "(1+\(zoom - 1)*\(p))"
        let x = "(0.5+\(focus.x - 0.5)*\(p))", y = "(0.5+\(focus.y - 0.5)*\(p))"
        return "scale=w='2*trunc(\(width)*\(factor)/2)':h='2*trunc(\(height)*\(factor)/2)':eval=frame:flags=fast_bilinear,"
            + "crop=\(width):\(height):x='(iw-ow)*\(x)':y='(ih-oh)*\(y)'"
    }
}
